"""Checks on the built HTML, before it replaces the published site.

Every local ``href``/``src`` must resolve to a file in the build and every fragment to an element
id on the target page. Problems are reported against the content file that made the page.
"""

from __future__ import annotations

import bisect
import html
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from livingreview import render
from livingreview.diagnostics import Diagnostic, error
from livingreview.model import Site

_LINK = re.compile(r"<(?:a|img|script|link|iframe|source)\b[^>]*?\s(?:href|src)=\"([^\"]*)\"", re.I)
_ID = re.compile(r"\s(?:id|name)=\"([^\"]*)\"")


@dataclass(slots=True)
class _Collector:
    """The ids a page defines and the local links it makes (MkDocs writes double-quoted attributes)."""

    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, int]] = field(default_factory=list)


def _parse(path: Path) -> _Collector:
    text = path.read_text(encoding="utf-8", errors="replace")
    collector = _Collector(ids={html.unescape(m) for m in _ID.findall(text)})
    newlines = [m.start() for m in re.finditer("\n", text)]
    for match in _LINK.finditer(text):
        collector.links.append((html.unescape(match.group(1)), bisect.bisect_left(newlines, match.start()) + 1))
    return collector


_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


def internal_links(out: Path, site: Site) -> list[Diagnostic]:
    pages = {p.relative_to(out).as_posix(): p for p in sorted(out.rglob("*.html"))}
    parsed = {rel: _parse(path) for rel, path in pages.items()}
    sources = {_html_of(md, pages): src for md, src in render.source_of(site).items()}
    problems = []
    for rel, collector in parsed.items():
        if rel == "404.html":
            continue  # served at any depth, so MkDocs writes its links from the site root
        where = sources.get(rel, f"site/{rel}")
        seen: set[str] = set()
        for link, line in collector.links:
            if link in seen or _EXTERNAL.match(link):
                continue
            seen.add(link)
            found = _link_problem(out, parsed, rel, link)
            if found:
                code, message, hint = found
                problems.append(error(where, 0 if rel in sources else line, code, message, hint))
    return problems


def _link_problem(out: Path, parsed: dict[str, _Collector], rel: str, link: str) -> tuple[str, str, str] | None:
    parts = urlsplit(link)
    target = rel if not parts.path else posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(parts.path)))
    if target.endswith("/") or (out / target).is_dir():
        target = posixpath.join(target, "index.html")
    if target.startswith("..") or not (out / target).exists():
        return "E-LINK", f"link '{link}' on {rel} points to a missing file", "fix or remove the link"
    fragment = unquote(parts.fragment)
    if fragment and target.endswith(".html"):
        ids = parsed[target].ids if target in parsed else _parse(out / target).ids
        if fragment not in ids:
            return "E-ANCHOR", f"link '{link}' on {rel}: no element with id '{fragment}'", "link to an existing heading"
    return None


def _html_of(md_path: str, pages: dict[str, Path]) -> str:
    """The HTML file MkDocs made from a Markdown page, with or without directory URLs."""
    stem = md_path[:-3]
    if stem == "index" or stem.endswith("/index") or stem + ".html" in pages:
        return stem + ".html"
    return stem + "/index.html"


def run_all(out: Path, site: Site) -> list[Diagnostic]:
    if not (out / "index.html").is_file():
        return [error("site", 0, "E-BUILD", "the build produced no index.html", "")]
    return internal_links(out, site)
