"""``fmt``: normalise ``references.bib`` and front matter, losslessly and idempotently.

BibTeX goes through bibtexparser 2 (comments, @string and @preamble blocks are blocks too, so they
survive): fields in a canonical order, two-space indent, braces. Front matter goes through
ruamel.yaml's round-trip mode (comments kept): top-level fields in schema order (study records: the
order of the review's profile), consistent indentation; the Markdown body is not touched. Before
anything is written the result is parsed again and compared with the original; if any value or
comment would be lost, the file is left alone and a diagnostic says so. Running fmt twice changes
nothing the second time.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bibtexparser
import yaml
from bibtexparser import model
from bibtexparser.middlewares import SortFieldsCustomMiddleware
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError as RuamelYAMLError

from livingreview.config import Config
from livingreview.content import records
from livingreview.content.schema import DataTable, DiseasePage, HomePage, TopicPage
from livingreview.diagnostics import Diagnostic, error

FIELD_ORDER: tuple[str, ...] = (
    "author", "editor", "title", "shorthand", "journal", "booktitle", "howpublished", "publisher",
    "year", "month", "volume", "number", "pages", "doi", "pmid", "pmcid", "isbn", "url",
    "note", "x-missing", "x-unconfirmed", "x-in-review",
)  # fmt: skip
"""Canonical field order; other fields follow in their original order."""


@dataclass(slots=True)
class FmtResult:
    changed: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


# -- BibTeX ----------------------------------------------------------------------------------
def _bib_content(text: str) -> list[tuple[str, Any]]:
    """Everything a BibTeX file says, independent of layout: blocks in order with their values."""
    library = bibtexparser.parse_string(text)  # type: ignore[attr-defined]
    out: list[tuple[str, Any]] = []
    for block in library.blocks:
        if isinstance(block, model.Entry):
            fields = sorted((f.key.lower(), " ".join(str(f.value).split())) for f in block.fields)
            out.append(("entry", (block.entry_type.lower(), block.key, fields)))
        elif isinstance(block, model.String):
            out.append(("string", (block.key, " ".join(str(block.value).split()))))
        elif isinstance(block, model.Preamble):
            out.append(("preamble", " ".join(str(block.value).split())))
        elif isinstance(block, model.ExplicitComment | model.ImplicitComment):
            text_ = " ".join(str(block.comment).split())
            if text_:
                out.append(("comment", text_))
        else:
            out.append(("failed", str(getattr(block, "raw", ""))))
    return out


def format_bibtex(text: str) -> str:
    library = bibtexparser.parse_string(  # type: ignore[attr-defined]
        text, append_middleware=[SortFieldsCustomMiddleware(order=FIELD_ORDER, case_sensitive=False)]
    )
    formatter = bibtexparser.BibtexFormat()  # type: ignore[attr-defined,no-untyped-call]
    formatter.indent = "  "
    formatter.block_separator = "\n\n"
    formatter.trailing_comma = False
    out = bibtexparser.write_string(library, bibtex_format=formatter)  # type: ignore[attr-defined]
    return re.sub(r"\n{3,}", "\n\n", out).strip("\n") + "\n"


# -- front matter ----------------------------------------------------------------------------
ORDERS: dict[str, tuple[str, ...]] = {
    "diseases": tuple(DiseasePage.model_fields),
    "topics": tuple(TopicPage.model_fields),
    "data": tuple(DataTable.model_fields),
    "": tuple(HomePage.model_fields),
}
"""Field order per content folder; ``studies`` is the order of the review's profile (:func:`run`)."""


def _yaml() -> YAML:
    y = YAML()
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096
    y.preserve_quotes = False
    return y


def _reorder(data: CommentedMap, order: tuple[str, ...]) -> CommentedMap:
    rank = {name: i for i, name in enumerate(order)}
    keys = sorted(data, key=lambda k: (rank.get(str(k), len(rank)), list(data).index(k)))
    if keys == list(data):
        return data
    new = CommentedMap()
    for key in keys:
        new[key] = data[key]
    new.ca.items.update(data.ca.items)
    new.ca.comment = data.ca.comment
    return new


def _comments(text: str) -> list[str]:
    return sorted(line.split("#", 1)[1].strip() for line in text.splitlines() if re.search(r"(^|\s)#", line))


def format_yaml(text: str, order: tuple[str, ...]) -> str:
    y = _yaml()
    data = y.load(text)
    if not isinstance(data, CommentedMap):
        return text
    out = io.StringIO()
    y.dump(_reorder(data, order), out)
    return out.getvalue()


def format_document(text: str, order: tuple[str, ...]) -> str:
    """A Markdown file with front matter: the YAML normalised, the body byte for byte."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return text
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if end is None:
        return text
    front = "\n".join(lines[1:end]) + "\n"
    return "---\n" + format_yaml(front, order) + "---\n" + "\n".join(lines[end + 1 :])


def _yaml_same(before: str, after: str) -> bool:
    return bool(yaml.safe_load(before) == yaml.safe_load(after) and _comments(before) == _comments(after))


def _split_front(text: str) -> tuple[str, str]:
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), 0)
    return "\n".join(lines[1:end]), "\n".join(lines[end + 1 :])


# -- the command -----------------------------------------------------------------------------
def run(config: Config, *, write: bool = True) -> FmtResult:
    result = FmtResult()
    bib = config.bibliography
    if bib.is_file():
        _one(config, bib, result, write, format_bibtex, lambda a, b: _bib_content(a) == _bib_content(b))
    content = config.content_dir
    review = records.from_folder(content)
    orders = {**ORDERS, "studies": review.order} if review else dict(ORDERS)
    for path in sorted(content.rglob("*.md")) + sorted((content / "data").glob("*.yaml")):
        if path.is_symlink():
            continue
        folder = path.relative_to(content).parts[0] if len(path.relative_to(content).parts) > 1 else ""
        if folder == "studies" and review is None:
            continue  # the field order is the profile's; `check` reports what is wrong with it
        order = orders.get(folder, ())
        if path.suffix == ".yaml":
            _one(config, path, result, write, lambda t, o=order: format_yaml(t, o), _yaml_same)
        else:
            _one(
                config,
                path,
                result,
                write,
                lambda t, o=order: format_document(t, o),
                lambda a, b: (
                    _yaml_same(*(_split_front(x)[0] for x in (a, b))) and _split_front(a)[1] == _split_front(b)[1]
                ),
            )
    return result


def _one(config: Config, path: Path, result: FmtResult, write: bool, fmt: Any, same: Any) -> None:
    rel = config.rel(path)
    try:
        before = path.read_text(encoding="utf-8")
        after = fmt(before)
    except (UnicodeDecodeError, ValueError, yaml.YAMLError, RuamelYAMLError) as exc:
        message = " ".join(str(exc).split())[:200]
        result.problems.append(
            error(rel, 0, "E-FMT", f"cannot format: {message}", "run check first and fix what it reports")
        )
        return
    if after == before:
        return
    if not same(before, after):
        result.problems.append(
            error(rel, 0, "E-FMT-LOSSY", "formatting would change or drop content; file left as it was", "")
        )
        return
    result.changed.append(rel)
    if write:
        path.write_text(after, encoding="utf-8")
