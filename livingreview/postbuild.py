"""Checks on the built HTML, before it replaces the published site.

Every local ``href``/``src`` must resolve to a file in the build and every fragment to an element
id on the target page. Problems are reported against the content file that made the page.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from livingreview import csp, pages
from livingreview.diagnostics import Diagnostic, error
from livingreview.model import Site

_LINK = re.compile(r"<(?:a|img|script|link|iframe|source)\b[^>]*?\s(?:href|src)=\"([^\"]*)\"", re.I)
_ID = re.compile(r"\s(?:id|name)=\"([^\"]*)\"")


@dataclass(slots=True)
class _Collector:
    """The ids a page defines and the local links it makes (MkDocs writes double-quoted attributes)."""

    ids: set[str] = field(default_factory=set)
    links: dict[str, int] = field(default_factory=dict)
    """Each distinct link target -> the offset of its first use (a line is worked out only for a problem)."""


def _parse(path: Path, text: str | None = None) -> _Collector:
    text = path.read_text(encoding="utf-8", errors="replace") if text is None else text
    collector = _Collector(ids={html.unescape(m) if "&" in m else m for m in _ID.findall(text)})
    links = collector.links
    for match in _LINK.finditer(text):
        value = match.group(1)
        if "&" in value:
            value = html.unescape(value)
        if value not in links:
            links[value] = match.start()
    return collector


def _line_of(path: Path, offset: int) -> int:
    return path.read_text(encoding="utf-8", errors="replace").count("\n", 0, offset) + 1


_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


def _finish_page(path: Path) -> _Collector:
    """Add the page's Content-Security-Policy, then read its ids and links (one read, one write)."""
    text = csp.add_meta(path.read_text(encoding="utf-8", errors="replace"))
    path.write_text(text, encoding="utf-8")
    return _parse(path, text)


def finish_pages(tree: _Tree) -> dict[str, _Collector]:
    """CSP and link scan for every page; on all cores when the site is large."""
    rels = sorted((f for f in tree.files if f.endswith(".html")), key=lambda rel: rel.split("/"))
    paths = [tree.root / rel for rel in rels]
    workers = os.cpu_count() or 1
    if workers > 1 and len(paths) >= 400:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            collected = list(pool.map(_finish_page, paths, chunksize=64))
    else:
        collected = [_finish_page(p) for p in paths]
    return dict(zip(rels, collected, strict=True))


def internal_links(tree: _Tree, site: Site, parsed: dict[str, _Collector]) -> list[Diagnostic]:
    out = tree.root
    sources = {_html_of(md, tree.files): src for md, src in pages.gather(site).sources().items()}
    problems = []
    for rel, collector in parsed.items():
        if rel == "404.html":
            continue  # served at any depth, so MkDocs writes its links from the site root
        where = sources.get(rel, f"site/{rel}")
        folder = posixpath.dirname(rel)
        for link, offset in collector.links.items():
            if _EXTERNAL.match(link):
                continue
            found = _link_problem(tree, parsed, rel, folder, link)
            if found:
                code, message, hint = found
                line = 0 if rel in sources else _line_of(out / rel, offset)
                problems.append(error(where, line, code, message, hint))
    return problems


@dataclass(slots=True)
class _Tree:
    """Every file and folder of the built site, listed once (no stat per link)."""

    root: Path
    files: set[str]
    folders: set[str]

    @classmethod
    def walk(cls, root: Path) -> _Tree:
        files: set[str] = set()
        folders: set[str] = {"."}
        for folder, dirnames, filenames in os.walk(root):
            rel = os.path.relpath(folder, root)
            prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
            folders.update(prefix + d for d in dirnames)
            files.update(prefix + f for f in filenames)
        return cls(root, files, folders)


def _link_problem(
    tree: _Tree, parsed: dict[str, _Collector], rel: str, folder: str, link: str
) -> tuple[str, str, str] | None:
    parts = urlsplit(link)
    target = rel if not parts.path else posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
    if target.endswith("/") or target in tree.folders:
        target = posixpath.join(target, "index.html").removeprefix("./")
    if target.startswith("..") or target not in tree.files:
        return "E-LINK", f"link '{link}' on {rel} points to a missing file", "fix or remove the link"
    fragment = unquote(parts.fragment)
    if fragment and target.endswith(".html"):
        ids = parsed[target].ids if target in parsed else _parse(tree.root / target).ids
        if fragment not in ids:
            return "E-ANCHOR", f"link '{link}' on {rel}: no element with id '{fragment}'", "link to an existing heading"
    return None


def _html_of(md_path: str, files: set[str]) -> str:
    """The HTML file MkDocs made from a Markdown page, with or without directory URLs."""
    stem = md_path[:-3]
    if stem == "index" or stem.endswith("/index") or stem + ".html" in files:
        return stem + ".html"
    return stem + "/index.html"


def run_all(out: Path, site: Site) -> list[Diagnostic]:
    """Add the CSP to every page, then check every local link and anchor."""
    if not (out / "index.html").is_file():
        return [error("site", 0, "E-BUILD", "the build produced no index.html", "")]
    tree = _Tree.walk(out)  # one listing serves the page scan and the link check
    return internal_links(tree, site, finish_pages(tree))
