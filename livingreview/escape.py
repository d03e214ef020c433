"""Escaping for every place data lands: Markdown text, table cells, link titles and YAML.

HTML escaping alone is not enough for Markdown: ``*``, ``[`` or ``|`` from a BibTeX title would
change the page's structure. Every function returns :class:`markupsafe.Markup` so Jinja's
autoescape does not escape the result a second time; anything a template forgets to filter is
still HTML-escaped by autoescape.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from markupsafe import Markup

_HTML_CHARS = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_HTML = str.maketrans(_HTML_CHARS)
_MD_SPECIAL = "\\`*_{}[]()#+-.!|~^=:$@'"
# One pass does both: the entities HTML escaping writes contain no Markdown-special character.
_MD = str.maketrans({**{c: "\\" + c for c in _MD_SPECIAL}, **_HTML_CHARS})
_WS = re.compile(r"\s+")


def html_text(value: object) -> str:
    return str(value).translate(_HTML)


@lru_cache(maxsize=200_000)
def _md(text: str) -> Markup:
    return Markup(" ".join(text.split()).translate(_MD))


def md(value: object) -> Markup:
    """Inline Markdown text that renders exactly as ``value`` reads (needs pymdownx.escapeall)."""
    return _md(str(value))


def cell(value: object) -> Markup:
    """Text for a Markdown table cell: as :func:`md`, and never an empty cell."""
    escaped = md(value)
    return escaped if escaped else Markup("–")


_TITLE = str.maketrans({'"': "”", "'": "’", "`": "‘", "\\": "", "|": "/"})


def link_title(value: object) -> Markup:
    """Text for a Markdown link title in double quotes (shown as a tooltip).

    Python-Markdown ends a title at a quote of either kind followed by ``)`` and reads backticks as
    code spans before links, so quotes and backticks become typographic quotes; backslashes
    (escapes) and ``|`` (table cells) are dropped.
    """
    return _link_title(str(value))


@lru_cache(maxsize=200_000)
def _link_title(text: str) -> Markup:
    text = _WS.sub(" ", text.translate(_TITLE)).strip()  # dropped characters may leave spaces at the ends
    return Markup(html_text(text).replace("&quot;", "”"))


def yaml_string(value: object) -> Markup:
    """A YAML scalar (JSON strings are valid YAML) for generated front matter."""
    return Markup(json.dumps(str(value), ensure_ascii=False))
