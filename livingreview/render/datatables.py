"""Data tables (``content/data/*.yaml``) where a page shows them with ``<!-- data-table: name -->``."""

from __future__ import annotations

import re

from markupsafe import Markup

from livingreview import escape
from livingreview.markdown.markers import DATA_TABLE_MARKER
from livingreview.model import Table
from livingreview.refs.identifiers import BY_FIELD
from livingreview.render.citations import Citations
from livingreview.render.environment import Templates


class DataTables:
    def __init__(self, tables: tuple[Table, ...], cites: Citations, templates: Templates) -> None:
        self.tables = {t.name: t for t in tables}
        self.cites = cites
        self.templates = templates

    def insert(self, page: str, body: str) -> str:
        """``body`` with every data-table marker replaced by its table (a missing table by nothing)."""

        def table(match: re.Match[str]) -> str:
            found = self.tables.get(match.group(1))
            return str(self.render(page, found)) if found else ""

        return DATA_TABLE_MARKER.sub(table, body)

    def render(self, page: str, table: Table) -> Markup:
        record = table.record
        rows = []
        for row in record.rows:
            cells = []
            for column in record.columns:
                value = row.get(column.key)
                items = value if isinstance(value, list) else [value] if value else []
                if column.type == "citations":
                    cells.append(Markup(" ".join(str(self.cites.cite(page, k)) for k in items)) or Markup("–"))
                elif column.type == "nct":
                    links = [f"[{escape.md(i)}]({BY_FIELD['nct'].url(i)})" for i in items]
                    cells.append(Markup(", ".join(links)) or Markup("–"))
                else:
                    cells.append(escape.cell("; ".join(str(i) for i in items)))
            rows.append(cells)
        return Markup(self.templates["data_table"].render(table=record, rows=rows))


__all__ = ["DataTables"]
