"""Checks on the built HTML, before it replaces the published site.

Every local ``href``/``src`` must resolve to a file in the build and every fragment to an element
id on the target page. Problems are reported against the content file that made the page.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import select
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from livingreview import csp, pages, pagewatch
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
    targets: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    """Each link -> what :func:`_split` makes of it on this page (filled by :func:`finish_page`)."""


def _id_values(text: str) -> list[str]:
    """What ``_ID.findall(text)`` finds, found with ``str.find`` (the regex tries every whitespace)."""
    found: list[str] = []
    find = text.find
    i, n = find('id="', 1), find('name="', 1)
    while i >= 0 or n >= 0:
        if n < 0 or 0 <= i < n:
            start, size = i, 4
        else:
            start, size = n, 6
        if not text[start - 1].isspace():  # not an attribute of its own (data-id=, ...): look further
            if size == 4:
                i = find('id="', start + 1)
            else:
                n = find('name="', start + 1)
            continue
        close = find('"', start + size)
        if close < 0:
            break
        found.append(text[start + size : close])
        if 0 <= i <= close + 1:  # the next match may begin with the whitespace right after this one
            i = find('id="', close + 2)
        if 0 <= n <= close + 1:
            n = find('name="', close + 2)
    return found


def _parse(path: Path, text: str | None = None) -> _Collector:
    text = path.read_text(encoding="utf-8", errors="replace") if text is None else text
    collector = _Collector(ids={html.unescape(m) if "&" in m else m for m in _id_values(text)})
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


_SPLICE = os.linesep == "\n"
"""Text files are written with ``\n`` line ends, so a page's bytes can be spliced instead of re-encoded."""


@dataclass(slots=True)
class Page:
    """A built page once finished: what to write (None: unchanged), and its ids and links."""

    data: bytes | str | None
    collector: _Collector


_Splits = dict[tuple[str, str], tuple[str, str] | None]


def finish_page(path: Path, folder: str, splits: _Splits | None = None) -> Page:
    """A page (in ``folder`` of the site) with its Content-Security-Policy, its ids and links; nothing written yet.

    The result is what reading the page as text, adding the CSP and writing it as text gives: a
    page in valid UTF-8 without carriage returns (every page MkDocs writes) is spliced as bytes.
    """
    raw = path.read_bytes()
    if _SPLICE and b"\r" not in raw:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            found = csp.insertion(text)
            if found is None:
                return Page(None, _split_links(_parse(path, text), folder, splits))
            offset, meta = found
            cut = len(text[:offset].encode("utf-8"))
            data = b"".join((raw[:cut], meta.encode("utf-8"), raw[cut:]))
            return Page(data, _split_links(_parse(path, text[:offset] + meta + text[offset:]), folder, splits))
    text = csp.add_meta(path.read_text(encoding="utf-8", errors="replace"))
    return Page(text, _split_links(_parse(path, text), folder, splits))


def _split_links(collector: _Collector, folder: str, splits: _Splits | None) -> _Collector:
    """Work out each link's target as far as it does not depend on the other files (most recur on many pages)."""
    splits = {} if splits is None else splits
    for link in collector.links:
        key = (folder, link)
        if key not in splits:
            splits[key] = _split(folder, link)
        collector.targets[link] = splits[key]
    return collector


def write_page(path: Path, page: Page) -> None:
    if isinstance(page.data, bytes):
        with open(path, "wb", buffering=0) as handle:  # unbuffered: the page goes in one write call
            rest = memoryview(page.data)
            while rest:
                rest = rest[handle.write(rest) :]
    elif page.data is not None:
        path.write_text(page.data, encoding="utf-8")


_BATCH = 0.05
"""Seconds between two looks at the pages MkDocs closed (its exit is seen at once)."""
_POLL = 0.01
"""The same where MkDocs' exit can only be polled for."""


class Early:
    """Pages finished while MkDocs still writes the site: each read once MkDocs has closed it.

    A page counts only if nothing happened to its file after the close it was read upon: any later
    event (a write, a truncation, another close, a rename) drops it, and should events have been
    lost every page is dropped. Pages not finished here are read after MkDocs has exited. Nothing
    is written before then, so MkDocs never sees a changed file.
    """

    def __init__(self, root: Path, writer: int | None = None) -> None:
        self.root = root
        self.pages: dict[str, Page] = {}
        self._splits: _Splits = {}
        self._watch = pagewatch.open_watch(root, writer)

    def follow(self, exited: int | None, has_exited: Callable[[], bool]) -> None:
        """Finish pages as MkDocs closes them until it exits (``exited``: a descriptor readable then)."""
        watch = self._watch
        if watch is None:
            return
        while True:  # events are taken in batches: waking for each would slow MkDocs on a busy machine
            if exited is not None:
                done = bool(select.select([exited], [], [], _BATCH)[0])
            else:
                time.sleep(_POLL)
                done = has_exited()
            self._take(watch.events())  # after its exit, its last events are all queued
            if done:
                break

    def _take(self, events: list[tuple[str, int]]) -> None:
        assert self._watch is not None
        closed: dict[str, bool] = {}
        for rel, mask in events:
            if rel.endswith(".html"):
                self.pages.pop(rel, None)
                closed[rel] = bool(mask & pagewatch.IN_CLOSE_WRITE)  # the last event decides
        if self._watch.lost:
            self.pages.clear()
            return
        for rel, last_was_close in closed.items():
            if last_was_close:
                try:
                    self.pages[rel] = finish_page(self.root / rel, posixpath.dirname(rel), self._splits)
                except FileNotFoundError:
                    continue  # deleted since: its event is on its way, and then it is no page

    def close(self) -> None:
        if self._watch is not None:
            self._watch.close()
            self._watch = None


def finish_pages(tree: _Tree, early: dict[str, Page] | None = None) -> dict[str, _Collector]:
    """CSP and link scan for every page not finished early; on all cores when many are left."""
    early = early or {}
    rels = sorted((f for f in tree.files if f.endswith(".html")), key=lambda rel: rel.split("/"))
    left = [rel for rel in rels if rel not in early]
    paths, folders = [tree.root / rel for rel in left], [posixpath.dirname(rel) for rel in left]
    workers = os.cpu_count() or 1
    if workers > 1 and len(left) >= 400:
        from concurrent.futures import ProcessPoolExecutor  # only for large sites: not loaded before MkDocs starts

        with ProcessPoolExecutor(max_workers=workers) as pool:
            late = dict(zip(left, pool.map(finish_page, paths, folders, chunksize=64), strict=True))
    else:
        splits: _Splits = {}
        late = {rel: finish_page(path, folder, splits) for rel, path, folder in zip(left, paths, folders, strict=True)}
    finished = {rel: early[rel] if rel in early else late[rel] for rel in rels}
    for rel, page in finished.items():
        write_page(tree.root / rel, page)
    return {rel: page.collector for rel, page in finished.items()}


def internal_links(tree: _Tree, site: Site, parsed: dict[str, _Collector]) -> list[Diagnostic]:
    out = tree.root
    sources = {_html_of(md, tree.files): src for md, src in pages.gather(site).sources().items()}
    problems = []
    sound: set[tuple[str, str]] = set()  # (folder, link) known to work: most links recur on many pages
    for rel, collector in parsed.items():
        if rel == "404.html":
            continue  # served at any depth, so MkDocs writes its links from the site root
        where = sources.get(rel, f"site/{rel}")
        folder = posixpath.dirname(rel)
        targets = collector.targets
        for link, offset in collector.links.items():
            if (folder, link) in sound:
                continue
            split = targets[link] if link in targets else _split(folder, link)
            if split is None:
                continue
            found = _link_problem(tree, parsed, rel, link, split)
            if not found:
                if split[0]:  # not a link to the page itself, so the same from every page of the folder
                    sound.add((folder, link))
            else:
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


def _split(folder: str, link: str) -> tuple[str, str] | None:
    """A link on a page in ``folder``: the path it points to ("": the page) and its fragment; None if external."""
    if _EXTERNAL.match(link):
        return None
    parts = urlsplit(link)
    target = "" if not parts.path else posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
    return target, unquote(parts.fragment)


def _link_problem(
    tree: _Tree, parsed: dict[str, _Collector], rel: str, link: str, split: tuple[str, str]
) -> tuple[str, str, str] | None:
    target, fragment = split
    if not target:
        target = rel
    elif target.endswith("/") or target in tree.folders:
        target = posixpath.join(target, "index.html").removeprefix("./")
    if target.startswith("..") or target not in tree.files:
        return "E-LINK", f"link '{link}' on {rel} points to a missing file", "fix or remove the link"
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


def run_all(out: Path, site: Site, early: dict[str, Page] | None = None) -> list[Diagnostic]:
    """Add the CSP to every page, then check every local link and anchor (``early``: pages already read)."""
    if not (out / "index.html").is_file():
        return [error("site", 0, "E-BUILD", "the build produced no index.html", "")]
    tree = _Tree.walk(out)  # one listing serves the page scan and the link check
    return internal_links(tree, site, finish_pages(tree, early))
