"""External link checking against a local server: good, 404, 301 -> 200, 429 then 200, slow, dead."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Run
from pytest_httpserver import HTTPServer
from sitefactory import base
from werkzeug import Request, Response

from livingreview import build, linkcheck

DISEASE = "content/diseases/kidney/cisplatin-nephrotoxicity.md"


def dead_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/gone"  # nothing listens there any more


def serve_links(httpserver: HTTPServer) -> dict[str, str]:
    calls = {"busy": 0}

    def busy(request: Request) -> Response:
        calls["busy"] += 1
        return Response("wait", status=429, headers={"Retry-After": "1"}) if calls["busy"] == 1 else Response("ok")

    def slow(request: Request) -> Response:
        time.sleep(1.2)
        return Response("late")

    httpserver.expect_request("/good").respond_with_data("fine")
    httpserver.expect_request("/missing").respond_with_data("no", status=404)
    httpserver.expect_request("/moved").respond_with_data("", status=301, headers={"Location": "/good"})
    httpserver.expect_request("/busy").respond_with_handler(busy)
    httpserver.expect_request("/slow").respond_with_handler(slow)
    return {name: httpserver.url_for(f"/{name}") for name in ("good", "missing", "moved", "busy", "slow")}


@pytest.fixture
def threaded_server() -> Iterator[HTTPServer]:
    """Like pytest-httpserver's fixture, but answering requests in parallel (the checker is concurrent)."""
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_linkcheck_statuses_sources_cache_and_report(site, threaded_server: HTTPServer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    httpserver = threaded_server
    urls = serve_links(httpserver)
    dead = dead_url()
    prose = base(DISEASE).replace(
        "Dose and timing.",
        "Dose and timing.\n\n"
        + "\n".join(f"- [{name}]({url})" for name, url in urls.items())
        + f"\n- <{dead}>\n- [doi](https://doi.org/10.1186/scrt194)\n\n```\n[code](http://127.0.0.1:1/ignored)\n```\n",
    )
    root = site({DISEASE: prose})
    outcome = build.check(root)
    assert outcome.ok and outcome.site
    slept: list[float] = []
    checker = linkcheck.Checker(contact="t@example.org", timeout=0.5, retries=1, backoff=0.01, sleep=slept.append)
    cache, report = tmp_path / "cache.json", tmp_path / "report.json"
    problems = linkcheck.run(outcome.site, checker, cache, report, max_age=3600)
    data = json.loads(report.read_text())["links"]
    status = {url: item["status"] for url, item in data.items()}
    assert status[urls["good"]] == "ok"
    assert status[urls["missing"]] == "broken"
    assert status[urls["moved"]] == "redirected" and data[urls["moved"]]["final_url"] == urls["good"]
    assert status[urls["busy"]] == "ok" and 1.0 in slept
    assert status[urls["slow"]] == "error"
    assert status[dead] == "error"
    assert status["https://doi.org/10.1186/scrt194"] == "skipped"
    assert "http://127.0.0.1:1/ignored" not in status
    path = "content/diseases/kidney/cisplatin-nephrotoxicity.md"
    assert [p.format().splitlines()[0] for p in problems if p.is_error] == [
        f"{path}:19: [E-LINK-DEAD] {urls['missing']} answers HTTP 404"
    ]
    assert {p.code for p in problems if not p.is_error} == {"W-LINK-UNREACHABLE"}
    assert data[urls["good"]]["sources"] == [f"{path}:18"]
    # a second run reuses fresh good results from the cache and asks only for the rest
    before = len(httpserver.log)
    linkcheck.run(outcome.site, checker, cache, report, max_age=3600)
    asked = {request.path for request, _ in httpserver.log[before:]}
    assert "/good" not in asked and "/missing" in asked


def test_report_shows_on_citation_health_page(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    report = {
        "checked": "2026-11-20",
        "links": {
            "https://example.org/x": {
                "status": "broken",
                "code": 404,
                "final_url": "",
                "detail": "HTTP 404",
                "checked": "2026-11-20",
                "sources": ["content/index.md:6"],
            }
        },
    }
    root = site({"linkcheck-report.json": json.dumps(report)})
    assert cli(root, "build").returncode == 0
    health = (root / "site/citation-health.html").read_text()
    assert "Checked on 2026-11-20" in health and "https://example.org/x: HTTP 404" in health


def test_links_are_found_as_markdown_reads_them(site) -> None:  # type: ignore[no-untyped-def]
    """Reference-style links count; code spans and code blocks do not; a URL may hold parentheses."""
    prose = base(DISEASE).replace(
        "Dose and timing.",
        "Dose and timing, see [the registry][reg] and\n"
        "[a page](https://en.wikipedia.org/wiki/Exosome_(vesicle)).\n\n"
        "Not a link: `[code](https://example.org/in-code)`.\n\n"
        "[reg]: https://example.org/registry\n"
        "[unused]: https://example.org/unused\n",
    )
    outcome = build.check(site({DISEASE: prose}))
    assert outcome.ok and outcome.site
    found = {url: [f"{w.path}:{w.line}" for w in wheres] for url, wheres in linkcheck.collect(outcome.site).items()}
    external = {url: lines for url, lines in found.items() if "example.org" in url or "wikipedia" in url}
    assert external == {
        "https://example.org/registry": [f"{DISEASE}:16"],
        "https://en.wikipedia.org/wiki/Exosome_(vesicle)": [f"{DISEASE}:17"],
    }
