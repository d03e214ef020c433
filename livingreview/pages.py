"""Where every page of the site goes: output paths, known before anything is rendered."""

from __future__ import annotations

from pathlib import Path

from livingreview import indexes
from livingreview.model import Site

BIBLIOGRAPHY = "bibliography.md"
HEALTH = "citation-health.md"
EVIDENCE_MAP = "evidence-map.md"
ABOUT_DATA = "about-data.md"
DOWNLOADS = ("studies.json", "studies.csv", "references.bib", "references.json")
FEED = "feed.xml"
EDITIONS = "editions"
"""The folder (under the project root) of the recorded editions, one ``VERSION.json`` each."""


def feed_page(slug: str) -> str:
    """The Atom feed of one condition."""
    return f"feeds/{slug}.xml"


def edition_downloads(root: Path) -> set[str]:
    """``downloads/editions/VERSION/...`` for every recorded edition (each is rebuilt on every build)."""
    folder = root / EDITIONS
    versions = sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []
    return {f"downloads/editions/{v}/{name}" for v in versions for name in DOWNLOADS}


def asset_files(folder: Path) -> dict[str, Path]:
    """Every file under the project's assets folder, keyed by its path in the docs tree."""
    if not folder.is_dir():
        return {}
    return {"assets/" + p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def review_page(key: str) -> str:
    return f"reviews/{key}.md"


def reviews(site: Site) -> list[str]:
    """Keys of the reviews that report studies, in order of first appearance."""
    keys: dict[str, None] = {}
    for study in sorted(site.studies, key=lambda s: s.id):
        for item in study.record.reported_in:
            keys.setdefault(item.review)
    return list(keys)


def page_paths(site: Site) -> set[str]:
    """Every page the build will write, without rendering anything (for link checks)."""
    paths = {"index.md", "diseases/index.md", "studies/index.md", "reviews/index.md", BIBLIOGRAPHY, HEALTH}
    paths |= {EVIDENCE_MAP, ABOUT_DATA}
    for kind in indexes.KINDS:
        paths.add(f"{kind.folder}/index.md")
        paths |= {indexes.page(kind, slug) for slug in indexes.group(site, kind)}
    paths |= {f"diseases/{d.record.organ_system}/index.md" for d in site.diseases}
    paths |= {d.output for d in site.diseases} | {t.output for t in site.topics} | {s.output for s in site.studies}
    paths |= {review_page(k) for k in reviews(site)}
    paths |= {f"downloads/{name}" for name in DOWNLOADS}
    paths |= {"whats-new.md", "how-to-cite.md", "review-status.md", FEED}
    paths |= {feed_page(d.slug) for d in site.diseases} | edition_downloads(site.config.root)
    return paths
