"""One fixture per defect class seen in real libraries (tests/fixtures/bib/*.bib).

Each ``x.bib`` has an ``x.expect``: ``D`` lines are the exact diagnostics, ``T`` lines the exact
reference text readers see (CSL style of the site). A change of output shows as a diff here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from livingreview.diagnostics import report
from livingreview.refs import bibtex, csl

FIXTURES = Path(__file__).parent / "fixtures" / "bib"


def _load(name: str) -> tuple[list[bibtex.Reference], list[str]]:
    refs, problems = bibtex.load("references.bib", (FIXTURES / name).read_text(encoding="utf-8"))
    return refs, [report([p]).splitlines()[0] for p in problems]


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.bib")))
def test_fixture_gives_exactly_the_expected_diagnostics_and_text(name: str) -> None:
    refs, problems = _load(name)
    got = [f"D {line}" for line in problems] + [f"T {r.key} = {csl.full(r)}" for r in refs]
    expected = (FIXTURES / name).with_suffix(".expect").read_text(encoding="utf-8").splitlines()
    assert got == expected


def _item(name: str, key: str) -> dict[str, object]:
    refs, _ = _load(name)
    return csl.csl_item(next(r for r in refs if r.key == key))


def test_names_keep_corporate_authors_whole_and_split_jr_and_von() -> None:
    assert _item("names.bib", "who2020")["author"] == [{"literal": "World Health Organization"}]
    assert _item("names.bib", "fao2019")["author"] == [{"literal": "Food and Agriculture Organization"}]
    assert _item("names.bib", "smith2018")["author"] == [
        {"family": "Smith", "given": "John", "suffix": "Jr."},
        {"family": "van der Berg", "given": "Anna"},
        {"family": "Doe", "given": "Jane"},
    ]


def test_export_carries_every_locator() -> None:
    assert _item("locators.bib", "arxiv1")["URL"] == "https://arxiv.org/abs/2101.00001"
    assert _item("locators.bib", "arxiv1")["note"] == "arXiv:2101.00001"
    assert _item("locators.bib", "thesis1")["publisher"] == "University of Somewhere"
    assert _item("locators.bib", "report1")["publisher"] == "National Institute"
    chapter = _item("locators.bib", "chapter1")
    assert chapter["editor"] == [{"family": "Roe", "given": "Richard"}]
    assert (chapter["edition"], chapter["publisher"]) == ("2", "Springer")
    assert _item("locators.bib", "web1")["URL"] == "https://example.org/a_page"
    assert _item("locators.bib", "trial1")["URL"] == "https://clinicaltrials.gov/study/NCT00000000"


def test_latex_doi_and_year_as_written() -> None:
    item = _item("latex.bib", "tex1")
    assert item["DOI"] == "10.1000/a_b"
    assert item["title"] == "Uptake of CO₂ and ¹⁸F-FDG in “quoted” Phys cells"
    assert item["container-title"] == "Phys. Rev. D"
    assert _item("year.bib", "y1")["issued"] == {"literal": "2024a"}


def test_typo_entry_type_hint_names_the_type() -> None:
    _, problems = bibtex.load("references.bib", (FIXTURES / "keys.bib").read_text(encoding="utf-8"))
    typo = next(p for p in problems if p.code == "E-BIB-TYPE")
    assert typo.hint == "did you mean 'article'?"


def test_control_characters_never_reach_the_text() -> None:
    refs, _ = _load("control.bib")
    assert "\x00" not in refs[0].title and "\x00" not in "".join(refs[0].fields.values())
