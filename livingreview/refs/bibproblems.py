"""What can be wrong in ``references.bib``, each as a diagnostic at its line.

Syntax (stray text, failed blocks, a file with no entries), encoding and control characters, and the
problems of one entry (key, type, year, crossref, the findings of :mod:`refs.bibsteps`); also the
required fields of each entry type and the warning for an entry no page cites. :mod:`refs.bibparse`
calls these while it loads; :mod:`livingreview.bibchecks` calls the last two.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from livingreview.diagnostics import Diagnostic, error, warning

if TYPE_CHECKING:
    from bibtexparser import model
    from bibtexparser.library import Library

    from livingreview.refs.bibtex import Reference

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

MAX_CONTROL_REPORTS = 5
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_KEY_SPACE = re.compile(r"\s")
_NO_AT = re.compile(r"^\s*([A-Za-z]+)\s*\{\s*([^\s,{}=]+)\s*,")


def control_characters(path: str, text: str, problems: list[Diagnostic]) -> str:
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


def stray_text(path: str, block: model.ImplicitComment) -> list[Diagnostic]:
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


def no_entries(path: str, text: str, library: Library) -> list[Diagnostic]:
    from bibtexparser import model  # the parse's own types, loaded only with a parse

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


def entry_problems(path: str, entry: model.Entry, ref: Reference) -> list[Diagnostic]:
    from livingreview.refs import bibsteps  # loads bibtexparser: called only by a parse

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


def failed_block(path: str, block: model.ParsingFailedBlock, text: str) -> Diagnostic:
    from bibtexparser import model

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
