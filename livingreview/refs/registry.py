"""Registry look-ups for ``verify --online`` and ``propose --online``.

Crossref (DOI, bibliographic query), NCBI E-utilities (PMID, search), ClinicalTrials.gov v2 (NCT).

Polite through :mod:`livingreview.httpclient` (contact address in the User-Agent, per-host interval,
timeout, retries with backoff honouring ``Retry-After``, fast fail), plus Crossref's ``mailto`` and
NCBI's ``tool``/``email``. Base URLs are settings so that tests can point every client at a local
server; nothing here runs during a build.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from livingreview import httpclient
from livingreview.online import Reachability


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
    """Registry look-ups over the shared :class:`livingreview.httpclient.Client`, with registry defaults."""

    contact: str
    endpoints: Endpoints = field(default_factory=Endpoints)
    timeout: float = 20.0
    retries: int = 4
    backoff: float = 1.0
    min_interval: float = 0.34
    sleep: Callable[[float], None] = time.sleep
    command: str = "verify --online"
    """The command named in the User-Agent and when the network is unreachable."""
    http: httpclient.Client = field(init=False)

    def __post_init__(self) -> None:
        self.http = httpclient.Client(
            self.command,
            self.contact,
            timeout=self.timeout,
            retries=self.retries,
            backoff=self.backoff,
            min_interval=self.min_interval,
            sleep=self.sleep,
        )

    @property
    def reach(self) -> Reachability:
        """Raises :class:`livingreview.online.Unreachable` when the first requests cannot connect."""
        return self.http.reach

    def get_json(self, url: str, params: dict[str, str] | None = None) -> tuple[int, Any, str]:
        """(status, JSON or None, error text); status 0 when no answer came, retries and all."""
        reply = self.http.get(url, params, accept="application/json")
        if reply.response is None:
            return 0, None, reply.detail
        status = reply.response.status_code
        if status != 200:
            return status, None, f"HTTP {status}"
        try:
            return 200, reply.response.json(), ""
        except ValueError:
            return 200, None, "the registry answered with something that is not JSON"


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
