"""Load ``references.bib`` into :class:`Reference` values, problems as diagnostics, through a cache.

:mod:`refs.bibparse` parses with bibtexparser 2; an unchanged bibliography is read back from
``.cache/`` without it (see :func:`load`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from livingreview.diagnostics import Diagnostic, Severity
from livingreview.writer import write_atomic

logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # its problems are ours to word (refs/bibparse)


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


def _parse(path: str, text: str) -> tuple[list[Reference], list[Diagnostic]]:
    from livingreview.refs import bibparse  # with bibtexparser: loaded only when a text must be parsed

    return bibparse.parse(path, text)


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
