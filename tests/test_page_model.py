"""The page model lists every page once; the citation index is read from what the pages cite."""

from __future__ import annotations

from typing import Any

from sitefactory import GOLDEN_EXTRA

from livingreview import build, pages


def _nav_paths(entries: list[Any]) -> list[str]:
    found: list[str] = []
    for entry in entries:
        if isinstance(entry, str):
            found.append(entry)
        else:
            for value in entry.values():
                found += _nav_paths(value) if isinstance(value, list) else [value]
    return found


def test_every_page_of_the_model_is_rendered_and_navigated_or_deliberately_hidden(site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    outcome = build.generate(site(GOLDEN_EXTRA))
    assert outcome.ok, [d.format() for d in outcome.diagnostics]
    assert outcome.site is not None
    model = pages.gather(outcome.site)
    paths = [p.path for p in model.pages]
    assert len(paths) == len(set(paths)), "a page is listed twice"
    assert sorted(outcome.pages) == sorted(paths), "rendered pages and the page model differ"
    in_nav = _nav_paths(model.nav())
    assert len(in_nav) == len(set(in_nav))
    for page in model.pages:
        assert (page.path in in_nav) == (page.nav is not None), page.path
        assert page.title, page.path
    hidden = {p.path for p in model.pages if p.nav is None}
    assert {
        "studies/zhou-2013-cisplatin-aki.md",
        "review-status.md",
        "help-wanted.md",
        "sources/umbilical-cord.md",
    } <= hidden
    assert set(model.files) <= set(outcome.assets), "a generated file of the model is not written"


def test_a_reference_cited_only_in_a_data_table_is_numbered_listed_and_not_unused(site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    outcome = build.check(site(GOLDEN_EXTRA))
    assert outcome.ok
    assert outcome.index is not None
    assert outcome.index.numbers["lai2010exosome"] == 3
    assert outcome.index.cited_on["lai2010exosome"] == ["topics/history.md"]
    topic = outcome.pages["topics/history.md"]
    assert "[?]" not in topic
    assert topic.count("#ref-lai2010exosome") == 2  # the table's cell and the page's reference list
    assert not [d for d in outcome.diagnostics if d.code == "W-BIB-UNUSED"]


def test_a_table_only_reference_is_not_unused_when_errors_keep_pages_from_rendering(site) -> None:  # type: ignore[no-untyped-def]
    files = dict(GOLDEN_EXTRA)
    files["content/topics/broken.md"] = "---\ntitle: Broken\nsummary: x\n---\nSee [@nosuchkey].\n"
    outcome = build.check(site(files))
    codes = sorted({d.code for d in outcome.diagnostics})
    assert "E-CITE-UNKNOWN" in codes
    assert "W-BIB-UNUSED" not in codes
