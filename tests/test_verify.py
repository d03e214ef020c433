"""Registry verification against a local stand-in for Crossref and NCBI, then the offline build's use of it."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from pytest_httpserver import HTTPServer
from sitefactory import base
from werkzeug import Request, Response

from livingreview.refs import bibtex, ledger, registry, verify

TITLE = "Exosomes released by human umbilical cord mesenchymal stem cells protect against cisplatin-induced injury"


def work(
    title: str, family: str = "Zhou", year: int = 2013, updates: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "title": [title],
        "author": [{"family": family, "given": "Ying"}],
        "issued": {"date-parts": [[year]]},
        "container-title": ["Stem Cell Research & Therapy"],
    }
    if updates:
        message["updated-by"] = updates
    return {"status": "ok", "message": message}


def entry(key: str, **fields: str) -> str:
    body = ",\n".join(
        f"  {k} = {{{v}}}"
        for k, v in {"author": "Zhou, Ying", "title": TITLE, "journal": "J", "year": "2013", **fields}.items()
    )
    return f"@article{{{key},\n{body}\n}}\n"


BIB = "\n".join(
    [
        entry("good", doi="10.1000/good"),
        entry("other", doi="10.1000/other"),
        entry("missing", doi="10.1000/missing"),
        entry("retracted", doi="10.1000/retracted"),
        entry("corrected", doi="10.1000/corrected"),
        entry("flaky", doi="10.1000/flaky"),
        entry("broken", doi="10.1000/broken"),
        entry("bypmid", pmid="12345"),
        entry("badpmid", pmid="99999"),
        entry("slow", doi="10.1000/slow"),  # last: the test server is single-threaded
    ]
)


@pytest.fixture
def registry_server(httpserver: HTTPServer) -> HTTPServer:
    calls: dict[str, int] = {}

    def flaky(request: Request) -> Response:
        calls["flaky"] = calls.get("flaky", 0) + 1
        if calls["flaky"] == 1:
            return Response("slow down", status=429, headers={"Retry-After": "1"})
        return Response(json.dumps(work(TITLE)), content_type="application/json")

    def slow(request: Request) -> Response:
        time.sleep(1.5)
        return Response(json.dumps(work(TITLE)), content_type="application/json")

    httpserver.expect_request("/works/10.1000/good").respond_with_json(work(TITLE.upper() + "."))
    httpserver.expect_request("/works/10.1000/other").respond_with_json(
        work("Deep learning for protein folding", "Smith")
    )
    httpserver.expect_request("/works/10.1000/missing").respond_with_data("Resource not found.", status=404)
    httpserver.expect_request("/works/10.1000/retracted").respond_with_json(
        work(TITLE, updates=[{"type": "retraction", "DOI": "10.1000/notice", "label": "Retraction"}])
    )
    httpserver.expect_request("/works/10.1000/corrected").respond_with_json(
        work(TITLE, year=2014, updates=[{"type": "correction", "DOI": "10.1000/fix", "label": "Correction"}])
    )
    httpserver.expect_request("/works/10.1000/flaky").respond_with_handler(flaky)
    httpserver.expect_request("/works/10.1000/broken").respond_with_data("oops", status=500)
    httpserver.expect_request("/works/10.1000/slow").respond_with_handler(slow)
    summary = {"title": TITLE + ".", "authors": [{"name": "Zhou Y"}], "pubdate": "2013 May 1", "pubtype": []}
    httpserver.expect_request(
        "/esummary.fcgi",
        query_string={
            "db": "pubmed",
            "id": "12345",
            "retmode": "json",
            "tool": "livingreview",
            "email": "t@example.org",
        },
    ).respond_with_json({"result": {"uids": ["12345"], "12345": summary}})
    httpserver.expect_request("/esummary.fcgi").respond_with_json(
        {"result": {"uids": ["99999"], "99999": {"uid": "99999", "error": "cannot get document summary"}}}
    )
    return httpserver


def client_for(server: HTTPServer, slept: list[float], timeout: float = 0.5) -> registry.Client:
    base_url = server.url_for("").rstrip("/")
    return registry.Client(
        contact="t@example.org",
        endpoints=registry.Endpoints(crossref=base_url, ncbi=base_url, ctgov=base_url),
        timeout=timeout,
        retries=2,
        min_interval=0.0,
        sleep=slept.append,
    )


def test_verify_statuses_scores_and_politeness(registry_server: HTTPServer, tmp_path: Path) -> None:
    refs, problems = bibtex.load("references.bib", BIB)
    assert problems == []
    ledger_path = tmp_path / "ledger.json"
    ledger_path.write_text(
        json.dumps(
            {
                "entries": {
                    "good": {
                        "checks": [
                            {
                                "kind": "primary",
                                "source": "publisher",
                                "date": "2026-01-01",
                                "url": "https://example.org/p",
                                "confirmed": ["title", "year"],
                                "shows": "title and year",
                            }
                        ]
                    }
                }
            }
        )
    )
    slept: list[float] = []
    counts = verify.verify(client_for(registry_server, slept), refs, ledger_path)
    entries = json.loads(ledger_path.read_text())["entries"]
    found, problems = ledger.load(ledger_path, "ledger.json")
    assert problems == []
    status = {k: r.status for k, r in found.entries.items()}
    assert status == {
        "good": "verified",
        "other": "mismatch",
        "missing": "not_found",
        "retracted": "retracted",
        "corrected": "corrected",
        "flaky": "verified",
        "broken": "not_checked",
        "slow": "not_checked",
        "bypmid": "verified",
        "badpmid": "not_found",
    }
    assert counts["verified"] == 3
    good = entries["good"]["checks"]
    assert good[0]["url"] == "https://example.org/p"  # the page check a person made is kept
    assert good[1]["kind"] == "registry" and good[1]["registry"]["first_author"] == "Zhou"
    assert good[1]["confirmed"] == ["identifier", "title", "first_author", "year"]
    assert good[1]["scores"]["title"] >= verify.TITLE_THRESHOLD
    assert found.record("good").text().startswith("registry-confirmed (Crossref, ")
    assert entries["other"]["checks"][0]["scores"]["title"] < 0.5
    assert entries["other"]["checks"][0]["confirmed"] == []
    assert entries["broken"]["checks"][0]["error"] == "HTTP 500"
    assert "ReadTimeout" in entries["slow"]["checks"][0]["error"]
    assert 1.0 in slept  # Retry-After honoured for the 429
    # every request identified itself
    for request, _ in registry_server.log:
        assert "mailto:t@example.org" in request.headers["User-Agent"]


STUDY = "content/studies/zhou-2013-cisplatin-aki.md"


def site_with_status(site, status: str, acknowledged: bool = False):  # type: ignore[no-untyped-def]
    bib = base("references.bib")
    if acknowledged:
        bib = bib.replace("pmid = {23618405}", "pmid = {23618405},\n  x-acknowledged = {retracted}")
    checks = {
        "entries": {
            "zhou2013exosomes": {
                "checks": [
                    {
                        "kind": "registry",
                        "source": "crossref",
                        "date": "2026-11-20",
                        "outcome": status,
                        "identifier": {"doi": "10.1186/scrt194"},
                    }
                ]
            }
        }
    }
    return site({"references.bib": bib, "citation-ledger.json": json.dumps(checks)})


@pytest.mark.parametrize("status", ["mismatch", "not_found", "retracted"])
def test_strict_policy_fails_on_bad_statuses(site, cli: Run, status: str) -> None:  # type: ignore[no-untyped-def]
    done = cli(site_with_status(site, status), "check")
    assert done.returncode == 1
    words = status.replace("_", " ")
    assert (
        f"references.bib:10: [E-CITE-STATUS] entry 'zhou2013exosomes' is {words} "
        "(citation checks, checked 2026-11-20, crossref)" in done.stdout
    )


def test_acknowledged_retraction_is_shown_everywhere(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    root = site_with_status(site, "retracted", acknowledged=True)
    done = cli(root, "build", env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    assert done.returncode == 0, done.stdout
    assert "warning [W-CITE-STATUS]" in done.stdout
    out = root / "site"
    disease = (out / "diseases/kidney/cisplatin-nephrotoxicity.html").read_text()
    assert "This page cites a retracted paper" in disease
    assert "<del>" in disease and "0 studies of MSC-derived vesicles; 1 struck through" in disease
    study = (out / "studies/zhou-2013-cisplatin-aki.html").read_text()
    assert "This page cites a retracted paper" in study
    bib = (out / "bibliography.html").read_text()
    assert "⚠ RETRACTED (Crossref, 2026-11-20)" in bib
    health = (out / "citation-health.html").read_text()
    assert "<td>Retracted</td>" in health and "Last check recorded: 2026-11-20" in health
    kidney = (out / "diseases/kidney/index.html").read_text()
    assert "<td>0</td>" in kidney  # excluded from counts


def test_trials_are_checked_on_clinicaltrials_gov(registry_server: HTTPServer) -> None:
    study = {
        "protocolSection": {
            "identificationModule": {"briefTitle": "MSC exosomes in stroke"},
            "statusModule": {"overallStatus": "RECRUITING"},
        }
    }
    registry_server.expect_request("/studies/NCT03384433").respond_with_json(study)
    registry_server.expect_request("/studies/NCT00000000").respond_with_data("", status=404)
    client = client_for(registry_server, [], timeout=10.0)  # this test times nothing out; a loaded machine is slow
    trials: dict[str, Any] = verify.verify_trials(client, ["NCT03384433", "NCT00000000"], {})
    assert trials["NCT03384433"]["status"] == "verified"
    assert trials["NCT03384433"]["registry"]["overall_status"] == "RECRUITING"
    assert trials["NCT00000000"]["status"] == "not_found"


def test_cli_verify_online_against_local_registry(registry_server: HTTPServer, site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    root = site({"references.bib": base("references.bib").replace("10.1186/scrt194", "10.1000/fixture")})
    title = "Exosomes released by human umbilical cord mesenchymal stem cells protect against cisplatin-induced"
    title += " renal oxidative stress and apoptosis in vivo and in vitro"
    registry_server.expect_request("/works/10.1000/fixture").respond_with_json(work(title))
    url = registry_server.url_for("").rstrip("/")
    done = cli(
        root,
        "verify",
        "--online",
        "--contact",
        "t@example.org",
        "--keys",
        "zhou2013exosomes",
        "--crossref-url",
        url,
        "--ncbi-url",
        url,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    written = json.loads((root / "citation-ledger.json").read_text())
    crossref = [c for c in written["entries"]["zhou2013exosomes"]["checks"] if c["source"] == "crossref"]
    assert crossref[0]["kind"] == "registry" and "outcome" not in crossref[0]  # a match
    assert cli(root, "verify", "--online").returncode == 2  # no contact address
