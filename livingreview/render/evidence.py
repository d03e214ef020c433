"""Evidence tables (one row per study) with their facet menus, as the review's profile declares them.

The columns are ``evidence_table`` in ``content/profile.yaml``: each names a macro of
``templates/macros/evidence.md.j2`` that renders the cell from the study, its column and the page's
helpers (:class:`~livingreview.render.fields.Helpers`). The menus are ``facets``: the values at a
field path (for primary evidence, those at ``primary`` first), or the built-in organ system.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from livingreview import urls
from livingreview.content.profile import Facet, TableColumn
from livingreview.model import Site, Study
from livingreview.render.citations import Citations
from livingreview.render.counts import Counts
from livingreview.render.environment import Templates
from livingreview.render.fields import Fields, Helpers

MACROS = "macros/evidence.md.j2"
"""The template whose macros render the evidence-table cells."""


class _Recording(Helpers):
    """``h`` for one evidence-table cell: notes where the cell links, and whether it read the page itself."""

    __slots__ = ("page_read", "targets")

    def __init__(self, fields: Fields, page: str) -> None:
        super().__init__(fields, page)
        self.targets: list[str] = []
        self.page_read = False

    @property
    def page(self) -> str:
        self.page_read = True
        return self._page

    def relative(self, target: str) -> Markup:
        self.targets.append(target)
        return super().relative(target)

    def entity_link(self, kind: str, name: str) -> Markup:
        self.targets.append(self.fields.entity_target(kind, name))
        return super().entity_link(kind, name)

    def cite(self, key: str | None) -> Markup:
        if key:
            self.targets.append(self.fields.cites.target(key))
        return super().cite(key)


@dataclass(frozen=True, slots=True)
class _Cell:
    """A cell as rendered on one page: the same on every page whose links to the same targets read the same."""

    text: Markup
    links: tuple[tuple[str, str], ...]
    """Each target the macro linked to, and the relative link it got."""
    folder: str | None
    """The page's folder when the macro read ``h.page`` (then the cell serves that folder only)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One evidence-table row: a cell per column of the profile, each already escaped for Markdown."""

    cells: tuple[Markup, ...]
    retracted: bool = False


class Evidence:
    def __init__(self, site: Site, cites: Citations, templates: Templates, fields: Fields, counts: Counts) -> None:
        self.site = site
        self.vocab = site.vocab
        self.cites = cites
        self.templates = templates
        self.fields = fields
        self.counts = counts
        spec = site.profile.spec if site.profile else None
        self.columns: list[TableColumn] = list(spec.evidence_table) if spec else []
        self.facet_specs: list[Facet] = list(spec.facets) if spec else []
        self.system_of = {d.slug: d.record.organ_system for d in site.diseases}
        self._rows: dict[tuple[str, str], Row] = {}
        self._facets: dict[str, list[list[str]]] = {}
        self._facets_text: dict[str, str] = {}
        self._macros: list[Any] | None = None
        self._cells: dict[str, list[list[_Cell]]] = {}
        """Study id -> for each column, the renderings of its cell so far."""

    def table(self, page: str, studies: list[Study]) -> Markup:
        folder = posixpath.dirname(page)
        rows = []
        for study in studies:
            # A row depends on its page only through relative links, so one per folder serves all.
            row = self._rows.get((folder, study.id))
            if row is None:
                row = self._rows[(folder, study.id)] = self.row(page, study)
            rows.append(row)
        # json.dumps of {"names": [...], "rows": [...]}, each study's row encoded once per build
        names = json.dumps([f.name for f in self.facet_specs], ensure_ascii=False, separators=(",", ":"))
        facets = '{"names":' + names + ',"rows":[' + ",".join(self._facets_json(s) for s in studies) + "]}"
        return Markup(
            self.templates["evidence_table"].render(
                columns=self.columns,
                rows=rows,
                tally=self.counts.tally(studies),
                counts=self.counts,
                facets=facets,
            )
        )

    def facets(self, study: Study) -> list[list[str]]:
        """The values of every facet for one study (what the table's menus filter on)."""
        found = self._facets.get(study.id)
        if found is None:
            found = self._facets[study.id] = [self._facet(f, study) for f in self.facet_specs]
        return found

    def _facets_json(self, study: Study) -> str:
        found = self._facets_text.get(study.id)
        if found is None:
            found = self._facets_text[study.id] = json.dumps(
                self.facets(study), ensure_ascii=False, separators=(",", ":")
            )
        return found

    def _facet(self, facet: Facet, study: Study) -> list[str]:
        record = study.record
        if facet.builtin == "group":
            systems = sorted({self.system_of.get(c, "") for c in record.conditions} - {""})
            names = self.vocab.organ_systems if self.vocab else {}
            return [names.get(x, x) for x in systems]
        if facet.builtin == "evidence":
            return [self.counts.evidence(study)]
        if facet.primary and self.fields.primary(record):
            shown = self.fields.labels_at(record, facet.primary)
            if shown:
                return shown
        return self.fields.labels_at(record, facet.field) if facet.field else []

    def row(self, page: str, study: Study) -> Row:
        if self._macros is None:
            module = self.templates.env.get_template(MACROS).module
            self._macros = [getattr(module, c.macro) for c in self.columns]
        folder = posixpath.dirname(page)
        rendered = self._cells.get(study.id)
        if rendered is None:
            rendered = self._cells[study.id] = [[] for _ in self.columns]
        cells = tuple(self._cell(page, folder, study, i, rendered[i]) for i in range(len(self.columns)))
        return Row(cells, self.cites.retracted(study.record.reference))

    def _cell(self, page: str, folder: str, study: Study, column: int, rendered: list[_Cell]) -> Markup:
        """One cell: rendered again only when none rendered before has the same links from this page.

        A macro's result depends on the page only through the links it asks ``h`` for (and
        ``h.page``), so a cell whose every link reads the same here is the same cell: the year or
        the outcome is rendered once per study, a link to the study's page once per folder depth.
        """
        assert self._macros is not None
        for cell in rendered:
            if cell.folder is not None and cell.folder != folder:
                continue
            if not cell.links or all(urls.relative(page, t) == link for t, link in cell.links):
                return cell.text
        h = _Recording(self.fields, page)
        text = Markup(str(self._macros[column](study, self.columns[column], h)).strip())
        links = tuple((t, urls.relative(page, t)) for t in dict.fromkeys(h.targets))
        rendered.append(_Cell(text, links, folder if h.page_read else None))
        return text


__all__ = ["MACROS", "Evidence", "Row"]
