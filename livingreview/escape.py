"""Escaping for every place data lands: Markdown text, table cells, link titles and YAML.

HTML escaping alone is not enough for Markdown: ``*``, ``[`` or ``|`` from a BibTeX title would
change the page's structure. Every function returns :class:`markupsafe.Markup` so Jinja's
autoescape does not escape the result a second time; anything a template forgets to filter is
still HTML-escaped by autoescape.
"""

from __future__ import annotations

import json
import re

from markupsafe import Markup

_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~^=:$@'])")
_WS = re.compile(r"\s+")


def html_text(value: object) -> str:
    return str(value).translate(_HTML)


def md(value: object) -> Markup:
    """Inline Markdown text that renders exactly as ``value`` reads (needs pymdownx.escapeall)."""
    text = _WS.sub(" ", str(value)).strip()
    return Markup(_MD_SPECIAL.sub(r"\\\1", html_text(text)))


def cell(value: object) -> Markup:
    """Text for a Markdown table cell: as :func:`md`, and never an empty cell."""
    escaped = md(value)
    return escaped if escaped else Markup("–")


def link_title(value: object) -> Markup:
    """Text for a Markdown link title in double quotes (shown as a tooltip)."""
    text = _WS.sub(" ", str(value)).strip().replace('"', "”").replace("\\", "").replace("|", "/")
    return Markup(html_text(text).replace("&quot;", "”"))


def yaml_string(value: object) -> Markup:
    """A YAML scalar (JSON strings are valid YAML) for generated front matter."""
    return Markup(json.dumps(str(value), ensure_ascii=False))
