"""The home page: introduction, counts, organ systems, the latest edition."""

from __future__ import annotations

from markupsafe import Markup

from livingreview import urls
from livingreview.pages import Page
from livingreview.render.context import Context
from livingreview.render.diseases import system_summaries


def render(ctx: Context, page: Page) -> str:
    site, path = ctx.site, page.path
    home = site.home
    body = ctx.cites.prose(path, home.doc.body, home.doc.body_line) if home else ""
    return ctx.templates["home"].render(
        home=home.record if home else None,
        body=Markup(body),
        counts={
            "studies": len(site.studies),
            "tally": ctx.counts.tally(site.studies),
            "conditions": len(site.diseases),
            "references": len(site.references),
            "reviews": len({r.review for s in site.studies for r in s.record.reported_in}),
            "direct": sum(1 for s in site.studies if not s.record.reported_in),
        },
        systems=system_summaries(ctx, urls.HOME),
        evidence=ctx.counts,
        build_date=ctx.build_date,
        edition=ctx.living.home(),
        citation_meta=ctx.living.citation_meta(),
        references=ctx.cites.reference_list(path),
        banner=ctx.cites.banner(path),
    )


__all__ = ["render"]
