"""Every disease page points to the methods-and-scope topic when the site has one."""

from __future__ import annotations

from livingreview import build

DISEASE_PAGE = "diseases/kidney/cisplatin-nephrotoxicity.md"
METHODS = """\
---
title: Methods and scope
summary: Where the evidence comes from.
---
The evidence is what the source reviews report.
"""


def test_disease_pages_link_to_methods_and_scope(site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    outcome = build.generate(site({"content/topics/methods-and-scope.md": METHODS}))
    assert outcome.ok, [d.format() for d in outcome.diagnostics]
    assert "see\n[methods and scope](../../topics/methods-and-scope.md).*" in outcome.pages[DISEASE_PAGE]


def test_without_the_topic_there_is_no_link(site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    outcome = build.generate(site())
    assert outcome.ok, [d.format() for d in outcome.diagnostics]
    assert "methods-and-scope" not in outcome.pages[DISEASE_PAGE]
