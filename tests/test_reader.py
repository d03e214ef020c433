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
        page.wait_for_timeout(800)
        assert expected in page.locator(".md-search-result").inner_text().lower(), term
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
        assert "umbilical cord" in visible.nth(i).locator("td").nth(1).inner_text()
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
    for path in ("index.html", "diseases/nervous-system/spinal-cord-injury.html", "studies/index.html"):
        page.goto(base + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, (path, overflow)
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
