"""``linkcheck --online``: every external link the site shows, checked politely, with a cache.

Links are collected from the sources (prose, BibTeX ``url`` fields, pages named by citation checks)
so each result points at the file and line that made it. DOI and ClinicalTrials.gov links are not
fetched: publishers often refuse robots, so those are judged by the citation ledger that
``verify --online`` keeps. Requests run concurrently with at most :data:`PER_HOST` at a time per host,
through the shared polite client (:mod:`livingreview.httpclient`: HEAD, then GET where HEAD is
refused; retries with backoff honouring Retry-After; timeouts; fast fail). Good results are cached for
``max_age`` seconds in a git-ignored file; the report (committed) feeds the citation-health page.
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from livingreview import httpclient
from livingreview.citing import reading_order
from livingreview.diagnostics import Diagnostic, error, warning
from livingreview.markdown import links
from livingreview.model import Site
from livingreview.online import Progress, Reachability, Unreachable

PER_HOST = 2
SKIPPED_HOSTS = ("doi.org", "dx.doi.org", "clinicaltrials.gov")


@dataclass(frozen=True, slots=True)
class Where:
    path: str
    line: int


@dataclass(slots=True)
class Result:
    url: str
    status: str  # ok | redirected | broken | error | skipped
    code: int = 0
    final_url: str = ""
    detail: str = ""
    checked: float = 0.0


def collect(site: Site) -> dict[str, list[Where]]:
    """External URL -> every place that shows it, in a stable order."""
    found: dict[str, list[Where]] = defaultdict(list)
    for _, doc in reading_order(site):
        for line, url in links.external_targets(doc.body, doc.body_line):
            found[url].append(Where(doc.path, line))
    for ref in site.references:
        if ref.get("url"):
            found[ref.get("url")].append(Where(site.bib_path, ref.line_of("url")))
    ledger_path = site.config.rel(site.config.ledger)
    ledger_lines = _lines_of(site.config.ledger)
    for url in site.ledger.urls():
        if url.startswith(("http://", "https://")):
            found[url].append(Where(ledger_path, ledger_lines.get(url, 0)))
    return {url: found[url] for url in sorted(found)}


def _lines_of(path: Path) -> dict[str, int]:
    lines: dict[str, int] = {}
    if path.is_file():
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for url in re.findall(r'"url": "([^"]+)"', text):
                lines.setdefault(url, number)
    return lines


@dataclass(slots=True)
class Checker:
    """Link checks over the shared :class:`livingreview.httpclient.Client`, :data:`PER_HOST` at a time per host."""

    contact: str = "unknown"
    timeout: float = 15.0
    retries: int = 2
    backoff: float = 1.0
    workers: int = 8
    sleep: Callable[[float], None] = time.sleep
    reach: Reachability = field(default_factory=Reachability)
    progress: Progress | None = None
    http: httpclient.Client = field(init=False)

    def __post_init__(self) -> None:
        self.http = httpclient.Client(
            "linkcheck --online",
            self.contact,
            timeout=self.timeout,
            retries=self.retries,
            backoff=self.backoff,
            per_host=PER_HOST,
            sleep=self.sleep,
            reach=self.reach,
        )

    def check(self, url: str) -> Result:
        result = self._check(url)
        if self.progress:
            self.progress.step(url)
        return result

    def _check(self, url: str) -> Result:
        if urlsplit(url).netloc.lower().endswith(SKIPPED_HOSTS):
            return Result(url, "skipped", detail="judged by the citation checks", checked=time.time())
        try:
            reply = self.http.head(url)
        except Unreachable as down:  # this request's failure made the network count as down, or an earlier one did
            tried = down.__cause__
            detail = type(tried).__name__ if tried else "not checked: the network is unreachable"
            return Result(url, "error", detail=detail, checked=time.time())
        response = reply.response
        if response is None:
            return Result(url, "error", detail=reply.error, checked=time.time())
        code = response.status_code
        if code >= 400:
            return Result(url, "broken", code, detail=f"HTTP {code}", checked=time.time())
        status = "redirected" if response.history else "ok"
        return Result(url, status, code, final_url=response.url if response.history else "", checked=time.time())

    def check_all(self, urls: list[str]) -> list[Result]:
        try:
            with ThreadPoolExecutor(max_workers=self.workers) as pool:
                return list(pool.map(self.check, urls))
        finally:
            self.http.close()


def load_cache(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def only_changed(places: dict[str, list[Where]], lines: dict[str, frozenset[int] | None]) -> dict[str, list[Where]]:
    """The links shown on a changed line (``lines`` from :func:`livingreview.changes.changed_lines`)."""
    kept: dict[str, list[Where]] = {}
    for url, wheres in places.items():
        chosen = [w for w in wheres if w.path in lines and (lines[w.path] is None or w.line in (lines[w.path] or ()))]
        if chosen:
            kept[url] = chosen
    return kept


def run(
    site: Site,
    checker: Checker,
    cache_path: Path,
    report_path: Path | None,
    max_age: float,
    lines: dict[str, frozenset[int] | None] | None = None,
) -> list[Diagnostic]:
    """Check every link (fresh cache entries reused), write cache and report, return problems.

    With ``lines`` (changed lines per file) only the links on those lines are checked. The report is
    written only when ``report_path`` is given. Raises :class:`livingreview.online.Unreachable`,
    writing nothing, when no request could connect.
    """
    places = collect(site)
    if lines is not None:
        places = only_changed(places, lines)
    cache = load_cache(cache_path)
    now = time.time()
    fresh = {
        url: Result(**cache[url])
        for url in places
        if url in cache
        and cache[url].get("status") in ("ok", "redirected", "skipped")
        and now - float(cache[url].get("checked", 0)) < max_age
    }
    todo = [url for url in places if url not in fresh]
    print(f"linkcheck: {len(places)} links, {len(fresh)} fresh in the cache, {len(todo)} to check", flush=True)
    checker.progress = checker.progress or Progress("linkcheck", len(todo))
    checked = checker.check_all(todo)
    if checker.reach.never_connected:
        raise checker.reach.error("linkcheck --online")
    results = {**fresh, **{r.url: r for r in checked}}
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    cache_path.write_text(json.dumps({u: _as_dict(r) for u, r in sorted(results.items())}, indent=1), encoding="utf-8")
    report = {
        "checked": datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%d"),
        "links": {
            url: {
                **{k: v for k, v in _as_dict(results[url]).items() if k not in ("url", "checked")},
                "checked": datetime.fromtimestamp(results[url].checked or now, UTC).strftime("%Y-%m-%d"),
                "sources": [f"{w.path}:{w.line}" for w in places[url]],
            }
            for url in sorted(results)
        },
    }
    if report_path is not None:
        report_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    problems = []
    for url, result in sorted(results.items()):
        for where in places[url]:
            if result.status == "broken":
                problems.append(
                    error(where.path, where.line, "E-LINK-DEAD", f"{url} answers {result.detail}", "fix or remove it")
                )
            elif result.status == "error":
                problems.append(
                    warning(where.path, where.line, "W-LINK-UNREACHABLE", f"{url}: {result.detail}", "retry later")
                )
    return problems


def _as_dict(result: Result) -> dict[str, Any]:
    return {
        "url": result.url,
        "status": result.status,
        "code": result.code,
        "final_url": result.final_url,
        "detail": result.detail,
        "checked": result.checked,
    }
