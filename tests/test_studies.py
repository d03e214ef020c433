"""Study records across the site: duplicates, distinct_from, agreement with the bibliography, direct studies."""

from __future__ import annotations

import os
import re

from conftest import Run
from sitefactory import base

ZHOU = "content/studies/zhou-2013-cisplatin-aki.md"
COPY = "content/studies/zhou-2013-copy.md"
BIB = "references.bib"


def copied(*edits: tuple[str, str]) -> str:
    text = base(ZHOU).replace("id: zhou-2013-cisplatin-aki", "id: zhou-2013-copy")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text


def problems(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith(("content/", "references.bib"))]


def test_a_copied_record_fails_check_naming_both_files(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    done = cli(site({COPY: copied()}), "check")
    assert done.returncode == 1
    assert problems(done.stdout) == [
        f"{COPY}:21: [E-DUPLICATE-STUDY] study 'zhou-2013-copy' looks like the same study as "
        f"'zhou-2013-cisplatin-aki' ({ZHOU}:21): same primary paper 'zhou2013exosomes'; same ref. 52 of review "
        "'heo2018mesenchymal'; near-identical title, same first author Zhou and year"
    ]
    assert (
        "    hint: keep one record and list every review that describes it in its reported_in; if they are "
        "different studies, add `distinct_from: [zhou-2013-cisplatin-aki]` to this record"
    ) in done.stdout


def test_each_reason_alone_is_a_duplicate(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    # the same review number only (the review's "52, 60" lists two numbers)
    same_number = copied(
        ("title: Umbilical cord MSC exosomes in cisplatin kidney injury", "title: Another study"),
        ("reference: zhou2013exosomes\n", ""),
        ('ref: "52"', 'ref: "60, 52"'),
    )
    done = cli(site({COPY: same_number}), "check")
    assert problems(done.stdout) == [
        f"{COPY}:23: [E-DUPLICATE-STUDY] study 'zhou-2013-copy' looks like the same study as "
        f"'zhou-2013-cisplatin-aki' ({ZHOU}:24): same ref. 52 of review 'heo2018mesenchymal'"
    ]
    # a near-identical title with the same first author and year only
    same_title = copied(
        (
            "title: Umbilical cord MSC exosomes in cisplatin kidney injury",
            "title: Umbilical-cord MSC exosomes in cisplatin kidney injury!",
        ),
        ("reference: zhou2013exosomes\n", ""),
        ('ref: "52"', 'ref: "60"'),
    )
    done = cli(site({COPY: same_title}), "check")
    assert problems(done.stdout) == [
        f"{COPY}:3: [E-DUPLICATE-STUDY] study 'zhou-2013-copy' looks like the same study as "
        f"'zhou-2013-cisplatin-aki' ({ZHOU}:3): near-identical title, same first author Zhou and year"
    ]
    # a similar title by another author is another study; "Table 3" is not a reference number
    other = copied(
        ("first_author: Zhou", "first_author: Zhao"),
        ("reference: zhou2013exosomes\n", ""),
        ('ref: "52"', "ref: Table 3"),
    )
    table = base(ZHOU).replace('ref: "52"', "ref: Table 3")
    assert cli(site({COPY: other, ZHOU: table}), "check").returncode == 0


def test_distinct_from_declares_two_records_different(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    declared = copied(("reported_in:", "distinct_from: [zhou-2013-cisplatin-aki]\nreported_in:"))
    done = cli(site({COPY: declared}), "check")
    assert done.returncode == 0, done.stdout
    wrong = copied(("reported_in:", "distinct_from: [zhou-2013-cisplatin, zhou-2013-copy]\nreported_in:"))
    done = cli(site({COPY: wrong}), "check")
    assert problems(done.stdout) == [
        f"{COPY}:21: [E-DUPLICATE-STUDY] study 'zhou-2013-copy' looks like the same study as "
        f"'zhou-2013-cisplatin-aki' ({ZHOU}:21): same primary paper 'zhou2013exosomes'; same ref. 52 of review "
        "'heo2018mesenchymal'; near-identical title, same first author Zhou and year",
        f"{COPY}:22: [E-DISTINCT] distinct_from 'zhou-2013-cisplatin' is not the id of any study record",
        f"{COPY}:22: [E-DISTINCT] distinct_from 'zhou-2013-copy' is this record itself",
    ]
    assert "hint: did you mean 'zhou-2013-cisplatin-aki'?" in done.stdout


def test_author_and_year_must_agree_with_the_bibliography(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    record = base(ZHOU).replace("first_author: Zhou", "first_author: Zhu").replace("year: 2013", "year: 2014")
    done = cli(site({ZHOU: record}), "check")
    assert done.returncode == 0  # warnings
    assert problems(done.stdout) == [
        f"{ZHOU}:19: warning [W-STUDY-AUTHOR] first_author 'Zhu' differs from 'Zhou', the first author of "
        "'zhou2013exosomes' (references.bib:10)",
        f"{ZHOU}:20: warning [W-STUDY-YEAR] year 2014 differs from 2013, the year of 'zhou2013exosomes' "
        "(references.bib:10)",
    ]
    # accents and case do not count as a difference
    folded = base(ZHOU).replace("first_author: Zhou", "first_author: ZHÕU")
    assert "W-STUDY" not in cli(site({ZHOU: folded}), "check").stdout


def test_a_record_needs_a_review_or_a_primary_paper(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    record = re.sub(r"reference: .*\nreported_in:\n  - review: .*\n    ref: .*\n", "", base(ZHOU))
    done = cli(site({ZHOU: record}), "check")
    assert problems(done.stdout) == [
        f"{ZHOU}:2: [E-NO-SOURCE] study 'zhou-2013-cisplatin-aki' names neither a review (reported_in) nor its "
        "primary paper (reference)"
    ]
    assert "or reference: <BibTeX key of the paper> for a paper you found directly" in done.stdout


DIRECT = "content/studies/li-2021-direct.md"
DIRECT_RECORD = """\
---
id: li-2021-direct
title: Bone marrow MSC exosomes in cisplatin kidney injury, found directly
conditions: [cisplatin-nephrotoxicity]
agent: msc-ev
ev_type: exosomes
study_type: [animal]
outcomes:
  - less tubular apoptosis
first_author: Li
year: 2021
reference: li2021direct
---
Bone marrow MSC exosomes lessened tubular apoptosis [@li2021direct].
"""
DIRECT_BIB = """
@article{li2021direct,
  author = {Li, Wei and Chen, Lan},
  title = {Bone marrow mesenchymal stem cell exosomes in cisplatin injury},
  journal = {Journal of Examples},
  year = {2021}
}
"""


def test_a_study_found_directly_builds_and_is_counted(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    root = site({DIRECT: DIRECT_RECORD, BIB: base(BIB) + DIRECT_BIB})
    done = cli(root, "build", env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 errors" in done.stdout
    out = root / "site"
    disease = (out / "diseases/kidney/cisplatin-nephrotoxicity.html").read_text()
    assert 'href="../../studies/li-2021-direct.html"' in disease and "less tubular apoptosis" in disease
    home = (out / "index.html").read_text()
    assert re.search(
        r"<strong>2</strong> studies of MSC-derived vesicles, plus <strong>0</strong> comparison studies of other "
        r"material, on <strong>1</strong> conditions, drawn from <strong>1</strong> reviews "
        r"and <strong>1</strong> papers no review describes, with <strong>3</strong> references",
        home,
    ), home
    study = (out / "studies/li-2021-direct.html").read_text()
    assert "no review; recorded from the primary paper" in study
    reviews = (out / "reviews/index.html").read_text()
    assert "li-2021-direct" not in reviews
    assert '"reported_in":[]' in (out / "downloads/studies.json").read_text()


def test_home_page_counts_without_a_direct_study(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    root = site()
    assert cli(root, "build", env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}).returncode == 0
    home = (root / "site/index.html").read_text()
    assert "drawn from <strong>1</strong> reviews, with <strong>2</strong> references" in home
