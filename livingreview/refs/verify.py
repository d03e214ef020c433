"""Compare bibliography entries with what the registries say, and keep the result in the ledger.

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

import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from rapidfuzz import fuzz

from livingreview.online import Progress
from livingreview.refs import registry
from livingreview.refs.bibtex import Reference
from livingreview.refs.identifiers import DOI, PMID

TITLE_THRESHOLD = 0.85
AUTHOR_THRESHOLD = 0.8
STATUSES = ("verified", "mismatch", "not_found", "retracted", "corrected", "unverified", "checked_by_hand")
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


def check_entry(client: registry.Client, ref: Reference) -> dict[str, Any] | None:
    """A fresh ledger record for ``ref``, or None when it has no DOI or PMID to ask about."""
    doi, pmid = ref.get("doi"), ref.get("pmid")
    answers: list[tuple[str, str, registry.Answer]] = []
    if doi and DOI().inspect(doi) is None:
        answers.append(("doi", DOI().standardize(doi), registry.crossref(client, DOI().clean(doi))))
    if pmid and PMID().inspect(pmid) is None:
        answers.append(("pmid", pmid.strip(), registry.pubmed(client, pmid.strip())))
    if not answers:
        return None
    today = date.today().isoformat()
    results = []
    for kind, value, answer in answers:
        if answer.outcome == "error":
            results.append({"identifier": {kind: value}, "status": "error", "error": answer.reason})
        elif answer.outcome == "not_found":
            results.append({"identifier": {kind: value}, "status": "not_found"})
        else:
            score = scores(ref, answer.record)
            results.append(
                {
                    "identifier": {kind: value},
                    "status": verdict(ref, answer.record, score),
                    "registry": answer.record,
                    "scores": score,
                }
            )
    # the worst verdict wins: a PMID that names another paper is not excused by a good DOI
    order = ("retracted", "mismatch", "not_found", "corrected", "verified", "error")
    worst = min(results, key=lambda r: order.index(r["status"]))
    record: dict[str, Any] = {"status": worst["status"], "checked": today, "method": "registry", "lookups": results}
    if worst["status"] == "error":
        record["status"] = "unverified"
    return record


def verify_trials(
    client: registry.Client, ncts: Iterable[str], ledger: dict[str, Any], progress: Progress | None = None
) -> None:
    """ClinicalTrials.gov look-ups for every NCT id the site shows, kept under ``trials``."""
    trials: dict[str, Any] = ledger.setdefault("trials", {})
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
            record.update(status=trials.get(nct, {}).get("status", "unverified"), error=answer.reason)
        trials[nct] = record
    ledger["trials"] = {k: trials[k] for k in sorted(trials)}


def load_ledger(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {"about": "", "entries": {}}
    data = json.loads(path.read_text(encoding="utf-8"))
    data.setdefault("entries", {})
    return dict(data)


def merge(previous: dict[str, Any] | None, fresh: dict[str, Any]) -> dict[str, Any]:
    """A registry answer replaces the status but keeps what a person checked by hand."""
    merged = dict(fresh)
    if previous:
        hand = previous.get("hand") or (
            {k: previous[k] for k in ("url", "checked", "note") if k in previous}
            if previous.get("method") == "hand"
            else None
        )
        if hand:
            merged["hand"] = hand
        if fresh["status"] == "unverified" and previous.get("status") not in (None, "unverified"):
            merged["status"] = previous["status"]  # a failed look-up keeps the last known status
    return merged


def verify(
    client: registry.Client,
    references: Iterable[Reference],
    ledger_path: Path,
    keys: set[str] | None = None,
    trials: Iterable[str] = (),
    out: TextIO | None = None,
) -> dict[str, int]:
    """Ask the registries about every entry (or ``keys``) and trial, write the ledger, count statuses.

    Prints progress to ``out``; raises :class:`Unreachable` (writing nothing) when no request connects.
    """
    ledger = load_ledger(ledger_path)
    chosen = [ref for ref in references if not keys or ref.key in keys]
    ncts = sorted(set(trials))
    progress = Progress("verify", len(chosen) + len(ncts), out=out or sys.stdout)
    verify_trials(client, ncts, ledger, progress)
    entries: dict[str, Any] = ledger["entries"]
    for ref in chosen:
        progress.step(ref.key)
        fresh = check_entry(client, ref)
        if fresh is not None:
            entries[ref.key] = merge(entries.get(ref.key), fresh)
    if client.reach.never_connected:
        raise client.reach.error("verify --online")
    ledger["entries"] = {k: entries[k] for k in sorted(entries)}
    ledger_path.write_text(json.dumps(ledger, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for record in ledger["entries"].values():
        counts[record.get("status", "unverified")] = counts.get(record.get("status", "unverified"), 0) + 1
    return counts
