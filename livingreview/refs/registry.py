"""Registry look-ups for ``verify --online`` and ``propose --online``.

Crossref (DOI, bibliographic query), NCBI E-utilities (PMID, search), ClinicalTrials.gov v2 (NCT).

Polite by construction: a contact address in the User-Agent (and Crossref's ``mailto``), at most one
request per ``min_interval`` seconds per host, a timeout on every request, and retries with
exponential backoff on 429 and 5xx (honouring ``Retry-After``). Base URLs are settings so that tests
can point every client at a local server; nothing here runs during a build.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

import requests

from livingreview.online import Reachability

USER_AGENT = "livingreview-verify/0.1 (+https://github.com; mailto:{contact})"


@dataclass(frozen=True, slots=True)
class Endpoints:
    crossref: str = "https://api.crossref.org"
    ncbi: str = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
    ctgov: str = "https://clinicaltrials.gov/api/v2"


@dataclass(frozen=True, slots=True)
class Answer:
    """What a registry said: ``found`` with a record, ``not_found``, or ``error`` with a reason."""

    outcome: str
    record: dict[str, Any] = field(default_factory=dict)
    reason: str = ""


@dataclass(slots=True)
class Client:
    contact: str
    endpoints: Endpoints = field(default_factory=Endpoints)
    timeout: float = 20.0
    retries: int = 4
    backoff: float = 1.0
    min_interval: float = 0.34
    sleep: Callable[[float], None] = time.sleep
    session: requests.Session = field(default_factory=requests.Session)
    command: str = "verify --online"
    """The command named when the network is unreachable."""
    reach: Reachability = field(default_factory=Reachability)
    """Raises :class:`livingreview.online.Unreachable` when the first requests cannot connect."""
    _last: dict[str, float] = field(default_factory=dict)

    def get_json(self, url: str, params: dict[str, str] | None = None) -> tuple[int, Any, str]:
        """(status, JSON or None, error text). Retries 429/5xx and network errors with backoff."""
        host = urlsplit(url).netloc
        headers = {"User-Agent": USER_AGENT.format(contact=self.contact), "Accept": "application/json"}
        last_error = ""
        for attempt in range(self.retries + 1):
            wait = self._last.get(host, 0.0) + self.min_interval - time.monotonic()
            if wait > 0:
                self.sleep(wait)
            self._last[host] = time.monotonic()
            try:
                response = self.session.get(url, params=params, headers=headers, timeout=self.timeout)
            except requests.RequestException as exc:
                last_error = f"{type(exc).__name__}: {exc}"
                if self.reach.failed(host, exc):
                    if self.reach.down:
                        raise self.reach.error(self.command) from exc
                    break  # nothing has answered yet: no backoff until the network is known to work
                self.sleep(self.backoff * 2**attempt)
                continue
            self.reach.answer()
            if response.status_code == 429 or response.status_code >= 500:
                last_error = f"HTTP {response.status_code}"
                retry_after = response.headers.get("Retry-After", "")
                delay = float(retry_after) if retry_after.isdigit() else self.backoff * 2**attempt
                if attempt < self.retries:
                    self.sleep(min(delay, 60.0))
                continue
            if response.status_code != 200:
                return response.status_code, None, f"HTTP {response.status_code}"
            try:
                return 200, response.json(), ""
            except ValueError:
                return 200, None, "the registry answered with something that is not JSON"
        return 0, None, last_error or "no answer"


def crossref(client: Client, doi: str) -> Answer:
    status, data, reason = client.get_json(
        f"{client.endpoints.crossref}/works/{quote(doi, safe='/')}", {"mailto": client.contact}
    )
    if status == 404:
        return Answer("not_found")
    if status != 200 or not isinstance(data, dict):
        return Answer("error", reason=reason)
    return Answer("found", _crossref_record(data.get("message") or {}))


def _crossref_record(work: dict[str, Any]) -> dict[str, Any]:
    authors = work.get("author") or []
    first = authors[0].get("family") or authors[0].get("name", "") if authors else ""
    issued = (work.get("issued") or work.get("published") or {}).get("date-parts") or [[None]]
    updates = [
        {"type": str(u.get("type", "")), "doi": str(u.get("DOI", "")), "label": str(u.get("label", ""))}
        for u in work.get("updated-by") or []
    ]
    return {
        "source": "crossref",
        "title": " ".join((work.get("title") or [""])[0].split()),
        "first_author": first,
        "year": str(issued[0][0]) if issued and issued[0] and issued[0][0] else "",
        "journal": (work.get("container-title") or [""])[0],
        "updates": updates,
    }


def pubmed(client: Client, pmid: str) -> Answer:
    status, data, reason = client.get_json(
        f"{client.endpoints.ncbi}/esummary.fcgi",
        {"db": "pubmed", "id": pmid, "retmode": "json", "tool": "livingreview", "email": client.contact},
    )
    if status != 200 or not isinstance(data, dict):
        return Answer("not_found") if status == 404 else Answer("error", reason=reason)
    summary = (data.get("result") or {}).get(pmid) or {}
    if not summary or summary.get("error"):
        return Answer("not_found")
    return Answer("found", _pubmed_record(summary))


def _pubmed_record(summary: dict[str, Any]) -> dict[str, Any]:
    authors = summary.get("authors") or []
    first = str(authors[0].get("name", "")).rsplit(" ", 1)[0] if authors else ""
    types = [str(t) for t in summary.get("pubtype") or []]
    updates = (
        [{"type": "retraction", "doi": "", "label": "Retracted Publication"}]
        if "Retracted Publication" in types
        else []
    )
    return {
        "source": "pubmed",
        "title": " ".join(str(summary.get("title", "")).split()).rstrip("."),
        "first_author": first,
        "year": str(summary.get("pubdate", ""))[:4],
        "journal": str(summary.get("fulljournalname") or summary.get("source") or ""),
        "updates": updates,
    }


def crossref_search(client: Client, query: str, rows: int = 5) -> tuple[list[dict[str, Any]], str]:
    """Crossref's bibliographic query: up to ``rows`` works (each with its ``doi``), or an error text."""
    status, data, reason = client.get_json(
        f"{client.endpoints.crossref}/works",
        {"query.bibliographic": query, "rows": str(rows), "mailto": client.contact},
    )
    if status != 200 or not isinstance(data, dict):
        return [], reason or f"HTTP {status}"
    items = (data.get("message") or {}).get("items") or []
    return [{**_crossref_record(w), "doi": str(w.get("DOI", ""))} for w in items if isinstance(w, dict)], ""


def pubmed_search(client: Client, term: str, rows: int = 5) -> tuple[list[dict[str, Any]], str]:
    """PubMed ESearch for ``term``, then ESummary of the hits: records with their ``pmid`` (and ``doi``)."""
    common = {"db": "pubmed", "retmode": "json", "tool": "livingreview", "email": client.contact}
    status, data, reason = client.get_json(
        f"{client.endpoints.ncbi}/esearch.fcgi", {**common, "term": term, "retmax": str(rows)}
    )
    if status != 200 or not isinstance(data, dict):
        return [], reason or f"HTTP {status}"
    ids = [str(i) for i in (data.get("esearchresult") or {}).get("idlist") or []]
    if not ids:
        return [], ""
    status, data, reason = client.get_json(f"{client.endpoints.ncbi}/esummary.fcgi", {**common, "id": ",".join(ids)})
    if status != 200 or not isinstance(data, dict):
        return [], reason or f"HTTP {status}"
    result = data.get("result") or {}
    found = []
    for pmid in ids:
        summary = result.get(pmid) or {}
        if not summary or summary.get("error"):
            continue
        dois = [str(a.get("value", "")) for a in summary.get("articleids") or [] if a.get("idtype") == "doi"]
        found.append({**_pubmed_record(summary), "pmid": pmid, "doi": dois[0] if dois else ""})
    return found, ""


def clinical_trial(client: Client, nct: str) -> Answer:
    status, data, reason = client.get_json(f"{client.endpoints.ctgov}/studies/{nct}", {"fields": "protocolSection"})
    if status == 404:
        return Answer("not_found")
    if status != 200 or not isinstance(data, dict):
        return Answer("error", reason=reason)
    protocol = data.get("protocolSection") or {}
    ident = protocol.get("identificationModule") or {}
    state = protocol.get("statusModule") or {}
    return Answer(
        "found",
        {
            "source": "clinicaltrials.gov",
            "title": str(ident.get("briefTitle", "")),
            "overall_status": str(state.get("overallStatus", "")),
        },
    )
