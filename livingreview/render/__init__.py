"""Render the checked site into plain Markdown pages (output path -> text), one small module per page kind.

The page model (:mod:`livingreview.pages`) lists every page; :data:`RENDERERS` names the function that
makes each kind. Shared components: :mod:`.environment` (Jinja, filters), :mod:`.citations`
(labels, reference lists, banners), :mod:`.evidence` (evidence tables, facets), :mod:`.datatables`;
every path and link comes from :mod:`livingreview.urls`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from livingreview import history
from livingreview.citing import CitationIndex
from livingreview.model import Site
from livingreview.pages import Page
from livingreview.render import (
    about,
    bibliography,
    citation_health,
    diseases,
    entities,
    evidence_map,
    forked,
    help_wanted,
    home,
    living,
    reviews,
    studies,
    topics,
)
from livingreview.render.context import Context

RENDERERS: dict[str, Callable[[Context, Page], str]] = {
    "home": home.render,
    "diseases": diseases.index,
    "organ_system": diseases.organ_system,
    "disease": diseases.disease,
    "topic": topics.render,
    "study": studies.study,
    "studies": studies.index,
    "entity_index": entities.index,
    "entity": entities.entity,
    "evidence_map": evidence_map.render,
    "reviews": reviews.index,
    "review": reviews.review,
    "about_data": about.render,
    "bibliography": bibliography.render,
    "citation_health": citation_health.render,
    "whats_new": living.whats_new,
    "how_to_cite": living.how_to_cite,
    "review_status": living.review_status,
    "help_wanted": help_wanted.render,
}
"""Page kind -> the function that renders a page of that kind."""


SHARED_CELLS = frozenset({"disease", "entity", "studies"})
"""Page kinds made of evidence tables: their rows share memoised cells, so on two cores they are all
rendered by this process (the cells made once) and the forked copy renders the other kinds."""

AFTER_INDEX = frozenset({"bibliography"})
"""Page kinds rendered once the citation index is recorded (they list every reference by it)."""


@dataclass(slots=True)
class Rendered:
    pages: dict[str, str] = field(default_factory=dict)
    """Every Markdown page, by output path."""
    files: dict[str, bytes] = field(default_factory=dict)
    """Generated files besides pages: the feeds and every edition's downloads."""
    index: CitationIndex = field(default_factory=CitationIndex)
    """What the pages cite: numbers by first appearance, each page's keys, the pages citing each key."""


def render_site(site: Site, build_date: str, git_history: history.Pending | None = None) -> Rendered:
    """Every page of the page model and the generated files; the citation index from what the pages cite.

    ``git_history``: the ``git log`` the caller started early (else it is started here). The pages
    before the index are rendered on two cores where :mod:`.forked` can (same text either way).
    """
    ctx = Context(site, build_date, git_history)
    ctx.history.dates()  # read before the work is shared: a forked copy cannot wait for git
    ctx.templates.load_all()
    out = Rendered()
    texts = forked.render_all(
        lambda page: RENDERERS[page.kind](ctx, page),
        [page for page in ctx.map.pages if page.kind not in AFTER_INDEX],
        lambda page: page.path,
        lambda page: page.kind not in SHARED_CELLS,
    )
    for page in ctx.map.pages:
        out.pages[page.path] = texts.get(page.path, "")
    out.index = ctx.cites.resolve(out.pages, ctx.map.reading_order())
    for page in ctx.map.pages:
        if page.kind in AFTER_INDEX:
            out.pages[page.path] = RENDERERS[page.kind](ctx, page)
    out.files = ctx.living.files()
    return out


__all__ = ["RENDERERS", "Rendered", "render_site"]
