"""About the data: the field reference of the study records."""

from __future__ import annotations

from markupsafe import Markup

from livingreview.content import fieldref
from livingreview.pages import Page
from livingreview.render.context import Context


def render(ctx: Context, page: Page) -> str:
    return ctx.templates["about_data"].render(fields=Markup(fieldref.markdown(headings=2)))


__all__ = ["render"]
