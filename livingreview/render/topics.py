"""Topic pages: background prose with the data tables it shows."""

from __future__ import annotations

from markupsafe import Markup

from livingreview.model import Topic
from livingreview.pages import Page
from livingreview.render.context import Context


def render(ctx: Context, page: Page) -> str:
    topic: Topic = page.subject
    path = page.path
    body = ctx.tables.insert(path, ctx.cites.prose(path, topic.doc.body, topic.doc.body_line))
    return ctx.templates["topic"].render(
        topic=topic.record,
        body=Markup(body),
        references=ctx.cites.reference_list(path),
        banner=ctx.cites.banner(path),
        dates=ctx.living.dates(path),
    )


__all__ = ["render"]
