"""Citation checks: the typed model, its located diagnostics, derived statuses and what readers see."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from sitefactory import REPO

from livingreview.refs import bibtex, ledger

KEY = "zhou2013exosomes"


def page(kind: str, source: str, confirmed: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "source": source,
        "date": "2026-11-22",
        "url": "https://example.org/p",
        "confirmed": confirmed,
        "shows": "what the page showed",
        **extra,
    }


def record(*checks: dict[str, Any], reason: str = "") -> ledger.Record:
    data = {"entries": {KEY: {"checks": list(checks), **({"reason": reason} if reason else {})}}}
    found, problems = ledger.parse(data, json.dumps(data, indent=2), "citation-ledger.json")
    assert problems == []
    return found.record(KEY)


@pytest.mark.parametrize(
    ("checks", "status", "text"),
    [
        (
            [page("primary", "publisher", ["title", "first_author", "year", "journal"])],
            "confirmed",
            "confirmed on the publisher's page: title, first author, year, journal (2026-11-22)",
        ),
        (
            [page("primary", "pubmed", ["identifier", "title", "year", "journal"])],
            "partly_confirmed",
            "partly confirmed (PubMed: identifier, title, year, journal; 2026-11-22)",
        ),
        (
            [page("secondary", "aggregator", ["identifier", "title", "first_author", "year", "journal"])],
            "partly_confirmed",
            "partly confirmed (an aggregator page: identifier, title, first author, year, journal; 2026-11-22)",
        ),
        (
            [page("primary", "pubmed", ["title", "year"]), page("primary", "pmc", ["first_author"])],
            "confirmed",
            "confirmed on PubMed and PubMed Central: title, first author, year (2026-11-22)",
        ),
        (
            [page("primary", "trial registry", ["identifier", "title"])],
            "confirmed",
            "confirmed on the trial registry: identifier, title (2026-11-22)",
        ),
        (
            [page("secondary", "citing article", ["title"], outcome="retracted")],
            "retracted",
            "⚠ RETRACTED (according to a citing article, 2026-11-22)",
        ),
        (
            [
                page("primary", "publisher", ["title", "first_author", "year"]),
                {"kind": "registry", "source": "crossref", "date": "2026-11-30", "confirmed": ["identifier"]},
            ],
            "verified",
            "registry-confirmed (Crossref, 2026-11-30)",
        ),
        (
            [{"kind": "registry", "source": "pubmed", "date": "2026-11-30", "outcome": "error", "error": "HTTP 500"}],
            "not_checked",
            "not yet checked",
        ),
    ],
)
def test_status_and_words_follow_from_what_was_seen(checks: list[dict[str, Any]], status: str, text: str) -> None:
    found = record(*checks)
    assert (found.status, found.text()) == (status, text)


def test_not_checked_says_why() -> None:
    found = record(reason="no DOI or PMID yet; no page has been checked")
    assert found.text() == "not yet checked (no DOI or PMID yet; no page has been checked)"


def test_bad_shapes_are_located_diagnostics(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    checks = {
        "entries": {
            KEY: {"checks": [page("hand", "publisher", ["title"])]},
            "heo2018mesenchymal": {"checks": [page("primary", "publisher", ["authors"])], "status": "verified"},
        }
    }
    root = site({"citation-ledger.json": json.dumps(checks, indent=2)})
    done = cli(root, "check")
    assert done.returncode == 1
    hint = "    hint: a check is {kind, source, date, url, confirmed, shows}"
    assert (
        f"citation-ledger.json:3: [E-LEDGER] record '{KEY}', check 1: kind 'hand' is not one of registry, "
        "primary, secondary\n" + hint in done.stdout
    )
    assert "citation-ledger.json:17: [E-LEDGER] record 'heo2018mesenchymal' has unknown field(s) status" in done.stdout
    assert (
        "citation-ledger.json:17: [E-LEDGER] record 'heo2018mesenchymal', check 1: confirmed ['authors'] may only "
        "list identifier, title, first_author, year, journal" in done.stdout
    )
    assert "Traceback" not in done.stdout + done.stderr


def test_a_record_for_no_entry_is_a_warning(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    checks = {"entries": {"zhou2013exosome": {"checks": [page("primary", "pmc", ["title"])]}}}
    done = cli(site({"citation-ledger.json": json.dumps(checks, indent=2)}), "check")
    assert done.returncode == 0
    assert (
        "citation-ledger.json:3: warning [W-LEDGER-ORPHAN] citation checks record 'zhou2013exosome' names no "
        "entry in references.bib\n    hint: did you mean 'zhou2013exosomes'?" in done.stdout
    )


def test_invalid_json_is_located(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    root = site({"citation-ledger.json": '{\n  "entries": {\n    "a": [\n}\n'})
    done = cli(root, "check")
    assert done.returncode == 1
    assert "citation-ledger.json:4: [E-LEDGER] citation checks file is not valid JSON" in done.stdout


def test_readers_see_labels_and_sources_never_raw_keys(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    checks = {
        "entries": {
            KEY: {"checks": [page("primary", "pmc", ["identifier", "title", "first_author", "year", "journal"])]},
            "heo2018mesenchymal": {"checks": [page("secondary", "mirror", ["title"])]},
        }
    }
    root = site({"citation-ledger.json": json.dumps(checks, indent=2)})
    done = cli(root, "build", env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    assert done.returncode == 0, done.stdout
    health = (root / "site/citation-health.html").read_text()
    assert "<td>Confirmed on the primary page</td>" in health and "<td>Partly confirmed</td>" in health
    assert "partly_confirmed" not in health and "not_checked" not in health
    assert 'href="https://example.org/p">a mirror page</a>: title' in health
    bib = (root / "site/bibliography.html").read_text()
    assert "confirmed on PubMed Central: identifier, title, first author, year, journal (2026-11-22)" in bib
    for html in (root / "site").rglob("*.html"):
        text = html.read_text().lower()
        assert "ledger" not in text, html
        assert "verified" not in text, html


def test_every_reference_of_the_site_has_a_record() -> None:
    refs, _ = bibtex.load("references.bib", (REPO / "references.bib").read_text(encoding="utf-8"))
    found, problems = ledger.load(REPO / "citation-ledger.json", "citation-ledger.json")
    assert problems == []
    assert {r.key for r in refs} == set(found.entries)
    for item in found.entries.values():
        assert item.checks or item.reason, item.key  # never checked: says why
    assert found.status("taylor2008microrna") == "retracted"


def test_the_file_round_trips(tmp_path: Path) -> None:
    found, _ = ledger.load(REPO / "citation-ledger.json", "citation-ledger.json")
    ledger.write(tmp_path / "out.json", found)
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == (REPO / "citation-ledger.json").read_text(
        encoding="utf-8"
    )
