"""Load ``references.bib`` with bibtexparser 2 into :class:`Reference` values, problems as diagnostics.

bibtexparser keeps a failed block and goes on; each failed block becomes one diagnostic with its
line. LaTeX in the fields that readers see (title, authors, journal) is decoded with pylatexenc.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import bibtexparser
from bibtexparser import model
from pylatexenc.latex2text import LatexNodes2Text

from livingreview.diagnostics import Diagnostic, Severity, error, warning
from livingreview.writer import write_atomic

logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "book": ("title", "year"),
    "incollection": ("author", "title", "booktitle", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "misc": (),
    "online": ("title",),
    "phdthesis": ("author", "title", "school", "year"),
    "techreport": ("author", "title", "institution", "year"),
}
"""Fields an entry of each type must have; other types need a title."""


@dataclass(frozen=True, slots=True)
class Author:
    family: str
    given: str = ""

    @property
    def short(self) -> str:
        initials = "".join(part[0] for part in re.split(r"[\s.\-]+", self.given) if part)
        return f"{self.family} {initials}".strip()


@dataclass(frozen=True, slots=True)
class Reference:
    """One bibliography entry, raw fields and the decoded text readers see."""

    key: str
    entry_type: str
    fields: dict[str, str]
    line: int
    field_lines: dict[str, int] = field(default_factory=dict)
    title: str = ""
    authors: tuple[Author, ...] = ()
    others: bool = False
    """The author list ends with 'and others'."""
    journal: str = ""

    def get(self, name: str) -> str:
        return self.fields.get(name, "").strip()

    def line_of(self, name: str) -> int:
        return self.field_lines.get(name, self.line)

    @property
    def year(self) -> str:
        return self.get("year")

    @property
    def in_review(self) -> dict[str, list[str]]:
        """Reference numbers this work has in a review's own list: ``x-in-review = {key: 36, 47; key2: 5}``."""
        found: dict[str, list[str]] = {}
        for part in self.get("x-in-review").split(";"):
            review, sep, numbers = part.partition(":")
            if sep and review.strip():
                found[review.strip()] = [n.strip() for n in numbers.split(",") if n.strip()]
        return found

    @property
    def first_author(self) -> str:
        return self.authors[0].family if self.authors else ""


_LATEX = LatexNodes2Text(math_mode="text", strict_latex_spaces=True)


def latex_to_text(value: str) -> str:
    """LaTeX markup as plain Unicode: accents, escapes, braces and simple math."""
    if "\\" not in value and "$" not in value:
        # only grouping braces and ties: no need for the (slow) LaTeX parser
        plain = value.replace("{", "").replace("}", "").replace("~", " ")
        return " ".join(plain.replace("---", "—").replace("--", "–").split())
    return " ".join(_LATEX.latex_to_text(value).split())


def parse_authors(value: str) -> tuple[tuple[Author, ...], bool]:
    names = [n.strip() for n in re.split(r"\s+and\s+", value.strip()) if n.strip()]
    others = bool(names) and names[-1].lower() == "others"
    if others:
        names = names[:-1]
    authors = []
    for name in names:
        text = latex_to_text(name)
        if "," in text:
            family, given = (part.strip() for part in text.split(",", 1))
        else:
            parts = text.rsplit(" ", 1)
            family, given = (parts[-1], parts[0]) if len(parts) == 2 else (text, "")
        authors.append(Author(family, given))
    return tuple(authors), others


_CACHE_VERSION = 2
"""Bumped whenever the cached row format changes, so old cache files are never misread."""


def load(path: str, text: str, cache_dir: Path | None = None) -> tuple[list[Reference], list[Diagnostic]]:
    """Parse BibTeX text; every block that fails becomes a diagnostic and is left out.

    With ``cache_dir``, the result for this exact text is kept as JSON keyed by its SHA-256, so an
    unchanged bibliography of thousands of entries loads in a fraction of the parse time.
    """
    if cache_dir is None:
        return _parse(path, text)
    digest = hashlib.sha256((f"{_CACHE_VERSION}\0{path}\0{text}").encode()).hexdigest()[:32]
    cache = cache_dir / f"bib-{digest}.json"
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        problems = [Diagnostic(**{**d, "severity": Severity(d["severity"])}) for d in data["problems"]]
        return [_from_json(r) for r in data["references"]], problems
    except (OSError, ValueError, KeyError, TypeError):
        pass
    references, problems = _parse(path, text)
    for old in cache_dir.glob("bib-*.json"):
        old.unlink(missing_ok=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    payload = {"references": [_to_json(r) for r in references], "problems": [_diag_json(d) for d in problems]}
    write_atomic(cache, json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return references, problems


def _to_json(ref: Reference) -> list[Any]:
    """A positional row (decoding lists is much cheaper than decoding 50,000 dicts with repeated keys)."""
    names = list(ref.fields)
    return [
        ref.key,
        ref.entry_type,
        ref.line,
        names,
        [ref.fields[n] for n in names],
        [ref.field_lines.get(n, ref.line) for n in names],
        ref.title,
        [part for a in ref.authors for part in (a.family, a.given)],
        ref.others,
        ref.journal,
    ]


def _from_json(row: list[Any]) -> Reference:
    key, entry_type, line, names, values, lines, title, authors, others, journal = row
    return Reference(
        key,
        entry_type,
        dict(zip(names, values, strict=True)),
        line,
        dict(zip(names, lines, strict=True)),
        title,
        tuple(Author(authors[i], authors[i + 1]) for i in range(0, len(authors), 2)),
        others,
        journal,
    )


def _diag_json(d: Diagnostic) -> dict[str, Any]:
    return {**asdict(d), "severity": d.severity.value}


def _parse(path: str, text: str) -> tuple[list[Reference], list[Diagnostic]]:
    library = bibtexparser.parse_string(text)  # type: ignore[attr-defined]
    problems: list[Diagnostic] = []
    for block in library.failed_blocks:
        problems.append(_failed_block(path, block))
    references = [_reference(entry) for entry in library.entries]
    for ref in references:
        if "crossref" in ref.fields:
            problems.append(
                error(
                    path,
                    ref.line_of("crossref"),
                    "E-BIB-CROSSREF",
                    f"entry '{ref.key}' uses crossref, which this site does not resolve",
                    "copy the needed fields (booktitle, editor, publisher, year) into the entry",
                )
            )
    return references, problems


def _reference(entry: model.Entry) -> Reference:
    fields = {f.key.lower(): str(f.value) for f in entry.fields}
    lines = {f.key.lower(): f.start_line + 1 for f in entry.fields}
    authors, others = parse_authors(fields.get("author", "") or fields.get("editor", ""))
    return Reference(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        fields=fields,
        line=(entry.start_line or 0) + 1,
        field_lines=lines,
        title=latex_to_text(fields.get("title", "")),
        authors=authors,
        others=others,
        journal=latex_to_text(fields.get("journal", "") or fields.get("booktitle", "")),
    )


def _failed_block(path: str, block: model.ParsingFailedBlock) -> Diagnostic:
    line = (block.start_line or 0) + 1
    if isinstance(block, model.DuplicateBlockKeyBlock):
        previous = (block.previous_block.start_line or 0) + 1
        return error(
            path,
            line,
            "E-BIB-DUPLICATE-KEY",
            f"key '{block.key}' is already used by the entry on line {previous}",
            "give each entry its own key; if both are the same paper, delete one",
        )
    if isinstance(block, model.DuplicateFieldKeyBlock):
        names = ", ".join(sorted(block.duplicate_keys))
        return error(path, line, "E-BIB-DUPLICATE-FIELD", f"entry repeats field(s) {names}", "keep one of each field")
    message = str(block.error).split("\n")[0].strip() or "the entry that starts here is never closed"
    if "aborted" in str(block.error):
        message = "entry is not closed before the next '@' block: " + str(block.error).split(":", 1)[-1].strip()
    return error(
        path,
        line,
        "E-BIBTEX-SYNTAX",
        f"BibTeX syntax error: {' '.join(message.split())}",
        "check that braces and quotes are balanced and fields are separated by commas",
    )


def missing_fields(ref: Reference) -> list[str]:
    required = REQUIRED_FIELDS.get(ref.entry_type, ("title",))
    declared = {n.strip() for n in ref.get("x-missing").split(",") if n.strip()}
    missing = [
        name
        for name in required
        if not ref.get(name) and not (name == "author" and ref.get("editor")) and name not in declared
    ]
    if not ref.get("title") and not ref.get("howpublished") and "title" not in declared:
        missing.append("title (or howpublished)")
    return missing


def unused_warning(path: str, ref: Reference) -> Diagnostic:
    return warning(
        path,
        ref.line,
        "W-BIB-UNUSED",
        f"entry '{ref.key}' is not cited anywhere",
        "cite it with [@" + ref.key + "] or remove it",
    )
