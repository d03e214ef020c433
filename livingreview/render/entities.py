"""A page per entity (of each kind the profile declares under `entities`) and an index per kind."""

from __future__ import annotations

from markupsafe import Markup

from livingreview import escape, urls
from livingreview.indexes import Entity, Kind
from livingreview.model import Disease
from livingreview.pages import Page
from livingreview.render.context import Context


def _conditions(ctx: Context, entity: Entity) -> list[Disease]:
    return [ctx.disease_by_slug[c] for c in entity.conditions if c in ctx.disease_by_slug]


def entity(ctx: Context, page: Page) -> str:
    kind: Kind
    item: Entity
    kind, item = page.subject
    path = page.path
    conditions = sorted(_conditions(ctx, item), key=lambda d: d.record.title.lower())
    return ctx.templates["entity"].render(
        kind=kind,
        entity=item,
        index_link=urls.relative(path, urls.entity_index(kind.folder)),
        conditions=[{"title": d.record.title, "link": urls.relative(path, d.output)} for d in conditions],
        table=ctx.evidence.table(path, item.studies),
        tally=ctx.counts.tally(item.studies),
        counts=ctx.counts,
    )


def _link(page: str, kind: Kind, item: Entity) -> Markup:
    return Markup(f"[{escape.md(item.name)}]({urls.relative(page, urls.entity(kind.folder, item.slug))})")


def index(ctx: Context, page: Page) -> str:
    kind: Kind = page.subject
    rows = [
        {
            "link": Markup(
                f"[{escape.md(item.name)}]({urls.relative(page.path, urls.entity(kind.folder, item.slug))})"
            ),
            "detail": item.detail,
            "tally": ctx.counts.tally(item.studies),
            "conditions": len(_conditions(ctx, item)),
        }
        for item in ctx.map.entities[kind.key].values()
    ]
    return ctx.templates["entity_index"].render(kind=kind, rows=rows, counts=ctx.counts)


__all__ = ["entity", "index"]
