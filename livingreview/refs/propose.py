"""Propose DOIs/PMIDs for entries that have neither, for a person to accept (``propose``).

``propose --online`` asks Crossref's bibliographic query and PubMed (ESearch, then ESummary) about
every entry without a DOI or PMID, scores each candidate against the entry and writes
``identifier-proposals.json`` (keys sorted, candidates best first). Nothing is written into
``references.bib`` until a person runs ``propose --accept KEY``: that copies the candidate's DOI
and PMID into the entry (laid out as ``fmt`` would) and records the registry's answer as a check.

Scores, each 0-1: title (as ``verify``), first author (as ``verify``), year (as ``verify``) and
journal (abbreviation-aware: "Stem Cell Res Ther" matches "Stem Cell Research and Therapy").
``overall`` = 0.55 title + 0.2 author + 0.15 year + 0.1 journal. A candidate ``matches`` when
``verify`` would call the same answer a match; only such a candidate can be accepted.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from livingreview import fmt
from livingreview.diagnostics import Diagnostic, error
from livingreview.model import Site
from livingreview.online import Progress
from livingreview.refs import ledger, registry, verify
from livingreview.refs.bibtex import Reference
from livingreview.refs.identifiers import DOI

PROPOSALS = "identifier-proposals.json"
ROWS = 5
WEIGHTS = {"title": 0.55, "author": 0.2, "year": 0.15, "journal": 0.1}
ABOUT = (
    "Candidate identifiers for entries without a DOI or PMID, written by `build_site.py propose --online`. "
    "Nothing here is in references.bib until a person accepts it: `build_site.py propose --accept KEY`."
)
_STOP = {"and", "the", "of", "for", "in", "on", "a"}


def wanted(ref: Reference) -> bool:
    """Entries worth asking about: a title, and neither DOI, PMID nor a trial number."""
    return bool(ref.title) and not (ref.get("doi") or ref.get("pmid") or ref.get("nct"))


def journal_score(mine: str, theirs: str) -> float:
    a = [w for w in verify._fold(mine).split() if w not in _STOP]
    b = [w for w in verify._fold(theirs).split() if w not in _STOP]
    if not a or not b:
        return 0.0
    if len(a) == len(b) and all(x.startswith(y) or y.startswith(x) for x, y in zip(a, b, strict=True)):
        return 1.0
    return round(fuzz.token_set_ratio(" ".join(a), " ".join(b)) / 100, 3)


def score(ref: Reference, candidate: dict[str, Any]) -> dict[str, float]:
    scores: dict[str, float] = dict(verify.scores(ref, candidate))
    scores["journal"] = journal_score(ref.journal or ref.get("journal"), str(candidate.get("journal", "")))
    scores["overall"] = round(sum(scores[k] * w for k, w in WEIGHTS.items()), 3)
    return scores


def _queries(ref: Reference) -> tuple[str, str]:
    """(Crossref bibliographic query, PubMed term)."""
    family = verify._fold(ref.first_author)
    crossref = " ".join(p for p in (ref.title, ref.first_author, ref.year, ref.journal) if p)
    words = verify._fold(ref.title)
    pubmed = f"({words}) AND {family}[Author]" if family else words
    return crossref, pubmed


def candidates_for(client: registry.Client, ref: Reference) -> tuple[list[dict[str, Any]], str]:
    """Scored candidates for ``ref`` from both registries, best first, merged on DOI."""
    crossref_query, pubmed_term = _queries(ref)
    from_crossref, error_a = registry.crossref_search(client, crossref_query, ROWS)
    from_pubmed, error_b = registry.pubmed_search(client, pubmed_term, ROWS)
    merged: dict[str, dict[str, Any]] = {}
    for record in [*from_crossref, *from_pubmed]:
        doi = DOI().clean(record.get("doi", "")).lower() if record.get("doi") else ""
        name = doi or f"pmid:{record.get('pmid', '')}"
        item = merged.setdefault(name, {"doi": doi, "pmid": "", "records": {}})
        item["pmid"] = item["pmid"] or str(record.get("pmid", ""))
        item["records"][record["source"]] = {
            k: record[k] for k in ("title", "first_author", "year", "journal", "updates")
        }
    out = []
    for item in merged.values():
        scored = sorted((score(ref, r)["overall"], source) for source, r in item["records"].items())
        record = item["records"][scored[-1][1]]
        scores = score(ref, record)
        matches = verify.verdict(ref, record, scores) != "mismatch"
        out.append(
            {"doi": item["doi"], "pmid": item["pmid"], **record, "scores": scores, "matches": matches}
            | {"answers": item["records"]}
        )
    out.sort(key=lambda c: (-c["scores"]["overall"], c["doi"], c["pmid"]))
    problem = "; ".join(e for e in (error_a and f"Crossref: {error_a}", error_b and f"PubMed: {error_b}") if e)
    return out[:ROWS], problem


def propose(
    client: registry.Client, references: list[Reference] | tuple[Reference, ...], keys: set[str] | None
) -> dict[str, Any]:
    """Candidates for every entry without an identifier (or ``keys``), with progress lines.

    Raises :class:`~livingreview.online.Unreachable` (before anything is written) when no request connects.
    """
    today = date.today().isoformat()
    entries: dict[str, Any] = {}
    chosen = [ref for ref in references if (not keys or ref.key in keys) and wanted(ref)]
    progress = Progress("propose", len(chosen))
    for ref in chosen:
        progress.step(ref.key)
        found, problem = candidates_for(client, ref)
        entries[ref.key] = {"asked": today, "candidates": found}
        if problem:
            entries[ref.key]["error"] = problem
    if client.reach.never_connected:
        raise client.reach.error(client.command)
    return entries


def load(path: Path) -> dict[str, Any]:
    """The proposals by key ({} when there are none; a damaged file counts as none: it is rewritten)."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}
    entries = data.get("entries", {}) if isinstance(data, dict) else {}
    return {str(k): v for k, v in entries.items() if isinstance(v, dict)} if isinstance(entries, dict) else {}


def write(path: Path, entries: dict[str, Any], keep: dict[str, Any] | None = None) -> None:
    merged = {**(keep or {}), **entries}
    data = {"about": ABOUT, "entries": {k: merged[k] for k in sorted(merged)}}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def summary(path: Path) -> str:
    entries = load(path)
    if not entries:
        return "no proposals recorded yet"
    likely = sum(1 for e in entries.values() if e.get("candidates") and e["candidates"][0].get("matches"))
    empty = sum(1 for e in entries.values() if not e.get("candidates"))
    return f"{len(entries)} entries asked about: {likely} with a matching candidate, {empty} without any candidate"


def _insert_fields(text: str, ref: Reference, fields: dict[str, str]) -> str:
    """``text`` with ``fields`` added to ``ref``'s entry, laid out as ``fmt`` would when the file was fmt-clean."""
    lines = text.split("\n")
    index = ref.line - 1
    if not re.match(r"\s*@\w+\s*[{(]\s*" + re.escape(ref.key) + r"\s*,", lines[index]):
        raise ValueError(f"entry '{ref.key}' does not start at line {ref.line}")  # our bug, not bad input
    added = [f"  {name} = {{{value}}}," for name, value in fields.items()]
    new = "\n".join([*lines[: index + 1], *added, *lines[index + 1 :]])
    return fmt.format_bibtex(new) if fmt.format_bibtex(text) == text else new


def accept(site: Site, path: Path, key: str, number: int) -> tuple[list[Diagnostic], str]:
    """Write candidate ``number`` of ``key`` into references.bib and record the registry's answer as a check."""
    rel = site.config.rel(path)
    entries = load(path)
    proposal = entries.get(key)
    if proposal is None:
        return [
            error(rel, 0, "E-PROPOSE", f"no proposal for '{key}'", "run `build_site.py propose --online` first")
        ], ""
    line = ledger.key_lines(path.read_text(encoding="utf-8")).get(key, 0)
    candidates = proposal.get("candidates", [])
    if not 1 <= number <= len(candidates):
        return [error(rel, line, "E-PROPOSE", f"'{key}' has {len(candidates)} candidate(s), not {number}", "")], ""
    candidate = candidates[number - 1]
    ref = next((r for r in site.references if r.key == key), None)
    if ref is None:
        return [error(site.bib_path, 0, "E-PROPOSE", f"'{key}' is no longer in {site.bib_path}", "")], ""
    if ref.get("doi") or ref.get("pmid"):
        return [error(site.bib_path, ref.line, "E-PROPOSE", f"'{key}' already has a DOI or PMID", "")], ""
    if not candidate.get("matches"):
        s = candidate["scores"]
        message = (
            f"candidate {number} of '{key}' does not match the entry "
            f"(title {s['title']:.2f}, author {s['author']:.2f}, year {s['year']:.1f})"
        )
        return [error(rel, line, "E-PROPOSE", message, "check the work by hand and copy its identifier yourself")], ""
    fields = {name: candidate[name] for name in ("doi", "pmid") if candidate.get(name)}
    bib = site.config.bibliography
    before = bib.read_text(encoding="utf-8")
    after = _insert_fields(before, ref, fields)
    if fmt._bib_content(after) == fmt._bib_content(before):
        raise ValueError("the accepted identifier was not written")  # our bug
    checks = [
        ledger.Check(
            "registry",
            source,
            str(proposal.get("asked", date.today().isoformat())),
            confirmed=tuple(f for f in ledger.FIELDS if f == "identifier" or _confirms(f, ref, record)),
            outcome=_outcome(ref, record),
            identifier={"doi": fields["doi"]} if source == "crossref" else {"pmid": fields["pmid"]},
            registry={"source": source, **record},
            scores=verify.scores(ref, record),
        )
        for source, record in sorted(candidate.get("answers", {}).items())
        if _outcome(ref, record) != "mismatch" and ("doi" if source == "crossref" else "pmid") in fields
    ]
    found = site.ledger
    record = found.record(key)
    found = found.with_record(ledger.Record(key, (*record.page_checks, *checks)))
    bib.write_text(after, encoding="utf-8")
    ledger.write(site.config.ledger, found)
    write(path, {k: v for k, v in entries.items() if k != key})
    written = ", ".join(f"{k} {v}" for k, v in fields.items())
    return [], f"{key}: wrote {written} into {site.bib_path}; the registry's answer is recorded as a check"


def _confirms(name: str, ref: Reference, record: dict[str, Any]) -> bool:
    s = verify.scores(ref, record)
    return {
        "title": s["title"] >= verify.TITLE_THRESHOLD,
        "first_author": s["author"] >= verify.AUTHOR_THRESHOLD,
        "year": s["year"] == 1.0,
        "journal": journal_score(ref.journal or ref.get("journal"), str(record.get("journal", ""))) == 1.0,
    }[name]


def _outcome(ref: Reference, record: dict[str, Any]) -> str:
    said = verify.verdict(ref, record, verify.scores(ref, record))
    return "match" if said == "verified" else said
