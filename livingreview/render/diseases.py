"""The diseases index, one page per organ system, and one page per condition with its evidence table."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from livingreview import urls
from livingreview.markdown.markers import EVIDENCE_MARKER
from livingreview.model import Disease
from livingreview.pages import Page
from livingreview.render.context import Context

METHODS_TOPIC = "methods-and-scope"
"""The topic page that states the sources and scope; disease pages link to it when it exists."""


def system_summaries(ctx: Context, page: str) -> list[dict[str, Any]]:
    """Organ systems with conditions: name, link from ``page``, counts of conditions and studies (a
    :class:`~livingreview.render.counts.Tally`: primary evidence, comparison, retracted left out)."""
    systems = []
    names = ctx.vocab.organ_systems if ctx.vocab else {}
    for slug, name in names.items():
        conditions = [d for d in ctx.map.diseases if d.record.organ_system == slug]
        if not conditions:
            continue
        studies = {s.id: s for d in conditions for s in ctx.studies_of(d.slug)}
        tally = ctx.counts.tally(studies.values())
        systems.append(
            {
                "slug": slug,
                "name": name,
                "link": urls.relative(page, urls.organ_system(slug)),
                "conditions": len(conditions),
                "studies": tally.total,
                "tally": tally,
            }
        )
    return systems


def index(ctx: Context, page: Page) -> str:
    return ctx.templates["diseases"].render(systems=system_summaries(ctx, page.path), counts=ctx.counts)


def organ_system(ctx: Context, page: Page) -> str:
    system = next(s for s in system_summaries(ctx, urls.DISEASES) if s["slug"] == page.subject)
    rows = [
        {
            "title": d.record.title,
            "link": urls.relative(page.path, d.output),
            "summary": d.record.summary,
            "aliases": d.record.aliases,
            "tally": ctx.counts.tally(ctx.studies_of(d.slug)),
        }
        for d in ctx.map.diseases
        if d.record.organ_system == page.subject
    ]
    return ctx.templates["organ_system"].render(system=system, conditions=rows, counts=ctx.counts)


def methods_link(ctx: Context, page: str) -> str:
    """Relative link to the methods-and-scope topic from ``page``, or '' when the site has none."""
    found = [t.output for t in ctx.site.topics if t.slug == METHODS_TOPIC]
    return urls.relative(page, found[0]) if found else ""


def disease(ctx: Context, page: Page) -> str:
    item: Disease = page.subject
    path = page.path
    body = ctx.cites.prose(path, item.doc.body, item.doc.body_line)
    table = ctx.evidence.table(path, ctx.studies_of(item.slug))
    if EVIDENCE_MARKER in body:
        body = body.replace(EVIDENCE_MARKER, str(table), 1).replace(EVIDENCE_MARKER, "")
    else:
        body = body.rstrip("\n") + "\n\n## Evidence table\n\n" + str(table)
    return ctx.templates["disease"].render(
        disease=item.record,
        system_name=ctx.organ_system_name(item.record.organ_system),
        body=Markup(ctx.tables.insert(path, body)),
        references=ctx.cites.reference_list(path),
        banner=ctx.cites.banner(path),
        methods_link=methods_link(ctx, path),
        dates=ctx.living.dates(path),
    )


__all__ = ["METHODS_TOPIC", "disease", "index", "methods_link", "organ_system", "system_summaries"]
