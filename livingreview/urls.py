"""Every page path of the site, computed here and nowhere else, and relative links between pages.

Paths are the Markdown files of the docs tree (``studies/x.md``); MkDocs turns them into HTML URLs.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

HOME = "index.md"
DISEASES = "diseases/index.md"
STUDIES = "studies/index.md"
REVIEWS = "reviews/index.md"
BIBLIOGRAPHY = "bibliography.md"
HEALTH = "citation-health.md"
EVIDENCE_MAP = "evidence-map.md"
ABOUT_DATA = "about-data.md"
WHATS_NEW = "whats-new.md"
HOW_TO_CITE = "how-to-cite.md"
REVIEW_STATUS = "review-status.md"
HELP_WANTED = "help-wanted.md"
FEED = "feed.xml"
DOWNLOADS = ("studies.json", "studies.csv", "references.bib", "references.json")


def study(study_id: str) -> str:
    return f"studies/{study_id}.md"


def study_html(study_id: str) -> str:
    """A study's page as MkDocs writes it (for the feeds, which link to the built site)."""
    return study(study_id)[:-3] + ".html"


def disease(organ_system: str, slug: str) -> str:
    return f"diseases/{organ_system}/{slug}.md"


def organ_system(slug: str) -> str:
    return f"diseases/{slug}/index.md"


def topic(slug: str) -> str:
    return f"topics/{slug}.md"


def review(key: str) -> str:
    return f"reviews/{key}.md"


def entity_index(folder: str) -> str:
    return f"{folder}/index.md"


def entity(folder: str, slug: str) -> str:
    return f"{folder}/{slug}.md"


def condition_feed(slug: str) -> str:
    """The Atom feed of one condition."""
    return f"feeds/{slug}.xml"


def download(name: str) -> str:
    return f"downloads/{name}"


def edition_download(version: str, name: str) -> str:
    return f"downloads/editions/{version}/{name}"


@lru_cache(maxsize=200_000)
def relative(from_page: str, to_page: str) -> str:
    """Relative link between two output Markdown files (MkDocs resolves and validates it)."""
    target, _, fragment = to_page.partition("#")
    path = _relpath(target, posixpath.dirname(from_page))
    return path + (f"#{fragment}" if fragment else "")


def _relpath(target: str, folder: str) -> str:
    """``posixpath.relpath`` for the docs tree's own clean relative paths, without its filesystem calls."""
    if ".." in target or ".." in folder or target.startswith(("/", "./")) or folder.startswith(("/", ".")):
        return posixpath.relpath(target, folder or ".")
    up = folder.split("/") if folder else []
    down = target.split("/")
    common = 0
    while common < len(up) and common < len(down) and up[common] == down[common]:
        common += 1
    return "/".join([".."] * (len(up) - common) + down[common:]) or "."
