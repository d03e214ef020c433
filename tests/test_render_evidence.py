"""Evidence-table cells rendered once and reused only where they read the same: links, and ``h.page``."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest
from sitefactory import REPO, base

from livingreview import build, urls

EXTRA_MACROS = """
{% macro where(study, column, h) -%}
{{ h.page }}
{%- endmacro %}

{% macro up(study, column, h) -%}
{{ h.relative("studies.md") }}
{%- endmacro %}
"""


def test_cells_follow_their_page(site, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    profile = base("content/profile.yaml").replace(
        "  - {heading: Ref., macro: reference}\n",
        "  - {heading: Ref., macro: reference}\n  - {heading: Where, macro: where}\n  - {heading: Up, macro: up}\n",
    )
    root: Path = site({"content/profile.yaml": profile})
    macros = (REPO / "templates/macros/evidence.md.j2").read_text(encoding="utf-8") + EXTRA_MACROS
    (root / "templates/macros/evidence.md.j2").write_text(macros, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    outcome = build.generate(root)
    assert outcome.ok, [d.format() for d in outcome.diagnostics]
    rows = {
        path: line.split(" | ")
        for path, text in outcome.pages.items()
        for line in text.splitlines()
        if line.startswith("| [Zhou 2013](")
    }
    assert len({posixpath.dirname(p) for p in rows}) >= 3 and {posixpath.dirname(p).count("/") for p in rows} >= {0, 1}
    for path, cells in rows.items():
        assert cells[0].startswith(f"| [Zhou 2013]({urls.relative(path, 'studies/zhou-2013-cisplatin-aki.md')} ")
        # a macro reading h.page gets a page of its own folder (a row is made once per folder)
        assert posixpath.dirname(cells[-2]) == posixpath.dirname(path)
        assert cells[-1] == f"{urls.relative(path, 'studies.md')} |"
