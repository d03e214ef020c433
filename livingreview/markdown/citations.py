"""Pandoc citations in Markdown: ``[@key]``, ``[@a; @b]``, ``[@key, p. 3]``, ``[-@key]`` and narrative ``@key``.

Keys follow Pandoc's rules: a key starts with a letter, digit or ``_`` (any script) and goes on
with letters, digits and single internal punctuation characters ``:.#$%&-+?<>~/``; any other key
is written in braces, ``[@{https://example.org/x?a=1}]`` or ``@{o'brien2020}``.

markdown-it-py finds the code blocks, fenced code and raw HTML blocks (with line maps); citations
there do not count. Inline code spans and URLs (``https://medium.com/@name``) are skipped by the
scanner. Line numbers are file-absolute.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from livingreview.markdown.parse import code_lines

BARE_KEY = r"\w(?:\w|[:.#$%&\-+?<>~/](?=\w))*"
BRACED_KEY = r"\{[^{}\n]+\}"
KEY = rf"(?:{BRACED_KEY}|{BARE_KEY})"
_ITEM = re.compile(rf"^\s*(?P<suppress>-?)@(?P<key>{KEY})\s*(?:,\s*(?P<locator>[^;]*?))?\s*$")
_ALTERNATIVES = (
    ("code", r"(?P<code>(?P<ticks>`+).+?(?P=ticks))"),
    ("url", r"(?P<url>[a-zA-Z](?<!\w[a-zA-Z])[a-zA-Z0-9+.\-]*://[^\s<>()\[\]]*)"),
    (
        "bracket",
        rf"(?P<bracket>\[(?P<inner>(?:[^\[\]{{}}]|{BRACED_KEY})*?-?@{KEY}(?:[^\[\]{{}}]|{BRACED_KEY})*)\](?!\())",
    ),
    ("narrative", rf"(?P<narrative>@(?<![\w@\[\\]@)(?P<nkey>{KEY}))"),
)
"""What the scanner finds, first match wins: inline code and URLs (skipped), bracketed and narrative
citations. Every alternative starts with a character, not an assertion, so the regex engine can skip
ahead to the next possible start (``url`` checks its word boundary, ``narrative`` the character
before ``@``, by looking behind)."""


@lru_cache(maxsize=4)
def _scanner(code: bool, url: bool) -> re.Pattern[str]:
    """The scanner for a line with (or without) a backtick and ``://``: an alternative that cannot
    match is left out, which changes no match and saves trying it at every position."""
    wanted = [alt for name, alt in _ALTERNATIVES if (name != "code" or code) and (name != "url" or url)]
    return re.compile("|".join(wanted))


_UNPARSED = re.compile(r"(?<!\\)\[\s*-?@")


def _key(written: str) -> str:
    return written[1:-1] if written.startswith("{") else written


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


def _groups_in_line(text: str, line: int) -> list[tuple[int, int, CitationGroup]]:
    """``(start, end, group)`` of every citation in one logical line."""
    found: list[tuple[int, int, CitationGroup]] = []
    for match in _scanner("`" in text, "://" in text).finditer(text):
        kind = match.lastgroup  # the outermost group of the alternative that matched
        if kind == "bracket":
            items = [_ITEM.match(part) for part in _split_items(match.group("inner"))]
            if not items or any(item is None for item in items):
                continue
            cites = tuple(
                Cite(_key(m.group("key")), (m.group("locator") or "").strip(), bool(m.group("suppress")))
                for m in items
                if m is not None
            )
            found.append((match.start(), match.end(), CitationGroup(cites, line, False, match.group(0))))
        elif kind == "narrative":
            group = CitationGroup((Cite(_key(match.group("nkey"))),), line, True, match.group(0))
            found.append((match.start(), match.end(), group))
    return found


def _split_items(inner: str) -> list[str]:
    """Items separated by ';' outside braced keys."""
    if "{" not in inner:
        return inner.split(";")
    parts, depth, start = [], 0, 0
    for i, char in enumerate(inner):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == ";" and depth == 0:
            parts.append(inner[start:i])
            start = i + 1
    parts.append(inner[start:])
    return parts


_OPEN_GROUP = re.compile(r"\[[^\[\]]*-?@[^\[\]]*$")


def _logical_lines(body: str) -> Iterator[tuple[int, str, bool, str]]:
    """``(index, text, is_code, original)`` per line; a citation group left open at the end of a prose
    line (``[@a;`` then ``@b]`` on the next) is joined with the following prose lines, as Pandoc reads
    it (``original`` keeps the lines as written)."""
    skip = code_lines(body, html=True)
    lines = body.split("\n")
    index = 0
    while index < len(lines):
        first, text = index, lines[index]
        if index in skip:
            yield first, text, True, text
            index += 1
            continue
        while (
            "@" in text
            and _OPEN_GROUP.search(_CODE.sub("", text))
            and index + 1 < len(lines)
            and index + 1 not in skip
            and lines[index + 1].strip()
        ):
            index += 1
            text = text.rstrip() + " " + lines[index].lstrip()
        yield first, text, False, "\n".join(lines[first : index + 1])
        index += 1


_CODE = re.compile(r"(`+).+?\1")


@dataclass(frozen=True, slots=True)
class _Line:
    """One logical line of a body (see :func:`_logical_lines`) and the citations in it."""

    index: int
    text: str
    code: bool
    original: str
    groups: tuple[tuple[int, int, CitationGroup], ...]


@lru_cache(maxsize=65536)
def _lines(body: str, first_line: int) -> tuple[_Line, ...]:
    """Every logical line of ``body`` with its citations, found once per body: the citation index,
    the check for unparsed citations and the renderer all read the same body."""
    return tuple(
        _Line(
            index,
            text,
            code,
            original,
            () if code or "@" not in text else tuple(_groups_in_line(text, first_line + index)),
        )
        for index, text, code, original in _logical_lines(body)
    )


def find(body: str, first_line: int = 1) -> list[CitationGroup]:
    """Every citation in ``body``; ``first_line`` is the file line of the body's first line."""
    return [group for line in _lines(body, first_line) for _, _, group in line.groups]


def unparsed(body: str, first_line: int = 1) -> list[tuple[int, str]]:
    """``[@`` left in prose after every citation is found: ``(line, text from there)``."""
    found = []
    for line in _lines(body, first_line):
        if line.code or "@" not in line.text:
            continue
        text = line.text
        rest = _CODE.sub(lambda m: " " * len(m.group(0)), text)
        for start, end, _ in line.groups:
            rest = rest[:start] + " " * (end - start) + rest[end:]
        for match in _UNPARSED.finditer(rest):
            found.append((first_line + line.index, text[match.start() : match.start() + 40]))
    return found


def replace(body: str, render: Callable[[CitationGroup], str], first_line: int = 1) -> str:
    """``body`` with every citation replaced by ``render(group)``; code is left untouched.

    A group written over two lines becomes one line (a line break in a paragraph is a space)."""
    out: list[str] = []
    for line in _lines(body, first_line):
        if not line.groups:
            out.append(line.original)
            continue
        text = line.text
        pieces: list[str] = []
        last = 0
        for start, end, group in line.groups:
            pieces.append(text[last:start])
            pieces.append(render(group))
            last = end
        pieces.append(text[last:])
        out.append("".join(pieces))
    return "\n".join(out)
