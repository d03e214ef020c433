"""Our own parse steps, run among bibtexparser 2's middlewares, and what they find.

bibtexparser resolves a value that is exactly one ``@string`` name; :class:`ResolveMacros` does the
rest of BibTeX's value syntax: ``#`` concatenation of macros, quoted and braced parts, the predefined
month macros, and undefined macros (kept as written and reported). It also notices a missing comma
between two fields, which bibtexparser swallows into the first value. Findings go into the entry's
``parser_metadata`` under :data:`FINDINGS`, as ``(field, kind, detail)``; the loader turns them into
diagnostics.
"""

from __future__ import annotations

import re

from bibtexparser.library import Library
from bibtexparser.middlewares.middleware import LibraryMiddleware
from bibtexparser.model import Field

from livingreview.months import ENGLISH_MONTHS

FINDINGS = "livingreview_findings"
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_NEXT_FIELD = re.compile(r"\s+([A-Za-z][\w.:+-]*)\s*=")


def split_concatenation(value: str) -> list[str]:
    """The parts of ``a # "b" # {c}`` (``#`` inside braces or quotes does not split)."""
    parts: list[str] = []
    depth, quoted, start = 0, False, 0
    for i, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:i].strip())
            start = i + 1
    parts.append(value[start:].strip())
    return parts


def _enclosed(value: str) -> bool:
    if len(value) >= 2 and value[0] == "{" and value[-1] == "}":
        depth = 0
        for i, char in enumerate(value):
            depth += {"{": 1, "}": -1}.get(char, 0)
            if depth == 0 and i < len(value) - 1:
                return False
        return True
    return len(value) >= 2 and value[0] == '"' and value[-1] == '"'


class ResolveMacros(LibraryMiddleware):
    """Resolve ``#`` concatenation and undefined or month macros; find missing commas between fields."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True)

    @classmethod
    def metadata_key(cls) -> str:
        return FINDINGS

    def transform(self, library: Library) -> Library:
        strings = {key.lower(): str(s.value) for key, s in library.strings_dict.items()}
        for entry in library.entries:
            findings: list[tuple[str, str, str]] = []
            for fld in entry.fields:
                value = fld.value
                if not isinstance(value, str) or _enclosed(value.strip()) or value.strip().isdigit():
                    continue
                fld.value = "{" + self._resolve(fld.key, value.strip(), strings, findings) + "}"
            if findings:
                entry.parser_metadata[FINDINGS] = findings
        return library

    def _resolve(self, name: str, value: str, strings: dict[str, str], found: list[tuple[str, str, str]]) -> str:
        if not value:
            found.append((name, "empty", ""))
            return ""
        missing = _NEXT_FIELD.search(value)
        if missing and _enclosed(value[: missing.start()].strip()):
            found.append((name, "comma", missing.group(1)))
            value = value[: missing.start()].strip()
        out = []
        for part in split_concatenation(value):
            out.append(self._part(name, part, strings, found, 0))
        return "".join(out)

    def _part(
        self, name: str, part: str, strings: dict[str, str], found: list[tuple[str, str, str]], depth: int
    ) -> str:
        if _enclosed(part):
            return part[1:-1]
        if part.isdigit():
            return part
        macro = part.lower()
        if macro in strings and depth < 20:
            value = strings[macro].strip()
            pieces = split_concatenation(value) if not _enclosed(value) else [value]
            return "".join(self._part(name, p, strings, found, depth + 1) for p in pieces)
        if macro in MONTHS:
            return ENGLISH_MONTHS[MONTHS.index(macro)]
        found.append((name, "macro", part))
        return part


_TITLE_AS = {"inproceedings": "booktitle", "incollection": "booktitle", "inbook": "booktitle", "article": "journal"}
"""The parent's title becomes this field of a child of the given type (biber's crossref rules)."""


class ResolveCrossref(LibraryMiddleware):
    """Copy the fields an entry lacks from the entry its ``crossref`` names (one level, as BibTeX does).

    bibtexparser 2.1 has no crossref middleware yet (``interpolate.py``: "TODO Middleware to resolve
    Crossref"). A crossref to a key that is not in the file is left for the loader to report.
    """

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True)

    @classmethod
    def metadata_key(cls) -> str:
        return "livingreview_crossref"

    def transform(self, library: Library) -> Library:
        by_key = {e.key.lower(): e for e in library.entries}
        for entry in library.entries:
            target = entry.fields_dict.get("crossref") or entry.fields_dict.get("Crossref")
            parent = by_key.get(str(target.value).strip().lower()) if target else None
            if parent is None or parent is entry:
                continue
            have = {f.key.lower() for f in entry.fields}
            for fld in parent.fields:
                name = fld.key.lower()
                if name == "title":
                    name = _TITLE_AS.get(entry.entry_type.lower(), "booktitle")
                if name not in have and name not in ("crossref", "ids", "key"):
                    entry.set_field(Field(name, fld.value, entry.start_line or 0))
                    have.add(name)
            entry.parser_metadata[self.metadata_key()] = parent.key
        return library
