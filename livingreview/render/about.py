"""About the data: the field reference of the study records."""

from __future__ import annotations

from markupsafe import Markup

from livingreview.content import fieldref
from livingreview.pages import Page
from livingreview.render.context import Context


def render(ctx: Context, page: Page) -> str:
    profile = ctx.site.profile
    fields = fieldref.markdown(profile, headings=2) if profile else ""
    return ctx.templates["about_data"].render(fields=Markup(fields))


__all__ = ["render"]
