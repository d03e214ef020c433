"""Compare bibliography entries with what the registries say, and record the answers as checks.

Matching (documented in CONTRIBUTING.md):
* title similarity: rapidfuzz ``token_sort_ratio`` on lowercased alphanumerics, 0-1;
* first author: 1 when the family names agree after accent folding, else their similarity;
* year: 1 when equal, 0.5 when one year apart (online-first vs issue year), else 0.

An entry is ``verified`` when title >= :data:`TITLE_THRESHOLD` and (author >= :data:`AUTHOR_THRESHOLD`
or year >= 0.5). An entry without a title is verified on author and year together. Otherwise the
identifier exists but names another paper: ``mismatch``. Registry update notices turn a match into
``retracted`` (retraction, withdrawal, removal) or ``corrected`` (correction, erratum, corrigendum).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from rapidfuzz import fuzz

from livingreview.online import Progress
from livingreview.refs import ledger, registry
from livingreview.refs.bibtex import Reference
from livingreview.refs.identifiers import DOI, PMID

TITLE_THRESHOLD = 0.85
AUTHOR_THRESHOLD = 0.8
RETRACTION_TYPES = {"retraction", "withdrawal", "removal", "expression_of_concern_retraction"}
CORRECTION_TYPES = {"correction", "erratum", "corrigendum", "addendum"}


def _fold(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9 ]+", " ", ascii_text.lower()).strip()


def scores(ref: Reference, record: dict[str, Any]) -> dict[str, float]:
    title = fuzz.token_sort_ratio(_fold(ref.title), _fold(record.get("title", ""))) / 100 if ref.title else 0.0
    mine, theirs = _fold(ref.first_author), _fold(record.get("first_author", ""))
    author = 1.0 if mine and mine == theirs else fuzz.ratio(mine, theirs) / 100 if mine and theirs else 0.0
    year = 0.0
    if ref.year.isdigit() and str(record.get("year", "")).isdigit():
        gap = abs(int(ref.year) - int(record["year"]))
        year = 1.0 if gap == 0 else 0.5 if gap == 1 else 0.0
    return {"title": round(title, 3), "author": round(author, 3), "year": year}


def verdict(ref: Reference, record: dict[str, Any], score: dict[str, float]) -> str:
    if ref.title:
        matched = score["title"] >= TITLE_THRESHOLD and (score["author"] >= AUTHOR_THRESHOLD or score["year"] >= 0.5)
    else:
        matched = score["author"] >= AUTHOR_THRESHOLD and score["year"] >= 0.5
    if not matched:
        return "mismatch"
    kinds = {str(u.get("type", "")).lower() for u in record.get("updates", [])}
    if kinds & RETRACTION_TYPES:
        return "retracted"
    if kinds & CORRECTION_TYPES:
        return "corrected"
    return "verified"


def registry_check(ref: Reference, kind: str, value: str, answer: registry.Answer) -> ledger.Check:
    """One registry answer about ``ref``'s identifier, as a check."""
    today = date.today().isoformat()
    source = "crossref" if kind == "doi" else "pubmed"
    if answer.outcome == "error":
        return ledger.Check("registry", source, today, identifier={kind: value}, outcome="error", error=answer.reason)
    if answer.outcome == "not_found":
        return ledger.Check("registry", source, today, identifier={kind: value}, outcome="not_found")
    score = scores(ref, answer.record)
    outcome = verdict(ref, answer.record, score)
    outcome = "match" if outcome == "verified" else outcome
    confirmed = ["identifier"] if outcome != "mismatch" else []
    if outcome != "mismatch":
        confirmed += ["title"] if score["title"] >= TITLE_THRESHOLD else []
        confirmed += ["first_author"] if score["author"] >= AUTHOR_THRESHOLD else []
        confirmed += ["year"] if score["year"] == 1.0 else []
    return ledger.Check(
        "registry",
        source,
        today,
        confirmed=tuple(f for f in ledger.FIELDS if f in confirmed),
        outcome=outcome,
        identifier={kind: value},
        registry=answer.record,
        scores=score,
    )


def check_entry(client: registry.Client, ref: Reference) -> list[ledger.Check]:
    """Fresh registry checks for ``ref`` (none when it has no DOI or PMID to ask about)."""
    doi, pmid = ref.get("doi"), ref.get("pmid")
    checks = []
    if doi and DOI().inspect(doi) is None:
        checks.append(registry_check(ref, "doi", DOI().standardize(doi), registry.crossref(client, DOI().clean(doi))))
    if pmid and PMID().inspect(pmid) is None:
        checks.append(registry_check(ref, "pmid", pmid.strip(), registry.pubmed(client, pmid.strip())))
    return checks


def verify_trials(
    client: registry.Client, ncts: Iterable[str], trials: dict[str, Any], progress: Progress | None = None
) -> dict[str, Any]:
    """ClinicalTrials.gov look-ups for every NCT id the site shows, by NCT id."""
    out = dict(trials)
    for nct in sorted(set(ncts)):
        if progress:
            progress.step(nct)
        answer = registry.clinical_trial(client, nct)
        record: dict[str, Any] = {"checked": date.today().isoformat()}
        if answer.outcome == "found":
            record.update(status="verified", registry=answer.record)
        elif answer.outcome == "not_found":
            record["status"] = "not_found"
        else:
            record.update(status=out.get(nct, {}).get("status", "unverified"), error=answer.reason)
        out[nct] = record
    return {k: out[k] for k in sorted(out)}


def merge(previous: ledger.Record, fresh: list[ledger.Check]) -> ledger.Record:
    """Fresh registry answers replace the previous ones; page checks made by a person are kept.

    When every fresh look-up failed (network, 5xx), the previous registry answers stay, so a bad
    day at a registry never changes a status.
    """
    if not fresh:
        return previous
    answered = [c for c in fresh if c.outcome != "error"]
    registry_checks = fresh if answered or not previous.registry_checks else list(previous.registry_checks)
    return replace(previous, checks=(*previous.page_checks, *registry_checks))


def verify(
    client: registry.Client,
    references: Iterable[Reference],
    ledger_path: Path,
    keys: set[str] | None = None,
    trials: Iterable[str] = (),
    out: TextIO | None = None,
) -> dict[str, int]:
    """Ask the registries about every entry (or ``keys``) and trial, write the checks, count statuses.

    Prints progress to ``out``; raises :class:`~livingreview.online.Unreachable` (writing nothing)
    when no request connects.
    """
    found, problems = ledger.load(ledger_path, ledger_path.name)
    if problems:
        raise ValueError(problems[0].message)  # the CLI loads (and reports) the ledger before this
    chosen = [ref for ref in references if not keys or ref.key in keys]
    ncts = sorted(set(trials))
    progress = Progress("verify", len(chosen) + len(ncts), out=out or sys.stdout)
    found = replace(
        found, about=found.about or ledger.ABOUT, trials=verify_trials(client, ncts, dict(found.trials), progress)
    )
    for ref in chosen:
        progress.step(ref.key)
        fresh = check_entry(client, ref)
        if fresh:
            found = found.with_record(merge(found.record(ref.key), fresh))
    if client.reach.never_connected:
        raise client.reach.error(client.command)
    ledger.write(ledger_path, found)
    counted: dict[str, int] = {}
    for record in found.entries.values():
        counted[record.status] = counted.get(record.status, 0) + 1
    return counted
