"""Identifier proposals: Crossref's bibliographic query and PubMed ESearch/ESummary on a local stand-in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from pytest_httpserver import HTTPServer

from livingreview.refs import bibtex, ledger, propose

KEY = "heo2018mesenchymal"
TITLE = "Mesenchymal stem cell-derived exosomes: applications in cell-free therapy"
RIGHT_DOI = "10.1000/fixture-heo-2018"  # made-up identifiers: this is a stand-in registry
WRONG_DOI = "10.1000/fixture-other"


def crossref_item(doi: str, title: str, family: str, year: int, journal: str, score: float) -> dict[str, Any]:
    """One item of a Crossref ``work-list``, with the fields its REST API returns for a journal article."""
    return {
        "indexed": {"date-parts": [[2026, 11, 1]], "date-time": "2026-11-01T00:00:00Z", "timestamp": 1793491200000},
        "publisher": "Korean Society for Clinical Laboratory Science",
        "issue": "4",
        "DOI": doi,
        "type": "journal-article",
        "page": "391-398",
        "source": "Crossref",
        "is-referenced-by-count": 3,
        "title": [title],
        "prefix": "10.1000",
        "volume": "50",
        "author": [
            {"given": "June Seok", "family": family, "sequence": "first", "affiliation": []},
            {"given": "Jinkwan", "family": "Kim", "sequence": "additional", "affiliation": []},
        ],
        "member": "0000",
        "container-title": [journal],
        "short-container-title": ["Korean J Clin Lab Sci"],
        "language": "en",
        "score": score,
        "issued": {"date-parts": [[year, 12, 31]]},
        "URL": f"https://doi.org/{doi}",
        "ISSN": ["1738-3544"],
    }


CROSSREF = {
    "status": "ok",
    "message-type": "work-list",
    "message-version": "1.0.0",
    "message": {
        "facets": {},
        "total-results": 2,
        "items": [
            crossref_item(WRONG_DOI, "Exosomes in clinical laboratory science", "Park", 2015, "Clin Chim Acta", 40.1),
            crossref_item(RIGHT_DOI, TITLE, "Heo", 2018, "Korean Journal of Clinical Laboratory Science", 88.2),
        ],
        "items-per-page": 5,
        "query": {"start-index": 0, "search-terms": None},
    },
}
ESEARCH = {
    "header": {"type": "esearch", "version": "0.3"},
    "esearchresult": {
        "count": "1",
        "retmax": "1",
        "retstart": "0",
        "idlist": ["90000001"],
        "translationset": [],
        "querytranslation": "mesenchymal[All Fields] AND heo[Author]",
    },
}
ESUMMARY = {
    "header": {"type": "esummary", "version": "0.3"},
    "result": {
        "uids": ["90000001"],
        "90000001": {
            "uid": "90000001",
            "pubdate": "2018 Dec",
            "epubdate": "",
            "source": "Korean J Clin Lab Sci",
            "authors": [
                {"name": "Heo JS", "authtype": "Author", "clusterid": ""},
                {"name": "Kim J", "authtype": "Author", "clusterid": ""},
            ],
            "lastauthor": "Kim J",
            "title": TITLE + ".",
            "volume": "50",
            "issue": "4",
            "pages": "391-398",
            "lang": ["eng"],
            "issn": "1738-3544",
            "pubtype": ["Journal Article", "Review"],
            "articleids": [
                {"idtype": "pubmed", "idtypen": 1, "value": "90000001"},
                {"idtype": "doi", "idtypen": 3, "value": RIGHT_DOI},
            ],
            "fulljournalname": "Korean journal of clinical laboratory science",
            "sortpubdate": "2018/12/01 00:00",
        },
    },
}


@pytest.fixture
def registries(httpserver: HTTPServer) -> str:
    httpserver.expect_request("/works").respond_with_json(CROSSREF)
    httpserver.expect_request("/esearch.fcgi").respond_with_json(ESEARCH)
    httpserver.expect_request("/esummary.fcgi").respond_with_json(ESUMMARY)
    return httpserver.url_for("").rstrip("/")


def online(root: Path, url: str) -> list[str]:
    return [str(root), "propose", "--online", "--contact", "t@example.org", "--crossref-url", url, "--ncbi-url", url]


def test_journal_score_reads_abbreviations() -> None:
    assert propose.journal_score("Korean J Clin Lab Sci", "Korean Journal of Clinical Laboratory Science") == 1.0
    assert propose.journal_score("Stem Cell Res Ther", "Stem Cell Research & Therapy") == 1.0
    assert propose.journal_score("Clin Chim Acta", "Korean Journal of Clinical Laboratory Science") < 0.5


def test_propose_scores_candidates_and_writes_nothing_into_the_bibliography(
    site, cli: Run, registries: str, httpserver: HTTPServer
) -> None:  # type: ignore[no-untyped-def]
    root = site()
    bib_before = (root / "references.bib").read_text()
    done = cli(*online(root, registries))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 entries asked about: 1 with a matching candidate, 0 without any candidate" in done.stdout
    assert (root / "references.bib").read_text() == bib_before
    data = json.loads((root / propose.PROPOSALS).read_text())
    assert list(data["entries"]) == [KEY]  # zhou2013exosomes has a DOI: not asked about
    best, other = data["entries"][KEY]["candidates"]
    assert (best["doi"], best["pmid"], best["matches"]) == (RIGHT_DOI, "90000001", True)
    assert best["scores"] == {"title": 1.0, "author": 1.0, "year": 1.0, "journal": 1.0, "overall": 1.0}
    assert sorted(best["answers"]) == ["crossref", "pubmed"]
    assert (other["doi"], other["matches"]) == (WRONG_DOI, False)
    assert other["scores"]["title"] < 0.6 and other["scores"]["year"] == 0.0
    queries = [request.args for request, _ in httpserver.log]
    assert queries[0]["query.bibliographic"].startswith(TITLE) and queries[0]["rows"] == "5"
    assert queries[1]["term"].endswith("AND heo[Author]") and queries[2]["id"] == "90000001"
    # the same answers give the same file
    first = (root / propose.PROPOSALS).read_text()
    assert cli(*online(root, registries)).returncode == 0
    assert (root / propose.PROPOSALS).read_text() == first


def test_accept_writes_the_identifier_and_records_the_registry_check(site, cli: Run, registries: str) -> None:  # type: ignore[no-untyped-def]
    root = site()
    assert cli(*online(root, registries)).returncode == 0
    refused = cli(root, "propose", "--accept", KEY, "--candidate", "2")
    assert refused.returncode == 1
    assert (
        f"identifier-proposals.json:4: [E-PROPOSE] candidate 2 of '{KEY}' does not match the entry "
        "(title 0.4" in refused.stdout
    )
    assert "doi = " not in (root / "references.bib").read_text().split("@article{zhou")[0]
    done = cli(root, "propose", "--accept", KEY)
    assert done.returncode == 0, done.stdout
    assert f"{KEY}: wrote doi {RIGHT_DOI}, pmid 90000001 into references.bib" in done.stdout
    refs, problems = bibtex.load("references.bib", (root / "references.bib").read_text())
    assert problems == []
    heo = next(r for r in refs if r.key == KEY)
    assert (heo.get("doi"), heo.get("pmid"), heo.get("volume")) == (RIGHT_DOI, "90000001", "50")
    found, problems = ledger.load(root / "citation-ledger.json", "citation-ledger.json")
    assert problems == []
    checks = found.record(KEY).checks
    assert [(c.kind, c.source, c.identifier) for c in checks] == [
        ("registry", "crossref", {"doi": RIGHT_DOI}),
        ("registry", "pubmed", {"pmid": "90000001"}),
    ]
    assert checks[0].confirmed == ("identifier", "title", "first_author", "year", "journal")
    assert found.status(KEY) == "verified"
    assert KEY not in json.loads((root / propose.PROPOSALS).read_text())["entries"]
    assert cli(root, "check").returncode == 0
    assert "references.bib" not in cli(root, "fmt", "--check").stdout  # laid out as fmt would
