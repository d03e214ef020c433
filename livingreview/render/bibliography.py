"""The bibliography: every entry, its identifiers, what was checked, and the pages citing it."""

from __future__ import annotations

from livingreview import escape, urls
from livingreview.markdown.markers import anchor_for
from livingreview.pages import Page
from livingreview.refs import format as refformat
from livingreview.refs.bibtex import Reference
from livingreview.refs.identifiers import BY_FIELD
from livingreview.render.context import Context


def _gaps(ref: Reference) -> str:
    texts = (
        f"not found: {ref.get('x-missing')}" if ref.get("x-missing") else "",
        f"unconfirmed: {ref.get('x-unconfirmed')}" if ref.get("x-unconfirmed") else "",
    )
    return "; ".join(text for text in texts if text)


def render(ctx: Context, page: Page) -> str:
    cites, index = ctx.cites, ctx.cites.index
    refs = list(ctx.site.references)
    if cites.numeric:
        refs.sort(key=lambda r: (index.numbers.get(r.key, 10**9), r.key))
    else:
        refs.sort(key=lambda r: (refformat.short(r).lower(), r.key))
    titles = ctx.map.titles()
    entries = []
    for ref in refs:
        ids = [
            {"name": handler.name, "value": ref.get(name), "url": handler.url(ref.get(name))}
            for name, handler in BY_FIELD.items()
            if ref.get(name) and handler.inspect(ref.get(name)) is None
        ]
        cited_on = [
            {"title": titles.get(p, p), "link": urls.relative(page.path, p)} for p in index.cited_on.get(ref.key, [])
        ]
        entries.append(
            {
                "anchor": anchor_for(ref.key),
                "label": cites.label(ref.key),
                "key": ref.key,
                "text": escape.md(cites.full(ref)),
                "ids": ids,
                "status": ctx.site.ledger.record(ref.key).text(),
                "gaps": escape.md(_gaps(ref)),
                "cited_on": cited_on,
            }
        )
    return ctx.templates["bibliography"].render(entries=entries)


__all__ = ["render"]
