"""Links in Markdown, found by one walk over markdown-it-py's tokens, with file lines.

Content files sit where their pages will be (``content/diseases/kidney/x.md`` becomes
``diseases/kidney/x.md``), so a relative link is resolved against the page's own path and must name
a page the build will produce. External links are left to ``linkcheck --online``, which finds them
by the same walk (:func:`external_targets`), so both read a page as markdown-it does: reference-style
links resolved, code spans and blocks skipped, balanced parentheses kept in a URL.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from livingreview.markdown.parse import parser, tokens

if TYPE_CHECKING:
    from markdown_it.token import Token

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:|^//")
_WEB = ("http://", "https://")
_FIRST_TAG = re.compile(r"\s*</?([A-Za-z][A-Za-z0-9-]*)")
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "canvas",
        "center",
        "colgroup",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "iframe",
        "legend",
        "li",
        "main",
        "map",
        "math",
        "menu",
        "nav",
        "noscript",
        "object",
        "ol",
        "output",
        "p",
        "pre",
        "progress",
        "script",
        "section",
        "style",
        "summary",
        "table",
        "tbody",
        "td",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "video",
    ]
)
"""Python-Markdown's block-level tags: an HTML block that starts with any other tag is Markdown to it."""


def is_local(target: str) -> bool:
    """A link MkDocs resolves inside the site: no scheme, not protocol-relative, not a citation."""
    return bool(target) and not _SCHEME.match(target) and not target.startswith("@")


def walk(items: Iterable[Token], first_line: int) -> Iterator[tuple[int, str]]:
    """(file line, target) for every link (not image) in already parsed tokens, in document order."""
    for token in items:
        if not token.map:
            continue
        if token.type == "inline" and token.children:
            yield from _inline(token.children, first_line + token.map[0])
        elif token.type == "html_block" and _markdown_inside(token.content):
            # CommonMark ends Markdown at a lone inline tag (<span>); Python-Markdown reads on.
            for inline in parser().parseInline(token.content):
                yield from _inline(inline.children or [], first_line + token.map[0])


def _inline(children: Iterable[Token], line: int) -> Iterator[tuple[int, str]]:
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type in ("html_inline", "code_inline"):
            line += child.content.count("\n")
        elif child.type == "link_open":
            href = child.attrs.get("href")
            if isinstance(href, str):
                yield line, href


def _markdown_inside(block: str) -> bool:
    """Whether Python-Markdown treats this HTML block as a paragraph (it starts with an inline tag)."""
    match = _FIRST_TAG.match(block)
    return match is not None and match.group(1).lower() not in _BLOCK_TAGS


def local_targets(body: str, first_line: int) -> list[tuple[int, str]]:
    """(file line, target) for every local link of ``body`` outside code, same-page ``#anchor`` included."""
    return [(line, target) for line, target in walk(tokens(body), first_line) if is_local(target)]


def external_targets(body: str, first_line: int) -> list[tuple[int, str]]:
    """(file line, URL) for every ``http(s)`` link of ``body`` outside code, as markdown-it resolves it."""
    return [(line, target) for line, target in walk(tokens(body), first_line) if target.startswith(_WEB)]


def resolve(page: str, target: str) -> str:
    """The output path a relative link on ``page`` points to (fragment and query dropped)."""
    path = unquote(urlsplit(target).path)
    if path.startswith("/"):
        return posixpath.normpath(path.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
