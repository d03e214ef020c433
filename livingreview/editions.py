"""Editions: a committed snapshot of the evidence for every released version, and what changed between them.

``build_site.py release VERSION`` writes ``editions/VERSION.json``: the version, its date (from
``SOURCE_DATE_EPOCH`` or the last commit, never the clock), the conditions, every reference with its
verification status and BibTeX fields, and every study record with a content hash. One item per line,
so a release diffs per record in review. The snapshot holds everything the edition's downloads are
made from, so ``downloads/editions/VERSION/`` is regenerated from it on every build, byte for byte.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from livingreview import downloads, pages, urls
from livingreview.config import Config
from livingreview.diagnostics import Diagnostic, error
from livingreview.model import Site
from livingreview.refs import bibtex, csl

FOLDER = pages.EDITIONS
VERSION = re.compile(r"^[0-9][0-9A-Za-z.\-]{0,30}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
WATCHED_STATUSES = ("retracted", "corrected")
"""Statuses a reader hears about even for a reference new in the edition."""


@dataclass(frozen=True, slots=True)
class Edition:
    """One released version (or, with an empty version, the current state of the content)."""

    version: str
    date: str
    conditions: dict[str, str]
    """Condition slug -> title."""
    references: dict[str, dict[str, Any]]
    """Key -> {"status", "type", "fields"}."""
    studies: dict[str, dict[str, Any]]
    """Study id -> {"hash", "summary", "record"} (the record as the downloads hold it)."""
    path: str = ""

    @property
    def counts(self) -> dict[str, int]:
        retracted = sum(1 for r in self.references.values() if r.get("status") == "retracted")
        return {
            "studies": len(self.studies),
            "conditions": len(self.conditions),
            "references": len(self.references),
            "retracted": retracted,
        }


def _digest(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _normal_text(text: str) -> str:
    return " ".join(text.split())


def current(site: Site, version: str = "", date: str = "") -> Edition:
    """The evidence as the content holds it now."""
    studies = {}
    names = downloads.columns(site)
    for study in sorted(site.studies, key=lambda s: s.id):
        record = downloads.record_dict(study.record, names)
        studies[study.id] = {
            "hash": _digest(record),
            "summary": _digest(_normal_text(study.doc.body)),
            "record": record,
        }
    references = {
        ref.key: {"status": site.status(ref.key), "type": ref.entry_type, "fields": dict(sorted(ref.fields.items()))}
        for ref in sorted(site.references, key=lambda r: r.key)
    }
    conditions = {d.slug: d.record.title for d in sorted(site.diseases, key=lambda d: d.slug)}
    return Edition(version, date, conditions, references, studies)


def dumps(edition: Edition) -> str:
    """The snapshot file's text: one condition, reference or study per line."""

    def line(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    conditions = [[slug, title] for slug, title in edition.conditions.items()]
    references = [{"key": key, **value} for key, value in edition.references.items()]
    studies = [{"id": key, **value} for key, value in edition.studies.items()]
    return (
        "{"
        + f'"edition":{line(edition.version)},"date":{line(edition.date)},"counts":{line(edition.counts)},\n'
        + f'"conditions":{downloads.json_lines_array(conditions)},\n'
        + f'"references":{downloads.json_lines_array(references)},\n'
        + f'"studies":{downloads.json_lines_array(studies)}'
        + "}\n"
    )


def _natural(version: str) -> tuple[tuple[int, str], ...]:
    return tuple((int(p), "") if p.isdigit() else (0, p) for p in re.split(r"[.\-]", version))


def order(edition: Edition) -> tuple[str, tuple[tuple[int, str], ...]]:
    return (edition.date, _natural(edition.version))


def _parse(rel: str, stem: str, text: str) -> tuple[Edition | None, list[Diagnostic]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [error(rel, exc.lineno, "E-EDITION", f"invalid JSON: {exc.msg}", "restore it from git history")]
    hint = "edition files are written by 'build_site.py release'; restore this one from git history"
    if not isinstance(data, dict):
        return None, [error(rel, 1, "E-EDITION", "an edition file holds one JSON object", hint)]
    version, date = data.get("edition"), data.get("date")
    if version != stem:
        return None, [error(rel, 1, "E-EDITION", f"edition '{version}' does not match the file name '{stem}'", hint)]
    if not isinstance(date, str) or not DATE.match(date):
        return None, [error(rel, 1, "E-EDITION", f"edition date {date!r} is not YYYY-MM-DD", hint)]
    try:
        conditions = {str(slug): str(title) for slug, title in data["conditions"]}
        references = {str(r["key"]): {k: v for k, v in r.items() if k != "key"} for r in data["references"]}
        studies = {str(s["id"]): {k: v for k, v in s.items() if k != "id"} for s in data["studies"]}
    except (KeyError, TypeError, ValueError) as exc:
        return None, [error(rel, 1, "E-EDITION", f"edition file is incomplete or damaged ({exc!r})", hint)]
    return Edition(stem, date, conditions, references, studies, rel), []


def load_all(config: Config) -> tuple[list[Edition], list[Diagnostic]]:
    """Every recorded edition, oldest first; damaged files are diagnostics and left out."""
    folder = config.root / FOLDER
    if not folder.is_dir():
        return [], []
    found, problems = [], []
    for path in sorted(folder.glob("*.json")):
        edition, trouble = _parse(config.rel(path), path.stem, path.read_text(encoding="utf-8"))
        problems += trouble
        if edition:
            found.append(edition)
    return sorted(found, key=order), problems


def check_editions(site: Site, _: Any) -> list[Diagnostic]:
    """Recorded editions must load (the what's-new page and the feed are computed from them)."""
    return load_all(site.config)[1]


# -- what changed ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class StatusChange:
    key: str
    before: str
    after: str


@dataclass(slots=True)
class Diff:
    """What changed from ``before`` (None for the first edition) to ``after``."""

    before: Edition | None
    after: Edition
    added: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[str]]] = field(default_factory=list)
    """Study id and the fields that changed ('summary' for its prose)."""
    removed: list[str] = field(default_factory=list)
    retracted: list[StatusChange] = field(default_factory=list)
    status_changed: list[StatusChange] = field(default_factory=list)
    conditions_added: list[str] = field(default_factory=list)
    conditions_removed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.added
            or self.changed
            or self.removed
            or self.retracted
            or self.status_changed
            or self.conditions_added
            or self.conditions_removed
        )


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Record fields whose values differ (a field missing counts as empty), plus 'summary' for the prose."""
    fields = []
    old_record, new_record = old.get("record", {}), new.get("record", {})
    for name in dict.fromkeys([*new_record, *old_record]):
        if (old_record.get(name) or None) != (new_record.get(name) or None):
            fields.append(name)
    if old.get("summary") != new.get("summary"):
        fields.append("summary")
    return fields


def diff(before: Edition | None, after: Edition) -> Diff:
    result = Diff(before, after)
    if before is None:
        return result
    result.added = [i for i in after.studies if i not in before.studies]
    result.removed = [i for i in before.studies if i not in after.studies]
    for study_id, new in after.studies.items():
        old = before.studies.get(study_id)
        if old is None or (old.get("hash"), old.get("summary")) == (new.get("hash"), new.get("summary")):
            continue
        fields = changed_fields(old, new)
        if fields:
            result.changed.append((study_id, fields))
    for key, ref in after.references.items():
        was = str(before.references.get(key, {}).get("status", ""))
        now = str(ref.get("status", ""))
        if now == was or (not was and now not in WATCHED_STATUSES):
            continue
        change = StatusChange(key, was or "new", now)
        (result.retracted if now == "retracted" else result.status_changed).append(change)
    result.conditions_added = [c for c in after.conditions if c not in before.conditions]
    result.conditions_removed = [c for c in before.conditions if c not in after.conditions]
    return result


def history(editions: list[Edition]) -> list[Diff]:
    """Each edition against the one before it, newest first."""
    return [diff(editions[i - 1] if i else None, e) for i, e in reversed(list(enumerate(editions)))]


# -- the edition's downloads ---------------------------------------------------------------------
def _bibtex(edition: Edition) -> str:
    entries = []
    for key, ref in edition.references.items():
        fields = ",\n".join(f"  {name} = {{{value}}}" for name, value in ref.get("fields", {}).items())
        entries.append(f"@{ref.get('type', 'misc')}{{{key},\n{fields}\n}}\n")
    return "\n".join(entries)


def files(edition: Edition, cache_dir: Path | None = None) -> dict[str, bytes]:
    """``downloads/editions/VERSION/...``: the edition's studies and references, as the current downloads.

    With ``cache_dir`` (the project's ``.cache/editions``), the edition's parsed BibTeX is kept there,
    in a folder of its own, by the hash of its text (see :func:`livingreview.refs.bibtex.load`).
    """
    records = [s.get("record", {}) for s in edition.studies.values()]
    columns = list(dict.fromkeys(k for r in records for k in r))
    table = [[downloads.safe_cell(downloads.flatten(r.get(name))) for name in columns] for r in records]
    bib = _bibtex(edition)
    # bibtex.load keeps one entry per folder, so each edition has its own (named by a hash: any file name is safe)
    folder = cache_dir / hashlib.sha256(edition.version.encode()).hexdigest()[:16] if cache_dir else None
    try:
        refs, _ = bibtex.load(f"editions/{edition.version}/references.bib", bib, folder)
    except OSError:  # the cache folder cannot be written: parse without it, as before there was one
        refs, _ = bibtex.load(f"editions/{edition.version}/references.bib", bib)
    items = [csl.csl_item(ref) for ref in sorted(refs, key=lambda r: r.key)]
    prefix = urls.edition_download(edition.version, "")
    studies_json = (
        '{"columns":'
        + json.dumps(columns, ensure_ascii=False, separators=(",", ":"))
        + ',\n"studies":'
        + downloads.json_lines_array([{name: r.get(name) for name in columns} for r in records])
        + "}\n"
    )
    return {
        prefix + "studies.json": studies_json.encode("utf-8"),
        prefix + "studies.csv": _csv([columns, *table]).encode("utf-8"),
        prefix + "references.bib": bib.encode("utf-8"),
        prefix + "references.json": (downloads.json_lines_array(items) + "\n").encode("utf-8"),
    }


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


# -- release --------------------------------------------------------------------------------------
def release(site: Site, version: str, date: str) -> tuple[Path | None, list[Diagnostic]]:
    """Record ``version`` dated ``date``; refuses a bad or taken version and a date before the latest."""
    editions, problems = load_all(site.config)
    if problems:
        return None, problems
    where = f"{FOLDER}/{version}.json"
    if not VERSION.match(version):
        hint = "start with a digit; letters, digits, dots and hyphens, e.g. 2026.1 or 1.0"
        return None, [error(where, 0, "E-EDITION", f"'{version}' is not a usable edition version", hint)]
    if any(e.version == version for e in editions):
        return None, [error(where, 0, "E-EDITION", f"edition {version} is already recorded", "choose a new version")]
    if editions and date < editions[-1].date:
        latest = editions[-1]
        return None, [
            error(where, 0, "E-EDITION", f"date {date} is before edition {latest.version} ({latest.date})", "")
        ]
    path = site.config.root / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(current(site, version, date)), encoding="utf-8")
    return path, []


__all__ = ["Diff", "Edition", "check_editions", "current", "diff", "dumps", "files", "history", "load_all", "release"]
