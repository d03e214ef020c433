"""One markdown-it-py parse per body, shared by every check that needs the block structure."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


@lru_cache(maxsize=65536)
def tokens(body: str) -> tuple[Token, ...]:
    """The block and inline tokens of ``body`` (with line maps); cached, so treat as read-only."""
    return tuple(parser().parse(body))


@lru_cache(maxsize=65536)
def code_lines(body: str, html: bool = False) -> frozenset[int]:
    """0-based lines inside fenced or indented code (and raw HTML blocks when ``html``)."""
    kinds = ("fence", "code_block", "html_block") if html else ("fence", "code_block")
    skip: set[int] = set()
    for token in tokens(body):
        if token.type in kinds and token.map:
            skip.update(range(token.map[0], token.map[1]))
    return frozenset(skip)
