"""Load ``references.bib`` with bibtexparser 2 into :class:`Reference` values, problems as diagnostics.

Parsing is bibtexparser's middleware stack (:data:`PARSE_STACK`, :data:`NAME_STACK`) with one step of
ours (:class:`bibsteps.ResolveMacros`). bibtexparser keeps a failed block and goes on; each failed
block, and each problem a step finds, becomes one diagnostic at its line. LaTeX in the fields that
readers see is decoded by :mod:`refs.latex`, which never raises.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import logging
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import bibtexparser
from bibtexparser import model
from bibtexparser.library import Library
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

from livingreview.diagnostics import Diagnostic, Severity, error, warning
from livingreview.refs import bibsteps
from livingreview.refs.latex import decode, latex_to_text, unescape_identifier
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


KNOWN_TYPES = frozenset(
    [
        "article",
        "book",
        "booklet",
        "conference",
        "inbook",
        "incollection",
        "inproceedings",
        "manual",
        "mastersthesis",
        "misc",
        "phdthesis",
        "proceedings",
        "techreport",
        "unpublished",
        "online",
        "electronic",
        "www",
        "webpage",
        "report",
        "thesis",
        "patent",
        "periodical",
        "collection",
        "mvbook",
        "mvcollection",
        "mvproceedings",
        "bookinbook",
        "suppbook",
        "suppcollection",
        "suppperiodical",
        "reference",
        "mvreference",
        "inreference",
        "dataset",
        "software",
        "softwareversion",
        "set",
        "xdata",
        "standard",
        "preprint",
        "artwork",
        "softwaremodule",
        "codefragment",
        "audio",
        "image",
        "movie",
        "music",
        "performance",
        "review",
        "video",
        "letter",
        "commentary",
        "jurisdiction",
        "legislation",
        "legal",
    ]
)
"""Entry types of BibTeX and biblatex; anything else is most likely a typo."""

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
MAX_CONTROL_REPORTS = 5
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_KEY_SPACE = re.compile(r"\s")
_NO_AT = re.compile(r"^\s*([A-Za-z]+)\s*\{\s*([^\s,{}=]+)\s*,")

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
    text = _control_characters(path, text, problems)
    library = bibtexparser.parse_string(text, parse_stack=[m() for m in PARSE_STACK])  # type: ignore[attr-defined]
    raw_names = {
        id(e): {f.key.lower(): str(f.value) for f in e.fields if f.key.lower() in NAME_FIELDS} for e in library.entries
    }
    for step in NAME_STACK:
        library = step().transform(library)
    for block in library.blocks:
        if isinstance(block, model.ImplicitComment):
            problems += _stray_text(path, block)
        elif isinstance(block, model.ParsingFailedBlock) and not isinstance(block, model.MiddlewareErrorBlock):
            problems.append(_failed_block(path, block, text))
    references = []
    for block in library.blocks:
        entry = block
        if isinstance(block, model.MiddlewareErrorBlock) and isinstance(block.ignore_error_block, model.Entry):
            entry = block.ignore_error_block
        if isinstance(entry, model.Entry):
            ref = _reference(path, entry, raw_names.get(id(entry), {}), problems)
            references.append(ref)
    if not library.entries:
        problems += _no_entries(path, text, library)
    return references, problems


def _control_characters(path: str, text: str, problems: list[Diagnostic]) -> str:
    """Control characters (NUL and the like) are reported at their line and never reach a page."""
    if not _CONTROL.search(text):
        return text
    lines = [(n, _CONTROL.search(line)) for n, line in enumerate(text.split("\n"), start=1)]
    found_lines = [(n, found) for n, found in lines if found]
    for number, found in found_lines[:MAX_CONTROL_REPORTS]:
        if found:
            problems.append(
                error(
                    path,
                    number,
                    "E-BIB-CONTROL",
                    f"control character U+{ord(found.group()):04X} in the bibliography",
                    "delete it (often left by a copy from a PDF); it is left out of the site",
                )
            )
    if len(found_lines) > MAX_CONTROL_REPORTS:
        more = len(found_lines) - MAX_CONTROL_REPORTS
        problems.append(
            error(
                path,
                found_lines[MAX_CONTROL_REPORTS][0],
                "E-BIB-CONTROL",
                f"and {more} more lines with control characters",
                "",
            )
        )
    return _CONTROL.sub("", text)


def utf16_problem(path: str, text: str) -> Diagnostic | None:
    """UTF-16 without a byte-order mark decodes as UTF-8 with a NUL beside every character."""
    if text.count("\x00") * 3 < len(text) or not text:
        return None
    return error(
        path,
        1,
        "E-ENCODING",
        "the file is UTF-16 (a NUL byte beside every character), not UTF-8",
        "save the file as UTF-8 (in JabRef: File > Properties > Encoding)",
    )


def _stray_text(path: str, block: model.ImplicitComment) -> list[Diagnostic]:
    text = block.comment.strip()
    line = (block.start_line or 0) + 1
    if text.startswith("}"):
        return [
            error(
                path,
                line,
                "E-BIBTEX-SYNTAX",
                "extra '}': no entry is open here (the entry before it is already closed)",
                "delete the extra closing brace",
            )
        ]
    no_at = _NO_AT.match(text)
    if no_at and no_at.group(1).lower() in KNOWN_TYPES:
        return [
            error(
                path,
                line,
                "E-BIBTEX-SYNTAX",
                f"entry '{no_at.group(2)}' has no '@' before '{no_at.group(1)}', so BibTeX ignores it",
                f"write @{no_at.group(1)}{{{no_at.group(2)}, ...}}",
            )
        ]
    return []


def _no_entries(path: str, text: str, library: Library) -> list[Diagnostic]:
    if library.failed_blocks:
        return []
    if not text.strip():
        return [warning(path, 1, "W-BIB-EMPTY", "the bibliography is empty", "add entries such as @article{key, ...}")]
    first = next((n for n, line in enumerate(text.split("\n"), start=1) if line.strip()), 1)
    if any(isinstance(b, model.String | model.Preamble | model.ExplicitComment) for b in library.blocks):
        return [
            warning(path, 1, "W-BIB-EMPTY", "the bibliography has no entries", "add entries such as @article{key, ...}")
        ]
    return [
        error(
            path,
            first,
            "E-BIBTEX-SYNTAX",
            "the file holds no BibTeX entries (nothing starts with '@type{key,')",
            "check that this is the right file and that it is BibTeX (@article{key, title = {...}, ...})",
        )
    ]


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
                    warning(
                        path,
                        lines[name],
                        "W-BIB-LATEX",
                        f"entry '{entry.key}': {name} has {problem}; shown as plain text",
                        "simplify the LaTeX in this field (\\href, deep braces and macros are not needed)",
                    )
                )
    for name, value in list(raw_names.items()):
        problem = next((p for part in value.split(" and ") for p in [decode(part)[1]] if p), "")
        if problem:
            problems.append(
                warning(
                    path,
                    lines[name],
                    "W-BIB-LATEX",
                    f"entry '{entry.key}': {name} has {problem}; shown as plain text",
                    "",
                )
            )
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
    problems += _entry_problems(path, entry, ref)
    return ref


def _people_of(value: object, raw: str) -> tuple[tuple[Author, ...], bool]:
    if not isinstance(value, list):
        return parse_authors(raw)
    parts = [p for p in value if isinstance(p, NameParts)]
    others = bool(parts) and " ".join(parts[-1].last).lower() == "others" and not parts[-1].first
    if others:
        parts = parts[:-1]
    return tuple(_person(p) for p in parts), others


def _entry_problems(path: str, entry: model.Entry, ref: Reference) -> list[Diagnostic]:
    problems = []
    if not ref.key.strip():
        problems.append(
            error(path, ref.line, "E-BIB-KEY", f"@{ref.entry_type} entry has no key", "write @type{key, ...}")
        )
    elif _KEY_SPACE.search(ref.key):
        problems.append(
            error(
                path,
                ref.line,
                "E-BIB-KEY",
                f"key '{ref.key}' contains a space",
                "keys cannot contain spaces: " + f"write '{_KEY_SPACE.sub('', ref.key)}'",
            )
        )
    if ref.entry_type not in KNOWN_TYPES:
        close = difflib.get_close_matches(ref.entry_type, sorted(KNOWN_TYPES), n=1, cutoff=0.8)
        if close:  # close to a known type: most likely a typo, and the entry would render wrongly
            problems.append(
                error(
                    path,
                    ref.line,
                    "E-BIB-TYPE",
                    f"entry '{ref.key}' has an unknown type @{entry.entry_type}",
                    f"did you mean '{close[0]}'?",
                )
            )
        else:
            problems.append(
                warning(
                    path,
                    ref.line,
                    "W-BIB-TYPE",
                    f"entry '{ref.key}' has a type no style knows, @{entry.entry_type}; shown as a document",
                    "use a BibTeX type such as @article, @book or @misc",
                )
            )
    for name, kind, detail in entry.parser_metadata.get(bibsteps.FINDINGS, []):
        problems.append(_finding(path, ref, name.lower(), kind, detail))
    if ref.year and not ref.year.isdigit():
        problems.append(
            warning(
                path,
                ref.line_of("year"),
                "W-BIB-YEAR",
                f"entry '{ref.key}': year '{ref.year}' is not a number; it is shown as written",
                "write the year as digits (a letter to tell two works apart is added by the style)",
            )
        )
    if "crossref" in ref.fields and bibsteps.ResolveCrossref.metadata_key() not in entry.parser_metadata:
        problems.append(
            error(
                path,
                ref.line_of("crossref"),
                "E-BIB-CROSSREF",
                f"entry '{ref.key}': crossref names '{ref.get('crossref')}', which is not in references.bib",
                "add that entry, or copy the needed fields (booktitle, editor, publisher, year) into this one",
            )
        )
    return problems


def _finding(path: str, ref: Reference, name: str, kind: str, detail: str) -> Diagnostic:
    line = ref.line_of(name)
    if kind == "comma":
        return error(
            path,
            line,
            "E-BIB-MISSING-COMMA",
            f"entry '{ref.key}': no comma after field '{name}', so '{detail} = ...' was read as part of its value",
            f"put a comma after the value of '{name}'",
        )
    if kind == "empty":
        return error(
            path,
            line,
            "E-BIB-EMPTY-FIELD",
            f"entry '{ref.key}': field '{name}' has no value",
            f"write {name} = {{...}} or delete the field",
        )
    return warning(
        path,
        line,
        "W-BIB-MACRO",
        f"entry '{ref.key}': field '{name}' uses '{detail}', which no @string defines; shown as written",
        f"put the text in braces ({name} = {{...}}) or define @string{{{detail} = {{...}}}}",
    )


def _failed_block(path: str, block: model.ParsingFailedBlock, text: str) -> Diagnostic:
    line = (block.start_line or 0) + 1
    if isinstance(block, model.DuplicateBlockKeyBlock) and not block.key.strip():
        return error(path, line, "E-BIB-KEY", "entry has no key", "write @type{key, ...}")
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
    reason = getattr(block.error, "abort_reason", None) or str(block.error)
    detail = " ".join(str(reason).split())
    end = getattr(block.error, "end_index", None)
    where = text[:end].count("\n") + 1 if isinstance(end, int) else line
    first_line = (block.raw or "").split("\n")[0].strip()[:60]
    if "Expected comma after entry key" in detail:
        return error(
            path,
            line,
            "E-BIBTEX-SYNTAX",
            f"no comma after the key of this entry ({first_line})",
            "write @type{key, field = {...}, ...}: a comma follows the key",
        )
    if "Unexpectedly reached end of file" in detail:
        message = "the entry that starts here is never closed (the file ends inside it)"
    elif "Unexpected block start" in detail:
        message = f"the entry that starts here is not closed before the '@' on line {where}"
    else:
        message = f"BibTeX syntax error on line {where}: {detail}"
    return error(
        path,
        line,
        "E-BIBTEX-SYNTAX",
        message,
        "check that braces and quotes are balanced and fields are separated by commas",
    )


def missing_fields(ref: Reference) -> list[str]:
    required = REQUIRED_FIELDS.get(ref.entry_type, ("title",))
    declared = {n.strip() for n in ref.get("x-missing").split(",") if n.strip()}
    # an arXiv (or other e-print) identifier locates a preprint that has no journal or proceedings yet
    preprint = {"journal", "booktitle"} if ref.get("eprint") else set()
    missing = [
        name
        for name in required
        if not ref.get(name)
        and not (name == "author" and ref.get("editor"))
        and name not in declared
        and name not in preprint
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
