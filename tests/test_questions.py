"""The reader questions of issue 14, walked in headless Chromium on the real built site.

Each answer must be reachable in at most two clicks from the home page (filters on the page reached
do not count as clicks: they are the page's own controls) and must be correct against the study
records, which the tests read themselves. The click paths, as a reader takes them:

- "What has been tried for spinal cord injury?": home → *Nervous system* (the evidence-at-a-glance
  table) → *Spinal cord injury*; its evidence table lists exactly the studies whose ``conditions``
  include it.
- "Which adipose MSC vesicle studies exist for the kidney?": home → *MSC sources* → *adipose tissue*,
  then the *Organ system* facet set to *Kidney*; the rows are exactly the adipose-tissue studies of
  kidney conditions, and the rows shown as MSC vesicles (not whole cells, conditioned medium or other
  cells' vesicles) are exactly those whose ``agent`` is the review's primary evidence.
- "Is reference N real, and what supports it?": home → *Nervous system* → *Spinal cord injury*, then
  the citation number → the bibliography entry, which shows the same number, its identifiers and the
  status derived from its recorded checks, and links back to the page that cited it.
- "Is there human evidence for GvHD?": home → *Immune and autoimmune disorders* → *Graft-versus-host
  disease*, then the *Study type* facet set to *human*; the rows are exactly the GvHD records whose
  ``study_type`` includes human.

One build, one server and one browser serve the whole module (the ``reader`` fixture of test_reader).
"""

from __future__ import annotations

from typing import Any

import pytest
from sitefactory import REPO
from test_reader import open_page, reader  # noqa: F401  (the module's shared server and browser)

from livingreview import config
from livingreview.content import loader
from livingreview.model import Site

pytestmark = pytest.mark.browser

MAX_CLICKS = 2

# Visible rows of the page's evidence tables: study id (from the row's link) and the text of each cell.
ROWS_JS = """() => {
  const out = [];
  for (const table of document.querySelectorAll("article table")) {
    if (!table.tBodies.length) continue;
    for (const row of table.tBodies[0].rows) {
      const link = row.cells[0] && row.cells[0].querySelector("a[href*='studies/']");
      if (!link || row.hidden || getComputedStyle(row).display === "none") continue;
      const id = link.getAttribute("href").split("studies/")[1].split(".html")[0];
      const heads = Array.from(table.tHead ? table.tHead.rows[0].cells : [], c => c.innerText.trim());
      const cells = Array.from(row.cells, c => c.innerText.trim());
      out.push({id: id, cells: cells, by: Object.fromEntries(heads.map((h, i) => [h, cells[i]]))});
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def records() -> Site:
    cfg, problems = config.load(REPO)
    assert not [p.format() for p in problems if p.is_error]
    site, problems = loader.load(cfg)
    assert not [p.format() for p in problems if p.is_error]
    return site


def walk(page: Any, base: str, *links: str) -> list[str]:
    """From the home page, click the article links named ``links`` in turn; the pages visited."""
    page.goto(base + "index.html")
    path = [page.url.removeprefix(base)]
    for name in links:
        page.locator("article").get_by_role("link", name=name, exact=True).first.click()
        page.wait_for_load_state()
        path.append(page.url.removeprefix(base))
    assert len(links) <= MAX_CLICKS, path
    return path


def rows(page: Any) -> list[dict[str, Any]]:
    return list(page.evaluate(ROWS_JS))


def choose(page: Any, facet: str, value: str) -> None:
    page.locator(f"article select[name='{facet}']").first.select_option(value)


def test_what_has_been_tried_for_spinal_cord_injury(reader, records) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, page = open_page(reader)
    path = walk(page, base, "Nervous system", "Spinal cord injury")
    assert path == [
        "index.html",
        "diseases/nervous-system/index.html",
        "diseases/nervous-system/spinal-cord-injury.html",
    ]
    expected = sorted(s.id for s in records.studies if "spinal-cord-injury" in s.record.conditions)
    assert len(expected) >= 5
    shown = [r["id"] for r in rows(page)]
    assert sorted(shown) == expected
    assert len(shown) == len(set(shown))
    assert page.problems == []


def test_which_adipose_msc_vesicle_studies_exist_for_the_kidney(reader, records) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, page = open_page(reader)
    path = walk(page, base, "MSC sources", "adipose tissue")
    assert path == ["index.html", "sources/index.html", "sources/adipose-tissue.html"]
    assert records.vocab is not None
    kidney = {d.slug for d in records.diseases if d.record.organ_system == "kidney"}
    adipose_kidney = {
        s.id: s.record.agent
        for s in records.studies
        if kidney & set(s.record.conditions) and any(m.tissue == "adipose tissue" for m in s.record.many("msc_source"))
    }
    everything = {r["id"] for r in rows(page)}
    assert set(adipose_kidney) < everything
    choose(page, "Organ system", records.vocab.organ_systems["kidney"])
    shown = rows(page)
    assert sorted(r["id"] for r in shown) == sorted(adipose_kidney)
    # Rows of other material name it ("MSCs (whole cells): ..."); the rest are MSC vesicle studies.
    others = tuple(label for key, label in records.vocab.agents.items() if key != "msc-ev")
    vesicles = sorted(r["id"] for r in shown if not r["by"]["MSCs and material"].startswith(others))
    assert vesicles == sorted(i for i, agent in adipose_kidney.items() if agent == "msc-ev")
    for r in shown:
        if adipose_kidney[r["id"]] != "msc-ev":
            assert r["by"]["MSCs and material"].startswith(records.vocab.agents[adipose_kidney[r["id"]]]), r
    assert page.problems == []


def test_is_reference_n_real_and_what_supports_it(reader, records) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, page = open_page(reader)
    walk(page, base, "Nervous system", "Spinal cord injury")
    link = page.locator("article a[href*='bibliography.html#ref-']").first
    number = link.inner_text().strip()
    key = (link.get_attribute("href") or "").split("#ref-")[1]
    link.click()
    page.wait_for_url(f"**/bibliography.html#ref-{key}")
    entry = page.evaluate(
        """(id) => {
          const el = document.getElementById(id);
          const p = el.closest("p") || el;
          const box = p.getBoundingClientRect();
          return {text: p.innerText, top: box.top, bottom: box.bottom, height: innerHeight,
                  back: Array.from(p.querySelectorAll("a"), a => a.getAttribute("href"))};
        }""",
        f"ref-{key}",
    )
    assert entry["bottom"] > 0 and entry["top"] < entry["height"], "the entry is not in view"
    assert f"[{number}]" in entry["text"]
    ref = {r.key: r for r in records.references}[key]
    assert records.ledger.record(key).text() in entry["text"]
    for field in ("doi", "pmid"):
        if ref.get(field):
            assert ref.get(field) in entry["text"], field
    assert any(h and h.endswith("spinal-cord-injury.html") for h in entry["back"]), entry["back"]
    assert page.problems == []


def test_is_there_human_evidence_for_gvhd(reader, records) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, page = open_page(reader)
    path = walk(page, base, "Immune and autoimmune disorders", "Graft-versus-host disease")
    assert path[-1] == "diseases/immune/graft-versus-host-disease.html"
    gvhd = [s for s in records.studies if "graft-versus-host-disease" in s.record.conditions]
    human = sorted(s.id for s in gvhd if "human" in (s.record.study_type or []))
    assert human, "the records hold human GvHD evidence"
    assert sorted(r["id"] for r in rows(page)) == sorted(s.id for s in gvhd)
    choose(page, "Study type", "human")
    assert sorted(r["id"] for r in rows(page)) == human
    assert page.problems == []
