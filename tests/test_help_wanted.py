"""The Help wanted page lists exactly the curation to-dos the records hold, and nothing hand-written."""

from __future__ import annotations

import json

from sitefactory import GOLDEN_EXTRA

from livingreview import build, pages, urls
from livingreview.render import help_wanted

UNIDENTIFIED = """\
    ---
    id: {id}
    title: {title}
    conditions: [cisplatin-nephrotoxicity]
    agent: msc-ev
    study_type: [animal]
    reported_in:
{reported}
    ---
    A study known only from the review's reference list.
    """


def _study(study_id: str, title: str, *reported: tuple[str, str], author: str = "") -> str:
    lines = "\n".join(f'      - review: {review}\n        ref: "{ref}"' for review, ref in reported)
    text = UNIDENTIFIED.format(id=study_id, title=title, reported=lines)
    return text.replace("reported_in:", f"first_author: {author}\n    reported_in:") if author else text


def _check(kind: str, source: str, confirmed: list[str]) -> dict[str, object]:
    return {
        "kind": kind,
        "source": source,
        "date": "2026-11-22",
        "url": "https://example.org/p",
        "confirmed": confirmed,
    }


FILES: dict[str, str | bytes | None] = {
    **GOLDEN_EXTRA,
    "content/studies/kidney-ref12-unknown.md": _study(
        "kidney-ref12-unknown", "MSC vesicles in a second kidney model", ("heo2018mesenchymal", "12"), author="Kim"
    ),
    "content/studies/kidney-ref9-unknown.md": _study(
        "kidney-ref9-unknown", "MSC vesicles in a first kidney model", ("heo2018mesenchymal", "9")
    ),
    "content/diseases/kidney/renal-fibrosis.md": """\
        ---
        title: Renal fibrosis
        organ_system: kidney
        summary: Scarring of the kidney.
        last_reviewed: 2020-01-10
        ---
        ## Overview

        No study yet.
        """,
    "references.bib": GOLDEN_EXTRA["references.bib"]  # type: ignore[operator]
    + """\

        @article{park2019vesicles,
          author = {Park, Min and Lee, Sun},
          title = {Vesicles in kidney repair},
          year = {2019},
          x-missing = {journal},
          x-unconfirmed = {year}
        }

        @misc{nct01234567,
          title = {A trial of vesicles},
          howpublished = {ClinicalTrials.gov registration},
          nct = {NCT01234567}
        }
        """,
    "content/topics/history.md": GOLDEN_EXTRA["content/topics/history.md"].replace(  # type: ignore[union-attr]
        "began [@heo2018mesenchymal]", "began [@heo2018mesenchymal; @park2019vesicles]"
    ),
    "citation-ledger.json": json.dumps(
        {
            "entries": {
                "heo2018mesenchymal": {"reason": "no DOI or PMID yet", "checks": []},
                "nct01234567": {"checks": [_check("secondary", "mirror", ["identifier"])]},
                "lai2010exosome": {"checks": [_check("primary", "publisher", ["title", "first_author", "year"])]},
                "zhou2013exosomes": {
                    "checks": [
                        _check("secondary", "aggregator", ["identifier", "title"]),
                        _check("primary", "pubmed", ["year"]),
                    ]
                },
            }
        },
        indent=2,
    ),
}


def _help_page(site, monkeypatch) -> str:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14: a page reviewed in 2020 is overdue
    outcome = build.generate(site(FILES))
    assert outcome.ok, [d.format() for d in outcome.diagnostics]
    return outcome.pages[urls.HELP_WANTED]


def test_help_wanted_lists_exactly_the_to_dos_of_the_records(site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _help_page(site, monkeypatch)
    items = [line for line in page.splitlines() if line.startswith(("- ", "### "))]
    assert items == [
        "### [Heo and Kim, 2018](reviews/heo2018mesenchymal.md)",
        "- Reference 9: [MSC vesicles in a first kidney model](studies/kidney-ref9-unknown.md)",
        "- Reference 12: [MSC vesicles in a second kidney model](studies/kidney-ref12-unknown.md) (Kim)",
        "- [Park and Lee, 2019](bibliography.md#ref-park2019vesicles) `park2019vesicles`: no source gives its "
        "journal; its year is not yet confirmed",
        "- [Heo and Kim, 2018](bibliography.md#ref-heo2018mesenchymal) `heo2018mesenchymal`: no DOI or PMID yet",
        "- [Park and Lee, 2019](bibliography.md#ref-park2019vesicles) `park2019vesicles`",
        "- [A trial of vesicles](bibliography.md#ref-nct01234567) `nct01234567`: shown so far by a mirror page\\: "
        "identifier\\. Still to confirm on the trial registry\\: identifier, title",
        "- [Zhou et al\\., 2013](bibliography.md#ref-zhou2013exosomes) `zhou2013exosomes`: shown so far by an "
        "aggregator page\\: identifier, title; PubMed\\: year\\. Still to confirm on the publisher\\'s page, "
        "PubMed or PubMed Central\\: title, first author",
        "- [Renal fibrosis](diseases/kidney/renal-fibrosis.md)",
        "- [Renal fibrosis](diseases/kidney/renal-fibrosis.md): last reviewed 2020\\-01\\-10, "
        "1404 days before this build",
    ]
    assert "2 studies are known only from a review" in page
    assert "No check has found a wrong identifier." in page


def test_help_wanted_says_so_when_nothing_is_left_and_stays_out_of_the_navigation(site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    outcome = build.generate(site({"citation-ledger.json": None}))
    assert outcome.ok and outcome.site is not None
    page = outcome.pages[urls.HELP_WANTED]
    assert "Every study names its primary paper." in page
    assert "No bibliography entry is known to lack a detail." in page
    assert "Every condition page lists at least one study." in page
    assert "No page is overdue for review" in page
    model = pages.gather(outcome.site)
    assert model.by_path()[urls.HELP_WANTED].nav is None
    assert "[Help wanted](help-wanted.md)" in outcome.pages[urls.ABOUT_DATA]
    assert "- [Heo and Kim, 2018](bibliography.md#ref-heo2018mesenchymal) `heo2018mesenchymal`" in page


def test_long_lists_show_their_first_lines_and_say_how_many_more_and_where(site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(help_wanted, "LIMIT", 1)
    page = _help_page(site, monkeypatch)
    items = [line for line in page.splitlines() if line.startswith("- ")]
    assert items[:2] == [
        "- Reference 9: [MSC vesicles in a first kidney model](studies/kidney-ref9-unknown.md)",
        "- … and 1 more. The [review's page](reviews/heo2018mesenchymal.md) lists every study it reports.",
    ]
    assert (
        "- [A trial of vesicles](bibliography.md#ref-nct01234567) `nct01234567`: shown so far by a mirror page\\: "
        "identifier\\. Still to confirm on the trial registry\\: identifier, title\n"
        "- … and 1 more. Every reference and what was checked about it is listed on "
        "[citation health](citation-health.md).\n"
    ) in page
    assert page.count("- … and") == 3  # the review's studies, not-yet-checked and partly confirmed references
