"""The evidence map (``evidence_map`` in the profile): condition x the values of one field (a column per
entity of its kind) and organ system x the values of another (in vocabulary order). Each cell counts the
review's primary evidence only and links to those studies; comparison studies have a column of their own;
studies resting on a retracted paper are not counted."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from livingreview import escape, urls
from livingreview.content import records
from livingreview.content.profile import MapAxis
from livingreview.model import Study
from livingreview.pages import Page
from livingreview.render.context import Context


def _heat(n: int, target: str) -> Markup:
    if not n:
        return Markup("")
    level = 1 if n == 1 else 2 if n <= 2 else 3 if n <= 4 else 4 if n <= 8 else 5
    return Markup(f'<span class="lr-heat lr-heat-{level}">[{n}]({target})</span>')


def _filter(facet: str | None, value: str) -> str:
    return f"filter={quote(f'{facet}:{value}')}" if facet else ""


def _query(*parts: str) -> str:
    found = [p for p in parts if p]
    return "?" + "&".join(found) if found else ""


def _columns(ctx: Context, page: str, axis: MapAxis, primary: list[Study]) -> list[tuple[str, Markup]]:
    """(value, heading) per column: the entities of the axis's kind with primary evidence, most studies
    first; or, without a kind, the values of the field's vocabulary in order."""
    if axis.entity is not None:
        entities = ctx.map.entities.get(axis.entity, {}).values()
        n = {e.name: sum(1 for s in primary if e.name in records.values(s.record, axis.field)) for e in entities}
        chosen = sorted((e for e in entities if n[e.name]), key=lambda e: (-n[e.name], e.name.lower()))
        return [(e.name, ctx.fields.entity_link(page, axis.entity, e.name)) for e in chosen]
    vocabulary = ctx.fields.vocabulary_of(axis.field)
    values = ctx.fields.vocabulary(vocabulary) if vocabulary else []
    return [(v, escape.md(ctx.fields.label(vocabulary, v))) for v in values]


def _row(ctx: Context, axis: MapAxis, studies: list[Study], columns: list[tuple[str, Markup]], target: Any) -> Any:
    counted = [s for s in ctx.cites.counted(studies)]
    primary = [s for s in counted if ctx.fields.primary(s.record)]
    vocabulary = ctx.fields.vocabulary_of(axis.field)
    cells = []
    for value, _ in columns:
        n = sum(1 for s in primary if value in records.values(s.record, axis.field))
        cells.append(_heat(n, target(_filter(axis.facet, ctx.fields.label(vocabulary, value)))))
    return {"cells": cells, "primary": len(primary), "comparison": len(counted) - len(primary)}


def render(ctx: Context, page: Page) -> str:
    spec = ctx.site.profile.spec if ctx.site.profile else None
    if spec is None or spec.evidence_map is None:
        return ctx.templates["evidence_map"].render(
            columns=[], by_condition=[], types=[], by_system=[], counts=ctx.counts
        )
    path = page.path
    across, down = spec.evidence_map.conditions, spec.evidence_map.groups
    group = next((f.name for f in spec.facets if f.builtin == "group"), None)
    evidence = next((f.name for f in spec.facets if f.builtin == "evidence"), None)
    only_primary = _filter(evidence, ctx.counts.primary_label) if ctx.counts.primary_label else ""
    everything = [s for s in ctx.cites.counted(list(ctx.site.studies)) if ctx.fields.primary(s.record)]
    columns = _columns(ctx, path, across, everything)
    by_condition = []
    for disease in ctx.map.diseases:
        link = urls.relative(path, disease.output)
        row = _row(
            ctx, across, ctx.studies_of(disease.slug), columns, lambda f, link=link: link + _query(f, only_primary)
        )
        row["link"] = Markup(f"[{escape.md(disease.record.title)}]({link})")
        by_condition.append(row)
    types = _columns(ctx, path, down, everything)
    by_system = []
    studies_link = urls.relative(path, urls.STUDIES)
    names = ctx.vocab.organ_systems if ctx.vocab else {}
    for slug, name in names.items():
        in_system = {s.id: s for d in ctx.map.diseases if d.record.organ_system == slug for s in ctx.studies_of(d.slug)}
        if not in_system:
            continue
        in_group = _filter(group, name)
        row = _row(
            ctx, down, list(in_system.values()), types, lambda f, g=in_group: studies_link + _query(g, f, only_primary)
        )
        row["link"] = Markup(escape.md(name))
        by_system.append(row)
    return ctx.templates["evidence_map"].render(
        columns=[heading for _, heading in columns],
        by_condition=by_condition,
        types=[heading for _, heading in types],
        by_system=by_system,
        counts=ctx.counts,
        across=across,
        down=down,
    )


__all__ = ["render"]
