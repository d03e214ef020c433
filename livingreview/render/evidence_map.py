"""The evidence map (``evidence_map`` in the profile): condition x the values of one field (a column per
entity of its kind) and organ system x the values of another (in vocabulary order), each cell a count
linking to the studies."""

from __future__ import annotations

from urllib.parse import quote

from markupsafe import Markup

from livingreview import escape, urls
from livingreview.content import records
from livingreview.pages import Page
from livingreview.render.context import Context


def _heat(n: int, target: str) -> Markup:
    if not n:
        return Markup("")
    level = 1 if n == 1 else 2 if n <= 2 else 3 if n <= 4 else 4 if n <= 8 else 5
    return Markup(f'<span class="lr-heat lr-heat-{level}">[{n}]({target})</span>')


def render(ctx: Context, page: Page) -> str:
    spec = ctx.site.profile.spec.evidence_map if ctx.site.profile else None
    if spec is None:
        return ctx.templates["evidence_map"].render(columns=[], by_condition=[], types=[], by_system=[])
    path, counted = page.path, ctx.cites.counted
    across, down = spec.conditions, spec.groups
    group = next((f.name for f in ctx.site.profile.spec.facets if f.builtin == "group"), "") if ctx.site.profile else ""
    entities = ctx.map.entities.get(across.entity or "", {})
    columns = sorted(entities.values(), key=lambda e: (-len(counted(e.studies)), e.name.lower()))
    by_condition = []
    for disease in ctx.map.diseases:
        studies = counted(ctx.studies_of(disease.slug))
        link = urls.relative(path, disease.output)
        cells = []
        for column in columns:
            n = sum(1 for s in studies if column.name in records.values(s.record, across.field))
            cells.append(_heat(n, f"{link}?filter={quote(f'{across.facet}:{column.name}')}"))
        by_condition.append(
            {"link": Markup(f"[{escape.md(disease.record.title)}]({link})"), "cells": cells, "total": len(studies)}
        )
    vocabulary = ctx.fields.vocabulary_of(down.field)
    values = ctx.fields.vocabulary(vocabulary) if vocabulary else []
    types = [ctx.fields.label(vocabulary, v) for v in values]
    by_system = []
    names = ctx.vocab.organ_systems if ctx.vocab else {}
    for slug, name in names.items():
        in_system = {
            s.id: s for d in ctx.map.diseases if d.record.organ_system == slug for s in counted(ctx.studies_of(d.slug))
        }
        if not in_system:
            continue
        cells = []
        for value, shown in zip(values, types, strict=True):
            n = sum(1 for s in in_system.values() if value in records.values(s.record, down.field))
            query = quote(f"{group}:{name}") + "&filter=" + quote(f"{down.facet}:{shown}")
            cells.append(_heat(n, f"{urls.relative(path, urls.STUDIES)}?filter={query}"))
        by_system.append({"link": Markup(escape.md(name)), "cells": cells, "total": len(in_system)})
    return ctx.templates["evidence_map"].render(
        columns=[Markup(ctx.fields.entity_link(path, across.entity or "", c.name)) for c in columns],
        by_condition=by_condition,
        types=types,
        by_system=by_system,
    )


__all__ = ["render"]
