"""What a reader sees, in a real headless browser: pages load cleanly and tables lead to studies."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser import CHROMIUM_ARGS, chromium_path, serve
from conftest import Run

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    from conftest import run_cli
    from sitefactory import make_site

    root = make_site(tmp_path_factory.mktemp("browser") / "project")
    done = run_cli(root, "build", env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    assert done.returncode == 0, done.stdout
    return root / "site"


def test_pages_load_without_errors_and_rows_link_to_studies(built: Path, cli: Run) -> None:
    from playwright.sync_api import sync_playwright

    with serve(built) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors: list[str] = []
        failed: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        # a request cancelled because the test navigated on (net::ERR_ABORTED) is not a failure
        page.on("requestfailed", lambda r: failed.append(r.url) if "ERR_ABORTED" not in (r.failure or "") else None)
        page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        for path in (
            "index.html",
            "diseases/index.html",
            "diseases/kidney/index.html",
            "bibliography.html",
            "studies/index.html",
        ):
            page.goto(base + path)
            assert page.locator("h1").count() >= 1
        page.goto(base + "diseases/kidney/cisplatin-nephrotoxicity.html")
        row = page.locator("table tbody tr").first
        assert "lower serum creatinine and BUN" in row.inner_text()
        row.locator("a", has_text="Zhou 2013").click()
        page.wait_for_url("**/studies/zhou-2013-cisplatin-aki.html")
        assert page.locator("h1").inner_text().rstrip("¶") == "Umbilical cord MSC exosomes in cisplatin kidney injury"
        # a citation lands on its bibliography entry
        page.locator("article a[href*='bibliography.html#ref-zhou2013exosomes']").first.click()
        page.wait_for_url("**/bibliography.html#ref-zhou2013exosomes")
        assert page.locator("#ref-zhou2013exosomes").is_visible()
        browser.close()
        assert errors == []
        assert failed == []


def test_site_works_from_file_urls(built: Path) -> None:
    """Opened straight from disk: pages and links work and nothing is fetched from another host.

    Search needs a web server (its worker cannot start from file:// under the strict CSP), so the
    one request allowed to fail is the offline search index Material probes for.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        outside: list[str] = []
        failed: list[str] = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith("file://") else None)
        page.on("requestfailed", lambda r: failed.append(r.url.rsplit("/site/", 1)[-1]))
        page.goto((built / "diseases/kidney/cisplatin-nephrotoxicity.html").as_uri())
        page.locator("table tbody tr a", has_text="Zhou 2013").click()
        page.wait_for_url("**/studies/zhou-2013-cisplatin-aki.html")
        page.locator("nav a", has_text="Bibliography").first.click()
        page.wait_for_url("**/bibliography.html")
        browser.close()
        assert outside == []
        assert set(failed) <= {"search/search_index.js"}


def test_hostile_content_runs_no_script_even_in_search(site) -> None:  # type: ignore[no-untyped-def]
    """Payloads in fields reach readers as text: no dialog fires on any page or in search results."""
    from conftest import run_cli
    from playwright.sync_api import sync_playwright
    from test_hostile import hostile_files

    root = site(hostile_files())
    assert run_cli(root, "build", env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}).returncode == 0
    with serve(root / "site") as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in (
            "index.html",
            "diseases/kidney/cisplatin-nephrotoxicity.html",
            "bibliography.html",
            "studies/zhou-2013-cisplatin-aki.html",
            "diseases/kidney/index.html",
        ):
            page.goto(base + path)
        page.locator("input.md-search__input").click()
        page.keyboard.type("alert", delay=20)
        page.wait_for_timeout(1000)
        assert page.locator(".md-search-result__item").count() > 0
        browser.close()
        assert dialogs == []


def test_content_security_policy_holds_on_every_page_type(built: Path) -> None:
    """Every page carries a CSP meta tag; over http and from file:// nothing the site needs is blocked."""
    from playwright.sync_api import sync_playwright

    pages = [p.relative_to(built).as_posix() for p in sorted(built.rglob("*.html")) if p.name != "404.html"]
    for rel in pages:
        assert '<meta http-equiv="Content-Security-Policy"' in (built / rel).read_text()
    with serve(built) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for root in (base, built.as_uri() + "/"):
            page = browser.new_page()
            violations: list[str] = []
            page.on("console", lambda m, found=violations: found.append(m.text) if "CSP" in m.text else None)
            page.add_init_script(
                "document.addEventListener('securitypolicyviolation',"
                " e => console.error('CSP ' + e.violatedDirective + ' ' + e.blockedURI))"
            )
            for rel in pages:
                page.goto(root + rel)
            if root == base:  # search needs a server
                page.locator("input.md-search__input").click()
                page.keyboard.type("cisplatin", delay=20)
                page.wait_for_timeout(800)
                assert page.locator(".md-search-result__item").count() > 0
            page.close()
            assert violations == [], root
        browser.close()
