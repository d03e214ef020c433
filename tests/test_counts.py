"""Every count the real site shows on its home page, organ-system pages and evidence map, recounted here
from the records: the review's primary evidence apart from comparison material, retracted studies left
out everywhere (issue 14, "Counts mean what their labels say")."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from sitefactory import REPO

from livingreview import build

LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(([^)]*)\)")


def plain(markdown: str) -> str:
    """The text of escaped Markdown: '\\(' -> '('."""
    return re.sub(r"\\(.)", r"\1", markdown)


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split(" | ")]


def table(page: str, first_heading: str) -> tuple[list[str], list[list[str]]]:
    """The headings and rows of the table whose first heading is ``first_heading``."""
    lines = page.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_heading} |"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(cells(line))
    return cells(lines[start]), rows


def link_text(cell: str) -> str:
    found = LINK.search(cell)
    return plain(found.group(1)) if found else plain(cell)


def number(cell: str) -> int:
    """A count cell: a number, a heat-map link '[n](…)', or empty for 0."""
    found = LINK.search(cell)
    text = found.group(1) if found else cell
    return int(text) if text.strip() else 0


@pytest.fixture(scope="module")
def real() -> Any:
    outcome = build.check(REPO)
    assert outcome.ok and outcome.site is not None, [d.format() for d in outcome.diagnostics]
    return outcome


class Records:
    """The records, counted without the renderer: primary evidence per the profile, retracted left out."""

    def __init__(self, site: Any) -> None:
        self.site = site
        primary = site.profile.spec.primary_evidence
        self.field, self.value = primary.field, primary.value
        self.labels = getattr(site.vocab, site.profile.spec.resolve(self.field).vocabulary)
        self.retracted = [
            s for s in site.studies if s.record.reference and site.status(s.record.reference) == "retracted"
        ]
        live = [s for s in site.studies if s not in self.retracted]
        self.primary = [s for s in live if getattr(s.record, self.field) == self.value]
        self.comparison = [s for s in live if getattr(s.record, self.field) != self.value]
        self.disease = {d.slug: d for d in site.diseases}

    def of(self, studies: list[Any], slugs: set[str]) -> list[Any]:
        return [s for s in studies if slugs & set(s.record.conditions)]

    def in_system(self, system: str) -> set[str]:
        return {d.slug for d in self.site.diseases if d.record.organ_system == system}


def test_home_page_counts(real: Any) -> None:
    site, home = real.site, real.pages["index.md"]
    r = Records(site)
    label = r.labels[r.value]
    found = re.search(
        r"This edition holds \*\*(\d+)\*\* studies of (.+?), plus \*\*(\d+)\*\* comparison studies of other material, "
        r"on \*\*(\d+)\*\* conditions",
        home,
    )
    assert found, home
    assert (int(found[1]), plain(found[2]), int(found[3]), int(found[4])) == (
        len(r.primary),
        label,
        len(r.comparison),
        len(site.diseases),
    )
    gave = re.search(r"The comparison studies gave: (.+?)\.[ \n]", home)
    assert gave
    shown = {plain(name): int(n) for name, n in (part.rsplit(", ", 1) for part in gave[1].split("; "))}
    expected = Counter(r.labels[getattr(s.record, r.field)] for s in r.comparison)
    assert {k.lower(): v for k, v in shown.items()} == {k.lower(): v for k, v in expected.items()}
    assert f"{len(r.retracted)} more study rests on a retracted paper" in home
    assert len(r.primary) + len(r.comparison) + len(r.retracted) == len(site.studies)
    headings, rows = table(home, "Organ system")
    assert headings[2:] == [f"Studies of {label}".replace("-", "\\-"), "Comparison studies"]
    names = {name: slug for slug, name in site.vocab.organ_systems.items()}
    assert rows
    for row in rows:
        slugs = r.in_system(names[link_text(row[0])])
        assert [int(c) for c in row[1:]] == [len(slugs), len(r.of(r.primary, slugs)), len(r.of(r.comparison, slugs))], (
            row
        )


def test_organ_system_pages_count_each_condition(real: Any) -> None:
    site = real.site
    r = Records(site)
    by_title = {d.record.title: d.slug for d in site.diseases}
    checked = 0
    for system in site.vocab.organ_systems:
        page = real.pages.get(f"diseases/{system}/index.md")
        if page is None:
            continue
        _, rows = table(page, "Condition")
        for row in rows:
            slug = {by_title[link_text(row[0])]}
            assert [int(row[2]), int(row[3])] == [len(r.of(r.primary, slug)), len(r.of(r.comparison, slug))], row
            checked += 1
        assert "Studies whose primary paper was retracted are not counted." in page
    assert checked == len(site.diseases)


def test_evidence_map_cells_count_primary_evidence_only(real: Any) -> None:
    site, page = real.site, real.pages["evidence-map.md"]
    r = Records(site)
    axes = site.profile.spec.evidence_map
    by_title = {d.record.title: d.slug for d in site.diseases}

    def values(study: Any, path: str) -> set[str]:
        found: list[Any] = [study.record]
        for part in path.split("."):
            step = []
            for item in found:
                value = getattr(item, part)
                step += value if isinstance(value, list) else [] if value is None else [value]
            found = step
        return {str(v) for v in found}

    headings, rows = table(page, "Condition")
    columns = [link_text(h) for h in headings[1:-2]]
    assert len(rows) == len(site.diseases)
    for row in rows:
        slug = {by_title[link_text(row[0])]}
        primary, comparison = r.of(r.primary, slug), r.of(r.comparison, slug)
        expected = [sum(1 for s in primary if c in values(s, axes.conditions.field)) for c in columns]
        assert [number(c) for c in row[1:-2]] == expected, row
        assert [int(row[-2]), int(row[-1])] == [len(primary), len(comparison)], row
    headings, rows = table(page, "Organ system")
    kinds = [plain(h) for h in headings[1:-2]]
    names = {name: slug for slug, name in site.vocab.organ_systems.items()}
    for row in rows:
        slugs = r.in_system(names[link_text(row[0])])
        primary, comparison = r.of(r.primary, slugs), r.of(r.comparison, slugs)
        expected = [sum(1 for s in primary if k in values(s, axes.groups.field)) for k in kinds]
        assert [number(c) for c in row[1:-2]] == expected, row
        assert [int(row[-2]), int(row[-1])] == [len(primary), len(comparison)], row
