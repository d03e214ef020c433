"""One markdown-it-py parse per body, shared by every check that needs the block structure.

The checks and the renderer need little of a body's structure: which lines are code, where the
raw HTML blocks are, and the raw HTML fragments (:class:`Outline`). The outlines of the content's
bodies are kept between runs in ``.cache/markdown.json`` (:func:`prepare`), keyed by the SHA-256
of each body; the file is tied to the markdown-it-py version and to this module's source, so a
change of either rebuilds it. Deleting or damaging the file only costs one slower run.
markdown-it-py itself is imported only when a body must really be parsed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from livingreview.writer import write_atomic

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


@lru_cache(maxsize=65536)
def tokens(body: str) -> tuple[Token, ...]:
    """The block and inline tokens of ``body`` (with line maps); cached, so treat as read-only."""
    return tuple(parser().parse(body))


@dataclass(frozen=True, slots=True)
class Outline:
    """What the checks and the renderer read of a body's block structure (0-based lines)."""

    code: frozenset[int]
    """Lines inside fenced or indented code."""
    html_blocks: tuple[tuple[int, int], ...]
    """``(start, end)`` lines of every raw HTML block, in order."""
    html: tuple[tuple[int, str], ...]
    """``(line, raw HTML)`` for every HTML block and inline HTML tag outside code, in order."""


def _outline_of(body: str) -> Outline:
    code: set[int] = set()
    blocks: list[tuple[int, int]] = []
    html: list[tuple[int, str]] = []
    for token in tokens(body):
        if token.type in ("fence", "code_block") and token.map:
            code.update(range(token.map[0], token.map[1]))
        elif token.type == "html_block" and token.map:
            blocks.append((token.map[0], token.map[1]))
            html.append((token.map[0], token.content))
        elif token.type == "inline" and token.map and token.children:
            line = token.map[0]
            for child in token.children:
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                elif child.type == "html_inline":
                    html.append((line, child.content))
    return Outline(frozenset(code), tuple(blocks), tuple(html))


_known: dict[str, Outline] = {}
"""Outlines read from the cache file or made by :func:`prepare` in this process, by body."""


def outline(body: str) -> Outline:
    found = _known.get(body)
    return found if found is not None else _outline(body)


@lru_cache(maxsize=65536)
def _outline(body: str) -> Outline:
    return _outline_of(body)


@lru_cache(maxsize=65536)
def code_lines(body: str, html: bool = False) -> frozenset[int]:
    """0-based lines inside fenced or indented code (and raw HTML blocks when ``html``)."""
    found = outline(body)
    if not html:
        return found.code
    return found.code.union(*(range(start, end) for start, end in found.html_blocks))


_FORMAT = 1


def _version() -> str:
    """What the outlines depend on besides the bodies: markdown-it-py's version and this module."""
    from importlib.metadata import version

    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return f"{_FORMAT}:{version('markdown-it-py')}:{source}"


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


def _encode(found: Outline) -> list[Any]:
    return [sorted(found.code), [list(block) for block in found.html_blocks], [list(item) for item in found.html]]


def _decode(entry: Any) -> Outline | None:
    """The outline of a cache entry, or None when the entry is not one."""
    try:
        code, blocks, html = entry
        found = Outline(
            frozenset(int(line) for line in code),
            tuple((int(start), int(end)) for start, end in blocks),
            tuple((int(line), str(text)) for line, text in html),
        )
    except (TypeError, ValueError):
        return None
    return found if _encode(found) == entry else None


def prepare(bodies: Iterable[str], file: Path) -> None:
    """Outline every body, reading the outlines made before from ``file``; write the file when it changed.

    The file keeps only this run's bodies, so it never grows past the content.
    """
    version = _version()
    old: dict[str, Any] = {}
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("version") == version and isinstance(data.get("entries"), dict):
            old = data["entries"]
    except (OSError, ValueError):
        pass
    used: dict[str, Any] = {}
    _known.clear()
    for body in bodies:
        key = _digest(body)
        if key in used:
            continue
        entry = old.get(key)
        found = _decode(entry) if entry is not None else None
        if found is None:
            found = _outline(body)
            entry = _encode(found)
        _known[body] = found
        used[key] = entry
    if used == old:
        return
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(file, json.dumps({"version": version, "entries": used}).encode("utf-8"))
    except OSError:
        pass  # a cache that cannot be written only makes the next run slower
