"""Placeholders left by ``new-study``: every one is an error at its line until a person replaces it.

``new-study`` never invents a value; what it was not given it writes as ``FILL-IN`` (front matter) or
as a body line starting with ``FILL-IN:``. Other problems reported on the same line as a placeholder
(a schema or vocabulary error about the word ``FILL-IN`` itself) are dropped as noise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from livingreview.content.frontmatter import Document
from livingreview.content.schema import Schema, _schema_at
from livingreview.diagnostics import Diagnostic, error

PLACEHOLDER = "FILL-IN"
CODE = "E-PLACEHOLDER"
_WORD = re.compile(r"(?<![\w-])FILL-IN(?![\w-])")
SUMMARY = f"{PLACEHOLDER}: a short summary in your own words: what was given, to which model, and what changed."


def _strings(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, str(key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))


def _meaning(schema: type[Schema] | None, path: tuple[str | int, ...]) -> str:
    names = [p for p in path if isinstance(p, str)]
    if schema is None or not names:
        return ""
    parent = _schema_at(schema, tuple(names[:-1]))
    field = parent.model_fields.get(names[-1]) if parent else None
    if field is None:
        return ""
    meaning = (field.description or "").rstrip(".")
    todo = "replace it" if field.is_required() else "replace it, or delete the field when the source is silent"
    return f"{meaning}: {todo}" if meaning else todo


def find(doc: Document, schema: type[Schema] | None = None) -> list[Diagnostic]:
    """Every placeholder in the front matter (at its field's line) and in the body (at its line)."""
    problems = []
    # repr() holds every string of the front matter whole: no FILL-IN there, none in any of them
    for path, value in _strings(doc.meta, ()) if PLACEHOLDER in repr(doc.meta) else ():
        if _WORD.search(value):
            name = ".".join(str(p) for p in path)
            problems.append(
                error(
                    doc.path,
                    doc.line_of(*path),
                    CODE,
                    f"field '{name}' is still the placeholder {value!r}",
                    _meaning(schema, path) or "replace the placeholder",
                )
            )
    for offset, text in enumerate(doc.body.split("\n") if PLACEHOLDER in doc.body else ()):
        if _WORD.search(text):
            problems.append(
                error(
                    doc.path,
                    doc.body_line + offset,
                    CODE,
                    f"the text still holds the placeholder {PLACEHOLDER}",
                    "write the summary in your own words (facts from the paper, not its sentences), citing it as "
                    "[@key]",
                )
            )
    return problems


def without_shadowed(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics, less those on a line that already reports a placeholder."""
    items = list(diagnostics)
    lines = {(d.path, d.line) for d in items if d.code == CODE}
    return [d for d in items if d.code == CODE or (d.path, d.line) not in lines]


__all__ = ["CODE", "PLACEHOLDER", "SUMMARY", "find", "without_shadowed"]
