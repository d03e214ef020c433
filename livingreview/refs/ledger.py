"""The citation checks (``citation-ledger.json``): what each source showed, and what follows from it.

One record per BibTeX key, holding the checks made of it. A check says what kind of source it was
(``registry``: Crossref, PubMed or ClinicalTrials.gov answering through their APIs; ``primary``: the
publisher's page, PubMed/PMC or the trial registry's page; ``secondary``: an aggregator, mirror,
library catalogue, copy or citing article), where (``url``), when (``date``), which fields it
confirmed (:data:`FIELDS`) and, in ``shows``, exactly what the page showed. The status is derived
from the checks, never written by hand, so it cannot claim more than the sources showed:

* ``retracted`` / ``mismatch`` / ``not_found``: some check said so (worst first);
* ``corrected`` / ``verified``: a registry matched title, first author and year (``verified`` only then);
* ``confirmed``: primary pages together showed the title, first author and year (for a trial
  registration: its NCT id and title on the registry's page);
* ``partly_confirmed``: some page confirmed some fields, but not all three on primary pages;
* ``not_checked``: no check yet (``reason`` says why).

This module is the only reader and writer of the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from livingreview.diagnostics import Diagnostic, error

FIELDS = ("identifier", "title", "first_author", "year", "journal")
"""What a check can confirm, in this order."""
CORE = frozenset({"title", "first_author", "year"})
"""What primary pages must show, together, for ``confirmed``."""
TRIAL_CORE = frozenset({"identifier", "title"})
"""For a trial known from its registration: the registry page shows the NCT id and the title."""
KINDS = ("registry", "primary", "secondary")
SOURCES: dict[str, tuple[str, ...]] = {
    "registry": ("crossref", "pubmed", "clinicaltrials.gov"),
    "primary": ("publisher", "pubmed", "pmc", "trial registry"),
    "secondary": ("aggregator", "mirror", "library catalogue", "repository", "copy", "citing article"),
}
OUTCOMES = ("match", "mismatch", "not_found", "retracted", "corrected", "error")
STATUSES = (
    "retracted",
    "mismatch",
    "not_found",
    "corrected",
    "verified",
    "confirmed",
    "partly_confirmed",
    "not_checked",
)
"""Every status, worst first."""
LABELS = {
    "retracted": "Retracted",
    "mismatch": "Identifier names another paper",
    "not_found": "Identifier not found",
    "corrected": "Registry-confirmed, with a correction",
    "verified": "Registry-confirmed",
    "confirmed": "Confirmed on the primary page",
    "partly_confirmed": "Partly confirmed",
    "not_checked": "Not yet checked",
}
"""What readers see for each status (never the raw key)."""
_SOURCE_NAMES = {
    ("registry", "crossref"): "Crossref",
    ("registry", "pubmed"): "PubMed",
    ("registry", "clinicaltrials.gov"): "ClinicalTrials.gov",
    ("primary", "publisher"): "the publisher's page",
    ("primary", "pubmed"): "PubMed",
    ("primary", "pmc"): "PubMed Central",
    ("primary", "trial registry"): "the trial registry",
    ("secondary", "aggregator"): "an aggregator page",
    ("secondary", "mirror"): "a mirror page",
    ("secondary", "library catalogue"): "a library catalogue",
    ("secondary", "repository"): "a repository page",
    ("secondary", "copy"): "a copy of the paper",
    ("secondary", "citing article"): "a citing article",
}
_FIELD_NAMES = {"identifier": "identifier", "first_author": "first author"}
_CHECK_KEYS = frozenset(
    {"kind", "source", "date", "url", "confirmed", "outcome", "shows", "identifier", "registry", "scores", "error"}
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class Check:
    """One look at one source."""

    kind: str
    source: str
    date: str
    url: str = ""
    confirmed: tuple[str, ...] = ()
    outcome: str = "match"
    shows: str = ""
    identifier: Mapping[str, str] = field(default_factory=dict)
    """Registry checks: the identifier asked about, e.g. ``{"doi": "10.1/x"}``."""
    registry: Mapping[str, Any] = field(default_factory=dict)
    """Registry checks: the registry's record (title, first author, year, journal, updates)."""
    scores: Mapping[str, float] = field(default_factory=dict)
    error: str = ""

    @property
    def place(self) -> str:
        """Where, in readers' words: 'Crossref', "the publisher's page", 'a mirror page'."""
        return _SOURCE_NAMES[(self.kind, self.source)]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "source": self.source, "date": self.date}
        if self.url:
            out["url"] = self.url
        out["confirmed"] = list(self.confirmed)
        if self.outcome != "match":
            out["outcome"] = self.outcome
        for name in ("shows", "identifier", "registry", "scores", "error"):
            value = getattr(self, name)
            if value:
                out[name] = dict(value) if isinstance(value, Mapping) else value
        return out


@dataclass(frozen=True, slots=True)
class Record:
    """Everything checked about one BibTeX entry."""

    key: str
    checks: tuple[Check, ...] = ()
    reason: str = ""
    """Why it has not been checked yet (shown while there is no check)."""
    line: int = 0

    @property
    def status(self) -> str:
        outcomes = {c.outcome for c in self.checks}
        for bad in ("retracted", "mismatch", "not_found"):
            if bad in outcomes:
                return bad
        answered = [c for c in self.checks if c.kind == "registry" and c.outcome != "error"]
        if answered:
            return "corrected" if "corrected" in outcomes else "verified"
        on_primary = [c for c in self.checks if c.kind == "primary" and c.outcome == "match"]
        primary = {f for c in on_primary for f in c.confirmed}
        core = TRIAL_CORE if any(c.source == "trial registry" for c in on_primary) else CORE
        if core <= primary:
            return "confirmed"
        if any(c.confirmed for c in self.checks if c.kind != "registry"):
            return "partly_confirmed"
        return "not_checked"

    @property
    def checked(self) -> str:
        """The date of the latest check that answered ('' when none)."""
        return max((c.date for c in self.checks if c.outcome != "error"), default="")

    @property
    def registry_checks(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.kind == "registry")

    @property
    def page_checks(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.kind != "registry")

    def text(self) -> str:
        """The status in readers' words, saying exactly what was checked and where."""
        status = self.status
        if status == "not_checked":
            return f"not yet checked ({self.reason})" if self.reason else "not yet checked"
        decisive = [c for c in self.checks if c.outcome == status] if status in OUTCOMES else []
        if status in ("verified", "corrected"):
            decisive = [c for c in self.registry_checks if c.outcome in ("match", "corrected")]
        if decisive:
            places = ", ".join(dict.fromkeys(c.place for c in decisive))
            when = max(c.date for c in decisive)
            prefix = {
                "retracted": "⚠ RETRACTED",
                "mismatch": "identifier names another paper",
                "not_found": "identifier not found",
                "corrected": "registry-confirmed, with a correction",
                "verified": "registry-confirmed",
            }[status]
            if all(c.kind == "registry" for c in decisive):
                return f"{prefix} ({places}, {when})"
            return f"{prefix} (according to {places}, {when})"
        if status == "confirmed":
            primary = [c for c in self.page_checks if c.kind == "primary" and c.confirmed]
            places = " and ".join(dict.fromkeys(c.place for c in primary))
            shown = _fields({f for c in primary for f in c.confirmed})
            return f"confirmed on {places}: {shown} ({self.checked})"
        parts = [f"{c.place}: {_fields(set(c.confirmed))}" for c in self.page_checks if c.confirmed]
        return f"partly confirmed ({'; '.join(parts)}; {self.checked})"


def _fields(names: set[str]) -> str:
    return ", ".join(_FIELD_NAMES.get(f, f) for f in FIELDS if f in names)


def field_words(names: Iterable[str]) -> str:
    """'identifier, title, first author' for readers, in :data:`FIELDS` order."""
    return _fields(set(names))


def link_target(url: str) -> str:
    """The URL made safe as a Markdown link destination (parentheses and spaces encoded)."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


OUTCOME_WORDS = {
    "match": "matches the entry",
    "mismatch": "names another paper",
    "not_found": "not found",
    "retracted": "retracted",
    "corrected": "matches, with a correction",
    "error": "no answer",
}
"""A single registry answer, in readers' words."""


@dataclass(frozen=True, slots=True)
class Ledger:
    """The whole file: records by BibTeX key, and ClinicalTrials.gov answers by NCT id."""

    about: str = ""
    entries: Mapping[str, Record] = field(default_factory=dict)
    trials: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def record(self, key: str) -> Record:
        return self.entries.get(key) or Record(key)

    def status(self, key: str) -> str:
        return self.record(key).status

    def urls(self) -> list[str]:
        return [c.url for r in self.entries.values() for c in r.checks if c.url]

    def with_record(self, record: Record) -> Ledger:
        return replace(self, entries={**self.entries, record.key: record})

    def to_json(self) -> str:
        data: dict[str, Any] = {"about": self.about, "entries": {}}
        for key in sorted(self.entries):
            record = self.entries[key]
            item: dict[str, Any] = {}
            if record.reason:
                item["reason"] = record.reason
            item["checks"] = [c.to_json() for c in record.checks]
            data["entries"][key] = item
        if self.trials:
            data["trials"] = {k: dict(self.trials[k]) for k in sorted(self.trials)}
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


ABOUT = (
    "Citation checks: one record per BibTeX entry; each check names the kind of source (registry API, "
    "primary page, secondary page), its url and date, the fields it confirmed and what it showed. "
    "Statuses are derived from the checks (livingreview/refs/ledger.py); see CONTRIBUTING.md."
)


def write(path: Path, ledger: Ledger) -> None:
    path.write_text(ledger.to_json(), encoding="utf-8")


def load(path: Path, rel: str) -> tuple[Ledger, list[Diagnostic]]:
    """The ledger at ``path`` (empty when absent), and every problem with its shape, located."""
    if not path.exists():
        return Ledger(about=ABOUT), []
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", 0)
        return Ledger(), [error(rel, line, "E-LEDGER", f"citation checks file is not valid JSON: {exc}", "")]
    return parse(data, text, rel)


def parse(data: Any, text: str, rel: str) -> tuple[Ledger, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    lines = key_lines(text)

    def bad(key: str, message: str, hint: str = "") -> None:
        problems.append(error(rel, lines.get(key, 0), "E-LEDGER", message, hint))

    if not isinstance(data, dict) or not isinstance(data.get("entries", {}), dict):
        return Ledger(), [error(rel, 1, "E-LEDGER", "'entries' must be an object keyed by BibTeX key", "")]
    entries: dict[str, Record] = {}
    for key, item in data.get("entries", {}).items():
        if not isinstance(item, dict) or not isinstance(item.get("checks", []), list):
            bad(key, f"record '{key}' must be an object with a list of 'checks'")
            continue
        unknown = set(item) - {"checks", "reason"}
        if unknown:
            bad(key, f"record '{key}' has unknown field(s) {', '.join(sorted(unknown))}", "allowed: checks, reason")
        checks = []
        for n, raw in enumerate(item.get("checks", []), 1):
            check, message = _check(raw)
            if check is None:
                bad(key, f"record '{key}', check {n}: {message}", _HINT)
            else:
                checks.append(check)
        entries[str(key)] = Record(str(key), tuple(checks), str(item.get("reason", "")), lines.get(key, 0))
    trials = data.get("trials", {})
    if not isinstance(trials, dict):
        problems.append(error(rel, 0, "E-LEDGER", "'trials' must be an object keyed by NCT id", ""))
        trials = {}
    return Ledger(
        str(data.get("about", "")), entries, {str(k): v for k, v in trials.items() if isinstance(v, dict)}
    ), problems


_HINT = (
    "a check is {kind, source, date, url, confirmed, shows}: kind registry|primary|secondary, "
    "confirmed a list of identifier|title|first_author|year|journal (see CONTRIBUTING.md)"
)


def _check(raw: Any) -> tuple[Check | None, str]:
    if not isinstance(raw, dict):
        return None, "must be an object"
    unknown = set(raw) - _CHECK_KEYS
    if unknown:
        return None, f"unknown field(s) {', '.join(sorted(unknown))}"
    kind, source = raw.get("kind"), raw.get("source")
    if kind not in KINDS:
        return None, f"kind {kind!r} is not one of {', '.join(KINDS)}"
    if source not in SOURCES[kind]:
        return None, f"source {source!r} is not one of {', '.join(SOURCES[kind])} for a {kind} check"
    date = raw.get("date")
    if not isinstance(date, str) or not _DATE.fullmatch(date):
        return None, f"date {date!r} is not YYYY-MM-DD"
    confirmed = raw.get("confirmed", [])
    if not isinstance(confirmed, list) or any(f not in FIELDS for f in confirmed):
        return None, f"confirmed {confirmed!r} may only list {', '.join(FIELDS)}"
    outcome = raw.get("outcome", "match")
    if outcome not in OUTCOMES:
        return None, f"outcome {outcome!r} is not one of {', '.join(OUTCOMES)}"
    url = raw.get("url", "")
    if kind != "registry" and not url:
        return None, "a page check needs the 'url' of the page"
    if url and (not isinstance(url, str) or not re.fullmatch(r"https?://\S+", url)):
        return None, f"url {url!r} is not an http(s) address"
    for name in ("identifier", "registry", "scores"):
        if not isinstance(raw.get(name, {}), dict):
            return None, f"'{name}' must be an object"
    for name in ("url", "shows", "error"):
        if not isinstance(raw.get(name, ""), str):
            return None, f"'{name}' must be text"
    return Check(
        kind=kind,
        source=source,
        date=date,
        url=raw.get("url", ""),
        confirmed=tuple(f for f in FIELDS if f in confirmed),
        outcome=outcome,
        shows=raw.get("shows", ""),
        identifier=raw.get("identifier", {}),
        registry=raw.get("registry", {}),
        scores=raw.get("scores", {}),
        error=raw.get("error", ""),
    ), ""


def key_lines(text: str) -> dict[str, int]:
    """Line of each record: the first line that opens ``"key": {``."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = re.match(r'\s*"([^"]+)":\s*\{', line)
        if match and match.group(1) not in found:
            found[match.group(1)] = number
    return found


def counts(statuses: Iterable[str]) -> list[tuple[str, int]]:
    """(label, n) per status, worst first; labels are what readers see."""
    values = list(statuses)
    return [(LABELS[s], values.count(s)) for s in STATUSES if s in values]
