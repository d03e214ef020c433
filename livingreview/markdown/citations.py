"""Pandoc citations in Markdown: ``[@key]``, ``[@a; @b]``, ``[@key, p. 3]``, ``[-@key]`` and narrative ``@key``.

markdown-it-py finds the code blocks, fenced code and raw HTML blocks (with line maps); citations
there do not count. Inline code spans are skipped by the scanner. Line numbers are file-absolute.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from livingreview.markdown.parse import code_lines

KEY = r"[A-Za-z0-9_](?:\w|[:.#$%&\-+?<>~/](?=\w))*"
_ITEM = re.compile(rf"^\s*(?P<suppress>-?)@(?P<key>{KEY})\s*(?:,\s*(?P<locator>[^;]*?))?\s*$")
_SCAN = re.compile(
    rf"(?P<code>(?P<ticks>`+).+?(?P=ticks))"
    rf"|(?P<bracket>\[(?P<inner>[^\[\]]*?-?@{KEY}[^\[\]]*)\](?!\())"
    rf"|(?P<narrative>(?<![\w@\[\\])@(?P<nkey>{KEY}))"
)


@dataclass(frozen=True, slots=True)
class Cite:
    key: str
    locator: str = ""
    suppress_author: bool = False


@dataclass(frozen=True, slots=True)
class CitationGroup:
    """One citation as written: a bracketed list of keys, or a narrative ``@key``."""

    cites: tuple[Cite, ...]
    line: int
    narrative: bool = False
    text: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.cites)


def _groups_in_line(text: str, line: int) -> Iterator[tuple[re.Match[str], CitationGroup]]:
    for match in _SCAN.finditer(text):
        if match.group("code"):
            continue
        if match.group("bracket"):
            items = [_ITEM.match(part) for part in match.group("inner").split(";")]
            if not items or any(item is None for item in items):
                continue
            cites = tuple(
                Cite(m.group("key"), (m.group("locator") or "").strip(), bool(m.group("suppress")))
                for m in items
                if m is not None
            )
            yield match, CitationGroup(cites, line, False, match.group(0))
        else:
            yield match, CitationGroup((Cite(match.group("nkey")),), line, True, match.group(0))


def find(body: str, first_line: int = 1) -> list[CitationGroup]:
    """Every citation in ``body``; ``first_line`` is the file line of the body's first line."""
    skip = code_lines(body, html=True)
    found: list[CitationGroup] = []
    for index, text in enumerate(body.split("\n")):
        if index in skip or "@" not in text:
            continue
        found.extend(group for _, group in _groups_in_line(text, first_line + index))
    return found


def replace(body: str, render: Callable[[CitationGroup], str], first_line: int = 1) -> str:
    """``body`` with every citation replaced by ``render(group)``; code is left untouched."""
    skip = code_lines(body, html=True)
    out: list[str] = []
    for index, text in enumerate(body.split("\n")):
        if index in skip or "@" not in text:
            out.append(text)
            continue
        pieces: list[str] = []
        last = 0
        for match, group in _groups_in_line(text, first_line + index):
            pieces.append(text[last : match.start()])
            pieces.append(render(group))
            last = match.end()
        pieces.append(text[last:])
        out.append("".join(pieces))
    return "\n".join(out)
