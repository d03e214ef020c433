"""The evidence map: condition x MSC source and organ system x study type, each cell a count linking to the studies."""

from __future__ import annotations

from urllib.parse import quote

from markupsafe import Markup

from livingreview import escape, urls
from livingreview.pages import Page
from livingreview.render.context import Context
from livingreview.render.evidence import entity_link


def _heat(n: int, target: str) -> Markup:
    if not n:
        return Markup("")
    level = 1 if n == 1 else 2 if n <= 2 else 3 if n <= 4 else 4 if n <= 8 else 5
    return Markup(f'<span class="lr-heat lr-heat-{level}">[{n}]({target})</span>')


def render(ctx: Context, page: Page) -> str:
    path, counted = page.path, ctx.cites.counted
    sources = sorted(ctx.map.entities["source"].values(), key=lambda e: (-len(counted(e.studies)), e.name.lower()))
    by_condition = []
    for disease in ctx.map.diseases:
        studies = counted(ctx.studies_of(disease.slug))
        link = urls.relative(path, disease.output)
        cells = []
        for source in sources:
            n = sum(1 for s in studies if source.name in {x.tissue for x in s.record.sources})
            cells.append(_heat(n, f"{link}?filter={quote('MSC source:' + source.name)}"))
        by_condition.append(
            {"link": Markup(f"[{escape.md(disease.record.title)}]({link})"), "cells": cells, "total": len(studies)}
        )
    types = list(ctx.vocab.study_types) if ctx.vocab else []
    by_system = []
    names = ctx.vocab.organ_systems if ctx.vocab else {}
    for slug, name in names.items():
        in_system = {
            s.id: s for d in ctx.map.diseases if d.record.organ_system == slug for s in counted(ctx.studies_of(d.slug))
        }
        if not in_system:
            continue
        cells = []
        for study_type in types:
            n = sum(1 for s in in_system.values() if study_type in s.record.study_type)
            query = quote(f"Organ system:{name}") + "&filter=" + quote(f"Study type:{study_type}")
            cells.append(_heat(n, f"{urls.relative(path, urls.STUDIES)}?filter={query}"))
        by_system.append({"link": Markup(escape.md(name)), "cells": cells, "total": len(in_system)})
    return ctx.templates["evidence_map"].render(
        sources=[Markup(entity_link(path, "source", s.name)) for s in sources],
        by_condition=by_condition,
        types=types,
        by_system=by_system,
    )


__all__ = ["render"]
