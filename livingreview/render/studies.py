"""One page per study record, and the table of all studies."""

from __future__ import annotations

from markupsafe import Markup

from livingreview import escape, urls
from livingreview.model import Study
from livingreview.pages import Page, study_order
from livingreview.render.context import Context


def study(ctx: Context, page: Page) -> str:
    item: Study = page.subject
    path, r, cites = page.path, item.record, ctx.cites
    conditions = [
        {
            "title": ctx.disease_by_slug[s].record.title,
            "link": urls.relative(path, ctx.disease_by_slug[s].output),
        }
        for s in r.conditions
        if s in ctx.disease_by_slug
    ]
    reviews = [{"cite": cites.cite(path, entry.review), "ref": entry.ref} for entry in r.reported_in]
    return ctx.templates["study"].render(
        study=r,
        h=ctx.fields.at(path),
        conditions=conditions,
        reference=cites.cite(path, r.reference),
        reference_text=escape.md(cites.full(cites.refs[r.reference])) if r.reference in cites.refs else "",
        reviews=reviews,
        body=Markup(cites.prose(path, item.doc.body, item.doc.body_line)),
        references=cites.reference_list(path),
        banner=cites.banner(path),
        dates=ctx.living.dates(path),
    )


def index(ctx: Context, page: Page) -> str:
    studies = sorted(ctx.site.studies, key=study_order)
    return ctx.templates["studies"].render(table=ctx.evidence.table(page.path, studies), count=len(studies))


__all__ = ["index", "study"]
