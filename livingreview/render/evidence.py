"""Evidence tables (one row per study) with their facet menus, and links to entity pages."""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from livingreview import escape, indexes, urls
from livingreview.model import Site, Study
from livingreview.render.citations import Citations
from livingreview.render.environment import Templates

FACETS = ("MSC source", "Species", "Study type", "Material", "Organ system")
"""The menus of every evidence table, in order (values per study from :meth:`Evidence.facets`)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One evidence-table row: everything already escaped for a Markdown table cell."""

    study: Markup
    year: str
    source: Markup
    model: Markup
    cargo: Markup
    outcome: Markup
    reference: Markup
    retracted: bool = False


def entity_link(page: str, kind: str, name: str) -> str:
    target = urls.entity(indexes.BY_KEY[kind].folder, indexes.slugify(name))
    return f"[{escape.md(name)}]({urls.relative(page, target)})"


def source_links(page: str, species: str | None, tissue: str | None) -> str:
    parts = [str(escape.md(species))] if species else []
    if tissue:
        parts.append(entity_link(page, "source", tissue))
    return " ".join(parts)


def model_text(model: Any) -> str:
    parts = [model.species, model.model]
    text = " ".join(p for p in parts if p)
    if model.cell_line:
        text = f"{text} ({model.cell_line} cells)" if text else f"{model.cell_line} cells"
    return text


class Evidence:
    def __init__(self, site: Site, cites: Citations, templates: Templates) -> None:
        self.site = site
        self.vocab = site.vocab
        self.cites = cites
        self.templates = templates
        self.system_of = {d.slug: d.record.organ_system for d in site.diseases}
        self._rows: dict[tuple[str, str], Row] = {}
        self._facets: dict[str, list[list[str]]] = {}

    def agent(self, key: str) -> str:
        return self.vocab.agents.get(key, key) if self.vocab else key

    def table(self, page: str, studies: list[Study]) -> Markup:
        folder = posixpath.dirname(page)
        rows = []
        for study in studies:
            # A row depends on its page only through relative links, so one per folder serves all.
            row = self._rows.get((folder, study.id))
            if row is None:
                row = self._rows[(folder, study.id)] = self.row(page, study)
            rows.append(row)
        excluded = sum(1 for r in rows if r.retracted)
        facets = {"names": list(FACETS), "rows": [self.facets(s) for s in studies]}
        return Markup(
            self.templates["evidence_table"].render(
                rows=rows,
                counted=len(rows) - excluded,
                excluded=excluded,
                facets=json.dumps(facets, ensure_ascii=False, separators=(",", ":")),
            )
        )

    def facets(self, study: Study) -> list[list[str]]:
        """Values of :data:`FACETS` for one study (what the table's menus filter on)."""
        found = self._facets.get(study.id)
        if found is None:
            r = study.record
            systems = sorted({self.system_of.get(c, "") for c in r.conditions} - {""})
            names = self.vocab.organ_systems if self.vocab else {}
            found = self._facets[study.id] = [
                sorted({x.tissue for x in r.sources if x.tissue}),
                sorted({m.species for m in r.models if m.species}),
                list(r.study_type),
                [r.ev_type or self.agent(r.agent)] if r.agent == "msc-ev" else [self.agent(r.agent)],
                [names.get(x, x) for x in systems],
            ]
        return found

    def row(self, page: str, study: Study) -> Row:
        r = study.record
        name = r.first_author + (f" {r.year}" if r.year else "") if r.first_author else r.title
        source = " vs ".join(source_links(page, x.species, x.tissue) for x in r.sources)
        agent = str(escape.md(self.agent(r.agent)))
        material = str(escape.md(r.ev_type)) if r.ev_type else agent
        given = f"{source} ({material})" if source else material
        if r.agent != "msc-ev":
            given = f"{agent}: {source}" if source else agent
        models = "; ".join(model_text(m) for m in r.models) or ", ".join(r.study_type)
        cargo_links = ", ".join(entity_link(page, "cargo", c.name) for c in r.cargo)
        link = urls.relative(page, study.output)
        retracted = self.cites.retracted(r.reference)

        def struck(cell: Markup) -> Markup:
            return Markup(f"<del>{cell}</del>") if retracted else cell

        return Row(
            study=struck(Markup(f'[{escape.md(name)}]({link} "{escape.link_title(r.title)}")')),
            year=str(r.year or ""),
            source=struck(Markup(given) if given else Markup("–")),
            model=struck(escape.cell(models)),
            cargo=struck(Markup(cargo_links) if cargo_links else Markup("–")),
            outcome=struck(escape.cell(r.outcomes[0] if r.outcomes else "")),
            reference=self.cites.cite(page, r.reference) or Markup("–"),
            retracted=retracted,
        )


__all__ = ["FACETS", "Evidence", "Row", "entity_link", "model_text", "source_links"]
