"""Every link inside the site, checked before MkDocs runs: the page it names and the anchor on it.

Contributor prose (home, disease, topic and study bodies) is checked at the line that makes each link.
When the site could be rendered, every rendered page also gives its anchors (what MkDocs will make
of its headings, ``attr_list`` ids and raw HTML ids: :mod:`livingreview.markdown.anchors`) and its
own, template-made links, which are checked against the same pages and anchors.

Parsing 1.7 MB of rendered Markdown costs about half a second, so each page's anchors and links are
kept in ``.cache/pagescan.json`` by the SHA-256 of its text: a warm ``check`` parses only the pages an
edit changed.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from livingreview.citing import reading_order
from livingreview.config import _TolerantLoader
from livingreview.diagnostics import Diagnostic, did_you_mean, error
from livingreview.markdown import links
from livingreview.markdown.anchors import Slugs, page_anchors
from livingreview.markdown.parse import parser
from livingreview.model import Site
from livingreview.pages import asset_files, page_paths
from livingreview.writer import write_atomic

_VERSION = 1
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_LISTED = 8
"""How many of a page's anchors a hint lists when none is close to the one asked for."""


@dataclass(frozen=True, slots=True)
class Scan:
    """One rendered page: its anchors (document order) and its local links (page line, target)."""

    anchors: tuple[str, ...]
    links: tuple[tuple[int, str], ...]


class _NamesLoader(yaml.SafeLoader):
    """Reads ``!!python/name:x.y`` as the string ``x.y`` (and any other tag as a plain value)."""


_NamesLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda _loader, suffix, _node: suffix)
_NamesLoader.add_multi_constructor("", _TolerantLoader.yaml_multi_constructors[""])
_SLUGIFIERS = {"markdown.extensions.toc.slugify": False, "markdown.extensions.toc.slugify_unicode": True}


def slugs(site: Site) -> Slugs | None:
    """The ``toc`` settings of ``mkdocs.yml`` that shape heading ids; None for a slugify we cannot mirror."""
    try:
        data = yaml.load(site.config.mkdocs_file.read_text(encoding="utf-8"), Loader=_NamesLoader)
    except (OSError, yaml.YAMLError):
        return Slugs()
    for item in data.get("markdown_extensions") or [] if isinstance(data, dict) else []:
        if isinstance(item, dict) and isinstance(item.get("toc"), dict):
            options = item["toc"]
            separator = options.get("separator", "-")
            function = options.get("slugify", "markdown.extensions.toc.slugify")
            if function not in _SLUGIFIERS or not isinstance(separator, str):
                return None
            return Slugs(separator, _SLUGIFIERS[function])
    return Slugs()


def without_front_matter(text: str) -> str:
    """The page as MkDocs hands it to Markdown: YAML front matter blanked out (lines kept)."""
    match = _FRONT_MATTER.match(text)
    return "\n" * match.group(0).count("\n") + text[match.end() :] if match else text


def scan(text: str, shape: Slugs) -> Scan:
    """Parse a rendered page once: its anchors and its local links come from the same tokens."""
    text = without_front_matter(text)
    items = parser().parse(text)
    found = tuple((line, target) for line, target in links.walk(items, 1) if links.is_local(target))
    return Scan(tuple(page_anchors(items, text, shape)), found)


class ScanCache:
    """Scans of rendered pages between runs, keyed by the page text's SHA-256 (and the slug settings)."""

    def __init__(self, file: Path, shape: Slugs) -> None:
        self.file, self.shape = file, shape
        self._salt = f"{_VERSION}\0{shape.separator}\0{shape.unicode}\0"
        self._old: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("salt") == self._salt and isinstance(data.get("pages"), dict):
                self._old = data["pages"]
        except (OSError, ValueError):
            pass

    def scan(self, text: str) -> Scan:
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        entry = self._old.get(key)
        if isinstance(entry, list) and len(entry) == 2:
            try:
                found = Scan(tuple(str(a) for a in entry[0]), tuple((int(n), str(t)) for n, t in entry[1]))
            except (TypeError, ValueError):
                pass  # a damaged entry: scan the page again
            else:
                self._used[key] = entry
                return found
        result = scan(text, self.shape)
        self._used[key] = [list(result.anchors), [list(x) for x in result.links]]
        return result

    def save(self) -> None:
        if self._used == self._old:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.file, json.dumps({"salt": self._salt, "pages": self._used}).encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written only makes the next run slower


class Checker:
    """Resolves links from one page against the site's pages and (when rendered) their anchors."""

    def __init__(self, site: Site, anchors: dict[str, tuple[str, ...]] | None) -> None:
        self.pages = page_paths(site)
        self.assets = asset_files(site.config.assets_dir)
        self.anchors = anchors
        self._sets = {page: frozenset(ids) for page, ids in (anchors or {}).items()}

    def problem(self, path: str, line: int, page: str, target: str) -> Diagnostic | None:
        parts = urlsplit(target)
        fragment = unquote(parts.fragment)
        shown = unquote(target)
        if parts.path:
            resolved = links.resolve(page, target)
            if resolved not in self.pages and resolved not in self.assets:
                near = did_you_mean(resolved, self.pages)
                hint = f"{near} (links are relative to this page: {page})" if near else f"links are relative to {page}"
                return error(path, line, "E-LINK", f"link '{shown}' points to '{resolved}', which is not a page", hint)
        else:
            resolved = page
        if not fragment or self.anchors is None or resolved not in self._sets or fragment in self._sets[resolved]:
            return None
        where = "this page" if resolved == page else f"that page '{resolved}'"
        return error(
            path,
            line,
            "E-ANCHOR",
            f"link '{shown}' points to an anchor {where} does not have",
            self.hint(shown.partition("#")[0], fragment, self.anchors.get(resolved, ())),
        )

    @staticmethod
    def hint(prefix: str, fragment: str, ids: tuple[str, ...]) -> str:
        near = did_you_mean(fragment, ids)
        if near:
            best = near.removeprefix("did you mean '").removesuffix("'?")
            return f"did you mean '{prefix}#{best}'?"
        if not ids:
            return "that page has no headings or ids to link to"
        listed = ", ".join(f"#{i}" for i in ids[:_LISTED])
        more = f" and {len(ids) - _LISTED} more" if len(ids) > _LISTED else ""
        return (
            f"its anchors are {listed}{more}; a heading's anchor is its text in lower case, "
            "punctuation dropped, spaces as '-'"
        )


def check(site: Site, rendered: dict[str, str] | None) -> list[Diagnostic]:
    """Page links and anchors of every page; anchors only when ``rendered`` (output path -> Markdown)."""
    scans: dict[str, Scan] = {}
    shape = slugs(site)
    if rendered is not None and shape is not None:
        cache = ScanCache(site.config.root / ".cache" / "pagescan.json", shape)
        scans = {page: cache.scan(text) for page, text in rendered.items() if page.endswith(".md")}
        cache.save()
    checker = Checker(site, {page: s.anchors for page, s in scans.items()} if scans else None)
    problems: list[Diagnostic] = []
    written: dict[str, set[str]] = {}
    for page, doc in reading_order(site):
        for line, target in links.local_targets(doc.body, doc.body_line):
            written.setdefault(page, set()).add(target)
            found = checker.problem(doc.path, line, page, target)
            if found:
                problems.append(found)
    sources = {page: doc for page, doc in reading_order(site)}
    for page, result in scans.items():
        source = sources.get(page)
        for line, target in result.links:
            if target in written.get(page, ()):
                continue  # the contributor's own link: reported above at its line
            path, at = (source.path, source.body_line) if source else (f"(generated) {page}", line)
            found = checker.problem(path, at, page, target)
            if found:
                problems.append(found)
    return problems


__all__ = ["Checker", "Scan", "check", "scan", "slugs"]
