"""What a reader of the real site sees, in headless Chromium: every page type, search, tables, map, phone, axe."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from browser import CHROMIUM_ARGS, chromium_path, serve
from conftest import run_cli
from sitefactory import REPO

pytestmark = pytest.mark.browser

SHOTS = REPO / "tests" / "screenshots"
PAGE_TYPES = {
    "home": "index.html",
    "organ-system": "diseases/nervous-system/index.html",
    "disease": "diseases/nervous-system/spinal-cord-injury.html",
    "study": "studies/zhu-2019-mir199a-renal-ischemia.html",
    "all-studies": "studies/index.html",
    "topic": "topics/ev-classes.html",
    "review": "reviews/heo2018mesenchymal.html",
    "entity-index": "cargo/index.html",
    "entity": "cargo/mir-133b.html",
    "evidence-map": "evidence-map.html",
    "bibliography": "bibliography.html",
    "citation-health": "citation-health.html",
    "about-data": "about-data.html",
}


@pytest.fixture(scope="module")
def reader(tmp_path_factory) -> Iterator[tuple[str, object]]:  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    out = tmp_path_factory.mktemp("real") / "site"
    done = run_cli(REPO, "build", "--out", str(out), env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    assert done.returncode == 0, done.stdout
    with serve(out) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield base, browser
        browser.close()


def open_page(reader, width: int = 1280):  # type: ignore[no-untyped-def]
    base, browser = reader
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: page.problems.append(r.url) if "ERR_ABORTED" not in (r.failure or "") else None)
    page.on("response", lambda r: page.problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return base, page


def test_every_page_type_loads_cleanly_and_is_screenshotted(reader) -> None:  # type: ignore[no-untyped-def]
    base, page = open_page(reader)
    SHOTS.mkdir(exist_ok=True)
    for name, path in PAGE_TYPES.items():
        page.goto(base + path)
        assert page.locator("h1").count() == 1, path
        page.screenshot(path=str(SHOTS / f"{name}.png"))
    assert page.problems == []


def test_search_finds_mir_133b_studies_in_stroke_and_sci(reader) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    base, page = open_page(reader)
    page.goto(base + "index.html")
    page.locator("input.md-search__input").click()
    page.keyboard.type("miR-133b", delay=20)
    page.wait_for_timeout(1200)
    hrefs = [a.get_attribute("href") or "" for a in page.locator(".md-search-result__link").all()[:6]]
    texts = " ".join(page.locator(".md-search-result__item").all_inner_texts()[:6]).lower()
    assert any("studies/" in h for h in hrefs)
    assert "stroke" in texts or "ischemi" in texts
    assert "spinal cord" in texts or "sci" in texts
    for term, expected in (("AKI", "kidney"), ("GvHD", "graft"), ("NCT03384433", "stroke"), ("14-3-3ζ", "14-3-3")):
        page.locator("input.md-search__input").fill("")
        page.keyboard.type(term, delay=20)
        expect(page.locator(".md-search-result")).to_contain_text(expected, ignore_case=True, timeout=5000)
    page.screenshot(path=str(SHOTS / "search.png"))


def test_filter_by_source_updates_rows_and_count_and_sort_works(reader) -> None:  # type: ignore[no-untyped-def]
    base, page = open_page(reader)
    page.goto(base + "studies/index.html")
    rows = page.locator("table tbody tr")
    total = rows.count()
    assert page.locator(".lr-count").inner_text() == f"Showing {total} of {total}"
    page.select_option("select[name='MSC source']", "umbilical cord")
    visible = page.locator("table tbody tr:not([hidden])")
    shown = visible.count()
    assert 0 < shown < total
    assert page.locator(".lr-count").inner_text() == f"Showing {shown} of {total}"
    for i in range(shown):
        assert "umbilical cord" in visible.nth(i).locator("td").nth(2).inner_text()
    page.fill(".lr-tools input[type=search]", "kidney")
    assert page.locator("table tbody tr:not([hidden])").count() < shown
    header = page.locator("table thead th button").first
    header.click()
    firsts = [visible.nth(i).locator("td").first.inner_text() for i in range(min(3, visible.count()))]
    assert firsts == sorted(firsts, key=str.lower) or len(firsts) < 2
    assert page.locator("table thead th").first.get_attribute("aria-sort") == "ascending"


def test_citation_and_map_links_land_where_they_say(reader) -> None:  # type: ignore[no-untyped-def]
    base, page = open_page(reader)
    page.goto(base + "diseases/nervous-system/spinal-cord-injury.html")
    link = page.locator("article a[href*='bibliography.html#ref-']").first
    anchor = (link.get_attribute("href") or "").split("#")[1]
    link.click()
    page.wait_for_url(f"**/bibliography.html#{anchor}")
    assert page.locator(f"#{anchor}").is_visible()
    page.goto(base + "evidence-map.html")
    cell = page.locator("a", has=page.locator("xpath=..")).locator(
        "xpath=self::a[ancestor::span[contains(@class,'lr-heat')]]"
    )
    first = page.locator(".lr-heat a").first
    expected = int(first.inner_text())
    first.click()
    page.wait_for_load_state()
    assert "filter=" in page.url
    assert page.locator(".lr-count").first.inner_text().startswith(f"Showing {expected} of ")
    assert cell is not None


def test_phone_width_layout_holds(reader) -> None:  # type: ignore[no-untyped-def]
    base, page = open_page(reader, width=390)
    SHOTS.mkdir(exist_ok=True)
    for name in ("home", "disease", "all-studies", "evidence-map", "bibliography"):
        path = PAGE_TYPES[name]
        page.goto(base + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, (path, overflow)
        page.screenshot(path=str(SHOTS / f"phone-{name}.png"))
    page.goto(base + PAGE_TYPES["disease"])
    page.screenshot(path=str(SHOTS / "phone-disease.png"))
    assert page.problems == []


def test_axe_finds_no_serious_or_critical_violations(reader) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    base, browser = reader
    context = browser.new_context(bypass_csp=True)  # axe is injected by the test, not shipped by the site
    page = context.new_page()
    axe = Axe()
    found = {}
    for name in ("home", "disease", "study", "all-studies", "evidence-map", "bibliography", "entity"):
        page.goto(base + PAGE_TYPES[name])
        results = axe.run(page)
        bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
        if bad:
            found[name] = [(v["id"], v["impact"], len(v["nodes"])) for v in bad]
    context.close()
    assert found == {}


SEARCHES = [  # (what a reader types, the page expected first; "" when nothing on the site matches)
    ("GvHD", "diseases/immune/graft-versus-host-disease.html"),
    ("graft-versus-host", "diseases/immune/graft-versus-host-disease.html"),
    ("acute kidney injury", "diseases/kidney/acute-kidney-injury.html"),
    ("spinal cord injury", "diseases/nervous-system/spinal-cord-injury.html"),
    ("spinal cord", "diseases/nervous-system/spinal-cord-injury.html"),
    ("SCI", "diseases/nervous-system/spinal-cord-injury.html"),
    ("stroke", "diseases/nervous-system/stroke.html"),
    ("NCT03384433", "diseases/nervous-system/stroke.html"),
    ("COVID-19", "diseases/respiratory/covid-19-pneumonia.html"),
    ("myocardial infarction", "diseases/cardiovascular/myocardial-infarction.html"),
    ("diabetes", "diseases/endocrine-metabolic/type-1-diabetes.html"),
    ("liver fibrosis", "diseases/liver/liver-fibrosis.html"),
    ("wound healing", "diseases/skin/cutaneous-wounds.html"),
    ("osteoarthritis", "diseases/musculoskeletal/osteoarthritis.html"),
    ("Alzheimer", "diseases/nervous-system/alzheimers-disease.html"),
    ("storage", "diseases/other/msc-ev-production-and-safety.html"),
    ("clinical trial", "topics/clinical-trials.html"),
    ("ultracentrifugation", "topics/isolation-and-characterization.html"),
    ("microvesicles", "topics/ev-classes.html"),
    ("miR-133b", "cargo/mir-133b.html"),
    ("14-3-3ζ", "cargo/14-3-3zeta.html"),
    ("adipose", "sources/adipose-tissue.html"),
    ("sepsis", ""),
]


def test_search_puts_the_expected_page_first(reader) -> None:  # type: ignore[no-untyped-def]
    base, browser = reader
    page = browser.new_context(bypass_csp=True).new_page()  # the test polls with its own script
    page.goto(base + "index.html")
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_function("document.querySelector('.md-search-result__meta') !== null")
    from playwright.sync_api import TimeoutError as Timeout

    wrong = {}
    first = "(document.querySelector('.md-search-result__link') || {getAttribute: () => ''}).getAttribute('href')"
    for query, expected in SEARCHES:
        box.fill("")
        page.keyboard.type(query)
        meta = "document.querySelector('.md-search-result__meta').textContent.includes('No matching documents')"
        done = meta if not expected else f"({first} || '').split('?')[0].endsWith('/{expected}')"
        try:  # Material updates the results a moment after typing: poll, then report what came first
            page.wait_for_function(done, timeout=4000)
        except Timeout:
            wrong[query] = (page.evaluate(first) or "").split("?")[0].removeprefix(base)
    assert wrong == {}
    hubs = ("bibliography.html", "citation-health.html", "studies/index.html", "review-status.html")
    box.fill("")
    page.keyboard.type("kidney")
    page.wait_for_timeout(500)
    top = [a.get_attribute("href") or "" for a in page.locator(".md-search-result__link").all()[:5]]
    assert not any(h in t for t in top for h in hubs), top


def test_table_filter_matches_all_words_resets_and_keeps_state_in_the_address(reader) -> None:  # type: ignore[no-untyped-def]
    base, page = open_page(reader)
    page.goto(base + "studies/index.html")
    assert page.locator("table thead th").nth(1).inner_text().strip() == "Year"
    total = page.locator("table tbody tr").count()
    page.fill(".lr-tools input[type=search]", "kidney adipose")
    visible = page.locator("table tbody tr:not([hidden])")
    shown = visible.count()
    assert 0 < shown < total
    for i in range(shown):
        assert "adipose" in visible.nth(i).inner_text().lower()
    assert "text=kidney%20adipose" in page.url
    page.select_option("select[name='Study type']", "animal")
    assert page.locator(".lr-facet.lr-chosen span").inner_text() == "Study type"
    assert "filter=Study%20type%3Aanimal" in page.url
    page.goto(page.url)  # a shared address shows the same rows
    assert page.locator(".lr-tools input[type=search]").input_value() == "kidney adipose"
    assert page.locator("select[name='Study type']").input_value() == "animal"
    page.click("button.lr-reset")
    assert page.locator("table tbody tr:not([hidden])").count() == total
    assert "?" not in page.url


def test_phone_tables_are_cards_and_the_map_fits_desktop(reader) -> None:  # type: ignore[no-untyped-def]
    base, page = open_page(reader, width=390)
    page.goto(base + "diseases/nervous-system/spinal-cord-injury.html")
    table = page.locator("table[data-lr-table]").first
    assert table.evaluate("t => t.scrollWidth <= t.clientWidth + 1")
    cell = table.locator("tbody td").nth(2)
    assert cell.get_attribute("data-label") == "MSCs and material"
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") == '"MSCs and material"'
    page.goto(base + "evidence-map.html")
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 1
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + "evidence-map.html")
    for i in range(page.locator("article table").count()):
        assert page.locator("article table").nth(i).evaluate("t => t.scrollWidth <= t.clientWidth + 1"), i


def test_a_citation_opens_its_entry_at_the_top_and_leads_back(reader) -> None:  # type: ignore[no-untyped-def]
    base, page = open_page(reader)
    page.goto(base + "diseases/immune/graft-versus-host-disease.html")
    link = page.locator("article a[href*='bibliography.html#ref-']").first
    anchor = (link.get_attribute("href") or "").split("#")[1]
    link.click()
    page.wait_for_url(f"**/bibliography.html#{anchor}")
    entry = page.locator(f"#{anchor}")
    assert entry.evaluate("e => e.classList.contains('lr-ref')")
    top = entry.evaluate("e => e.getBoundingClientRect().top")
    assert 40 <= top <= 120, top  # just under the sticky header, not scrolled past
    entry.locator("a.lr-back-link").click()
    page.wait_for_url("**/graft-versus-host-disease.html")


def test_the_404_page_offers_search_and_a_way_home(reader) -> None:  # type: ignore[no-untyped-def]
    base, page = open_page(reader)
    page.goto(base + "404.html")
    assert page.locator("h1").inner_text() == "Page not found"
    page.locator("label[for='__search']", has_text="Search the review").click()
    assert page.locator("input.md-search__input").is_visible()
    assert page.locator("article a", has_text="Home").get_attribute("href") == "/index.html"
