"""The page model: every page of the site, gathered once before anything is rendered.

Each :class:`Page` knows its output path, title, kind, place in the navigation (or that it stays out
of it on purpose), the content document it is made from and whether its citations count. Navigation,
page paths for link checks, titles, MkDocs' ``not_in_nav``, the reading order of citations and the
source of each page for diagnostics are all read from :class:`SiteMap`; nothing else lists pages.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from livingreview import indexes, urls
from livingreview.content.frontmatter import Document
from livingreview.indexes import Entity
from livingreview.model import Disease, Site, Study
from livingreview.refs import format as refformat

# Kept here for the modules that name them through the page model.
BIBLIOGRAPHY = urls.BIBLIOGRAPHY
HEALTH = urls.HEALTH
EVIDENCE_MAP = urls.EVIDENCE_MAP
ABOUT_DATA = urls.ABOUT_DATA
DOWNLOADS = urls.DOWNLOADS
FEED = urls.FEED
EDITIONS = "editions"
"""The folder (under the project root) of the recorded editions, one ``VERSION.json`` each."""


@dataclass(frozen=True, slots=True)
class Page:
    """One Markdown page of the site."""

    path: str
    title: str
    kind: str
    """Which renderer makes it: home, diseases, organ_system, disease, topic, study, studies, reviews,
    review, entity_index, entity, evidence_map, about_data, bibliography, citation_health, whats_new,
    how_to_cite, review_status, help_wanted."""
    nav: tuple[str, ...] | None
    """Its section in the navigation (``()`` is the top level); None: not in the nav, on purpose."""
    nav_title: str | None = None
    """Its label in the navigation; None lists the page bare (it is its section's index)."""
    doc: Document | None = None
    """The content file it is made from (diagnostics point there), if any."""
    subject: Any = None
    """What it shows: the Study, Disease, Topic, Entity, review key or organ-system slug."""
    cites: bool = False
    """Its citations count: numbered in reading order, listed on the page, 'cited on' in the bibliography."""

    @property
    def source(self) -> str | None:
        return self.doc.path if self.doc else None

    @property
    def first_line(self) -> int:
        return self.doc.body_line if self.doc else 1


@dataclass(slots=True)
class SiteMap:
    """The pages in order (navigation order, hidden pages after their section), and what they share."""

    pages: list[Page] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    """Generated files other than pages: downloads, feeds, every edition's downloads."""
    diseases: list[Disease] = field(default_factory=list)
    """Diseases in navigation order (organ system as in the vocabulary, then title)."""
    by_condition: dict[str, list[Study]] = field(default_factory=dict)
    """Studies of each condition, oldest first (year, first author, id)."""
    entities: dict[str, dict[str, Entity]] = field(default_factory=dict)
    """Entities of each kind, keyed by slug."""
    reviews: list[str] = field(default_factory=list)
    """Keys of the source reviews that report studies, in order of first appearance."""

    def by_path(self) -> dict[str, Page]:
        return {p.path: p for p in self.pages}

    def paths(self) -> set[str]:
        """Every file the build writes from the model: pages and generated files."""
        return {p.path for p in self.pages} | set(self.files)

    def titles(self) -> dict[str, str]:
        return {p.path: p.title for p in self.pages}

    def reading_order(self) -> list[Page]:
        """The pages whose citations count, in the order a reader meets them."""
        return [p for p in self.pages if p.cites]

    def sources(self) -> dict[str, str]:
        """Output page -> the content file it is made from (to report MkDocs' problems at the source)."""
        return {p.path: p.doc.path for p in self.pages if p.doc is not None and p.cites}

    def nav(self) -> list[Any]:
        """The MkDocs navigation, sections in order of their first page."""
        root: list[Any] = []
        sections: dict[tuple[str, ...], list[Any]] = {(): root}
        for page in self.pages:
            if page.nav is None:
                continue
            for depth in range(1, len(page.nav) + 1):
                key = page.nav[:depth]
                if key not in sections:
                    sections[key] = []
                    sections[key[:-1]].append({key[-1]: sections[key]})
            entry = page.path if page.nav_title is None else {page.nav_title: page.path}
            sections[page.nav].append(entry)
        return root

    def not_in_nav(self) -> list[str]:
        """MkDocs ``not_in_nav`` patterns for the pages kept out of the nav on purpose (one per folder)."""
        patterns: dict[str, None] = {}
        for page in self.pages:
            if page.nav is None:
                folder = page.path.rpartition("/")[0]
                patterns.setdefault(f"/{folder}/*.md" if folder else f"/{page.path}")
        return list(patterns)


def study_order(study: Study) -> tuple[int, str, str]:
    return (study.record.year or 0, (study.record.first_author or "").lower(), study.id)


def ordered_diseases(site: Site) -> list[Disease]:
    order = list(site.vocab.organ_systems) if site.vocab else []
    rank = {slug: i for i, slug in enumerate(order)}
    return sorted(
        site.diseases,
        key=lambda d: (rank.get(d.record.organ_system, len(rank)), d.record.title.lower(), d.slug),
    )


def reviews(site: Site) -> list[str]:
    """Keys of the reviews that report studies, in order of first appearance."""
    keys: dict[str, None] = {}
    for study in sorted(site.studies, key=lambda s: s.id):
        for item in study.record.reported_in:
            keys.setdefault(item.review)
    return list(keys)


def edition_downloads(root: Path) -> set[str]:
    """``downloads/editions/VERSION/...`` for every recorded edition (each is rebuilt on every build)."""
    folder = root / EDITIONS
    versions = sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []
    return {urls.edition_download(v, name) for v in versions for name in DOWNLOADS}


def asset_files(folder: Path) -> dict[str, Path]:
    """Every file under the project's assets folder, keyed by its path in the docs tree."""
    if not folder.is_dir():
        return {}
    return {"assets/" + p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


_last: list[tuple[Site, SiteMap]] = []


def gather(site: Site) -> SiteMap:
    """Every page and generated file of the site, in navigation order, and the groupings they share.

    Gathered once per loaded site (checks, render, link checks and the build all read the same map).
    """
    if _last and _last[0][0] is site:
        return _last[0][1]
    found = _gather(site)
    _last[:] = [(site, found)]
    return found


def _gather(site: Site) -> SiteMap:
    found = SiteMap(diseases=ordered_diseases(site), reviews=reviews(site))
    by_condition: dict[str, list[Study]] = defaultdict(list)
    for study in sorted(site.studies, key=study_order):
        for slug in study.record.conditions:
            by_condition[slug].append(study)
    found.by_condition = dict(by_condition)
    found.entities = {kind.key: indexes.group(site, kind) for kind in indexes.kinds(site.profile)}
    add = found.pages.append
    add(Page(urls.HOME, "Home", "home", (), "Home", site.home.doc if site.home else None, site.home, cites=True))
    add(Page(urls.DISEASES, "Diseases", "diseases", ("Diseases",)))
    names = site.vocab.organ_systems if site.vocab else {}
    for slug, name in names.items():
        mine = [d for d in found.diseases if d.record.organ_system == slug]
        if not mine:
            continue
        add(Page(urls.organ_system(slug), name, "organ_system", ("Diseases", name), subject=slug))
        for d in mine:
            add(Page(d.output, d.record.title, "disease", ("Diseases", name), d.record.title, d.doc, d, cites=True))
    for t in sorted(site.topics, key=lambda t: t.slug):
        add(Page(t.output, t.record.title, "topic", ("Topics",), t.record.title, t.doc, t, cites=True))
    for s in sorted(site.studies, key=lambda s: s.id):
        add(Page(s.output, s.record.title, "study", None, doc=s.doc, subject=s, cites=True))
    add(Page(urls.EVIDENCE_MAP, "Evidence map", "evidence_map", ("Explore",), "Evidence map"))
    add(Page(urls.STUDIES, "All studies", "studies", ("Explore",), "All studies"))
    for kind in indexes.kinds(site.profile):
        index = urls.entity_index(kind.folder)
        add(Page(index, kind.title, "entity_index", ("Explore",), kind.title, subject=kind))
        for entity in found.entities[kind.key].values():
            add(Page(urls.entity(kind.folder, entity.slug), entity.name, "entity", None, subject=(kind, entity)))
    add(Page(urls.REVIEWS, "Source reviews", "reviews", ("Source reviews",)))
    refs = {r.key: r for r in site.references}
    for key in found.reviews:
        short = refformat.short(refs[key]) if key in refs else key
        add(
            Page(
                urls.review(key),
                f"Source review: {short}",
                "review",
                ("Source reviews",),
                short,
                subject=key,
                cites=True,
            )
        )
    add(Page(urls.ABOUT_DATA, "About the data", "about_data", (), "About the data"))
    add(Page(urls.BIBLIOGRAPHY, "Bibliography", "bibliography", (), "Bibliography"))
    add(Page(urls.HEALTH, "Citation health", "citation_health", (), "Citation health"))
    add(Page(urls.WHATS_NEW, "What's new", "whats_new", (), "What's new"))
    add(Page(urls.HOW_TO_CITE, "How to cite", "how_to_cite", (), "How to cite"))
    add(Page(urls.REVIEW_STATUS, "Review status", "review_status", None))
    add(Page(urls.HELP_WANTED, "Help wanted", "help_wanted", None))
    found.files = [urls.download(name) for name in DOWNLOADS] + [urls.FEED]
    found.files += [urls.condition_feed(d.slug) for d in site.diseases]
    found.files += sorted(edition_downloads(site.config.root))
    return found


def page_paths(site: Site) -> set[str]:
    """Every file the build will write, without rendering anything (for link checks)."""
    return gather(site).paths()
