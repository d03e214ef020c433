"""Parse ``references.bib`` with bibtexparser 2 into :class:`~livingreview.refs.bibtex.Reference` values.

Parsing is bibtexparser's middleware stack (:data:`PARSE_STACK`, :data:`NAME_STACK`) with one step of
ours (:class:`bibsteps.ResolveMacros`). bibtexparser keeps a failed block and goes on; each failed
block, and each problem a step finds, becomes one diagnostic at its line (:mod:`refs.bibproblems`
words them). LaTeX in the fields that readers see is decoded by :mod:`refs.latex`, which never raises.
:func:`livingreview.refs.bibtex.load` imports this module only when the text is not in its cache.
"""

from __future__ import annotations

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

from livingreview.diagnostics import Diagnostic, warning
from livingreview.refs import bibproblems, bibsteps
from livingreview.refs.bibtex import DISPLAYED, IDENTIFIER_FIELDS, NAME_FIELDS, Author, Reference
from livingreview.refs.latex import decode, latex_to_text, unescape_identifier


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


def parse(path: str, text: str) -> tuple[list[Reference], list[Diagnostic]]:
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
