"""Load ``references.bib`` with bibtexparser 2 into :class:`Reference` values, problems as diagnostics.

Parsing is bibtexparser's middleware stack (:data:`PARSE_STACK`, :data:`NAME_STACK`) with one step of
ours (:class:`bibsteps.ResolveMacros`). bibtexparser keeps a failed block and goes on; each failed
block, and each problem a step finds, becomes one diagnostic at its line (:mod:`refs.bibproblems`
words them). LaTeX in the fields that readers see is decoded by :mod:`refs.latex`, which never raises.
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
from bibtexparser.middlewares import (
    MonthLongStringMiddleware,
    RemoveEnclosingMiddleware,
    ResolveStringReferencesMiddleware,
    SeparateCoAuthors,
    SplitNameParts,
)
from bibtexparser.middlewares.middleware import Middleware
from bibtexparser.middlewares.names import (
    NameParts,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)

from livingreview.diagnostics import Diagnostic, Severity, warning
from livingreview.refs import bibproblems, bibsteps
from livingreview.refs.latex import decode, latex_to_text, unescape_identifier
from livingreview.writer import write_atomic

logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


@dataclass(frozen=True, slots=True)
class Author:
    family: str
    given: str = ""
    suffix: str = ""

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
    editors: tuple[Author, ...] = ()

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
    def distinct_from(self) -> set[str]:
        """Keys this entry is declared a different work from: ``x-distinct = {key1, key2}``."""
        return {k.strip() for k in self.get("x-distinct").split(",") if k.strip()}

    @property
    def first_author(self) -> str:
        return self.authors[0].family if self.authors else ""


def _person(parts: NameParts) -> Author:
    family = latex_to_text(" ".join(parts.von + parts.last))
    return Author(family, latex_to_text(" ".join(parts.first)), latex_to_text(" ".join(parts.jr)))


def parse_authors(value: str) -> tuple[tuple[Author, ...], bool]:
    """Names split by bibtexparser's own rules: braces protect a corporate name, 'von' and 'Jr' parts."""
    names = split_multiple_persons_names(value)
    others = bool(names) and names[-1].strip().lower() == "others"
    if others:
        names = names[:-1]
    return tuple(_person(parse_single_name_into_parts(n, strict=False)) for n in names), others


_CACHE_VERSION = 3
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


NAME_FIELDS = ("author", "editor")
DISPLAYED = (
    "title",
    "journal",
    "booktitle",
    "publisher",
    "school",
    "institution",
    "organization",
    "edition",
    "howpublished",
    "note",
    "series",
    "address",
    "volume",
    "number",
    "pages",
    "shorthand",
)
"""Fields whose decoded text readers see (names are decoded part by part)."""
IDENTIFIER_FIELDS = ("doi", "url", "eprint", "pmid", "pmcid", "isbn", "issn")

PARSE_STACK: tuple[type[Middleware], ...] = (
    ResolveStringReferencesMiddleware,
    bibsteps.ResolveMacros,
    RemoveEnclosingMiddleware,
    MonthLongStringMiddleware,
    bibsteps.ResolveCrossref,
)
"""Values: ``@string`` names, then ``#`` concatenation and undefined macros (ours), then enclosing
braces and month names; last, fields copied from a ``crossref`` parent (ours)."""
NAME_STACK: tuple[type[Middleware], ...] = (SeparateCoAuthors, SplitNameParts)
"""Names: split at 'and' outside braces, then into first/von/last/jr parts."""


def _parse(path: str, text: str) -> tuple[list[Reference], list[Diagnostic]]:
    problems: list[Diagnostic] = []
    text = bibproblems.control_characters(path, text, problems)
    library = bibtexparser.parse_string(text, parse_stack=[m() for m in PARSE_STACK])  # type: ignore[attr-defined]
    raw_names = {
        id(e): {f.key.lower(): str(f.value) for f in e.fields if f.key.lower() in NAME_FIELDS} for e in library.entries
    }
    for step in NAME_STACK:
        library = step().transform(library)
    for block in library.blocks:
        if isinstance(block, model.ImplicitComment):
            problems += bibproblems.stray_text(path, block)
        elif isinstance(block, model.ParsingFailedBlock) and not isinstance(block, model.MiddlewareErrorBlock):
            problems.append(bibproblems.failed_block(path, block, text))
    references = []
    for block in library.blocks:
        entry = block
        if isinstance(block, model.MiddlewareErrorBlock) and isinstance(block.ignore_error_block, model.Entry):
            entry = block.ignore_error_block
        if isinstance(entry, model.Entry):
            ref = _reference(path, entry, raw_names.get(id(entry), {}), problems)
            references.append(ref)
    if not library.entries:
        problems += bibproblems.no_entries(path, text, library)
    return references, problems


def _reference(path: str, entry: model.Entry, raw_names: dict[str, str], problems: list[Diagnostic]) -> Reference:
    fields: dict[str, str] = {}
    lines: dict[str, int] = {}
    people: dict[str, tuple[tuple[Author, ...], bool]] = {}
    line = (entry.start_line or 0) + 1
    for fld in entry.fields:
        name = fld.key.lower()
        lines[name] = fld.start_line + 1
        if name in NAME_FIELDS:
            fields[name] = raw_names.get(name, "")
            people[name] = _people_of(fld.value, fields[name])
        else:
            value = str(fld.value)
            fields[name] = unescape_identifier(value) if name in IDENTIFIER_FIELDS else value
    ref_type = entry.entry_type.lower()
    authors, others = people.get("author") or people.get("editor") or ((), False)
    texts: dict[str, str] = {}
    for name in DISPLAYED:
        if fields.get(name):
            texts[name], problem = decode(fields[name])
            if problem:
                problems.append(
                    _latex_warning(
                        path,
                        lines[name],
                        entry.key,
                        name,
                        problem,
                        "simplify the LaTeX in this field (\\href, deep braces and macros are not needed)",
                    )
                )
    for name, value in list(raw_names.items()):
        problem = next((p for part in value.split(" and ") for p in [decode(part)[1]] if p), "")
        if problem:
            problems.append(_latex_warning(path, lines[name], entry.key, name, problem))
    ref = Reference(
        key=entry.key,
        entry_type=ref_type,
        fields=fields,
        line=line,
        field_lines=lines,
        title=texts.get("title", ""),
        authors=authors,
        others=others,
        journal=texts.get("journal", "") or texts.get("booktitle", ""),
        editors=people.get("editor", ((), False))[0],
    )
    problems += bibproblems.entry_problems(path, entry, ref)
    return ref


def _people_of(value: object, raw: str) -> tuple[tuple[Author, ...], bool]:
    if not isinstance(value, list):
        return parse_authors(raw)
    parts = [p for p in value if isinstance(p, NameParts)]
    others = bool(parts) and " ".join(parts[-1].last).lower() == "others" and not parts[-1].first
    if others:
        parts = parts[:-1]
    return tuple(_person(p) for p in parts), others


def _latex_warning(path: str, line: int, key: str, name: str, problem: str, hint: str = "") -> Diagnostic:
    """W-BIB-LATEX: a field whose LaTeX the reader cannot read is shown as plain text."""
    return warning(path, line, "W-BIB-LATEX", f"entry '{key}': {name} has {problem}; shown as plain text", hint)
