"""Machine-readable downloads: every study record as JSON and CSV, and the bibliography as BibTeX.

Column order is the record's field order (core fields and the review's profile, see
:attr:`~livingreview.content.records.ReviewProfile.order`), so files diff cleanly between editions. CSV cells that a
spreadsheet would run as a formula (starting with = + - @, tab or carriage return) are prefixed
with an apostrophe (OWASP's advice against CSV injection); JSON is written by the json module.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from livingreview.content.schema import StudyRecord
from livingreview.model import Site
from livingreview.refs import csl

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def columns(site: Site) -> tuple[str, ...]:
    """The record's fields in the profile's order (the core fields alone without a profile)."""
    return site.profile.order if site.profile else tuple(StudyRecord.model_fields)


def record_dict(record: StudyRecord, names: tuple[str, ...]) -> dict[str, Any]:
    """The fields ``names``, in that order, with empty values as None or []."""
    data = record.model_dump(mode="json")
    return {name: data.get(name) for name in names}


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_lines_array(items: list[Any]) -> str:
    """A JSON array with one compact item per line: diffs stay per record, and the C encoder does the work."""
    if not items:
        return "[]"
    return "[\n" + ",\n".join(_compact(item) for item in items) + "\n]"


def studies_json(site: Site) -> str:
    names = columns(site)
    records = [record_dict(s.record, names) for s in sorted(site.studies, key=lambda s: s.id)]
    return '{"columns":' + _compact(list(names)) + ',\n"studies":' + json_lines_array(records) + "}\n"


def flatten(value: Any) -> str:
    """A cell: lists joined with '; ', mappings as 'key: value' pairs, nothing as ''."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(flatten(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {flatten(v)}" for k, v in value.items() if v not in (None, [], ""))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def safe_cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def studies_csv(site: Site) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = columns(site)
    writer.writerow(names)
    for study in sorted(site.studies, key=lambda s: s.id):
        row = record_dict(study.record, names)
        writer.writerow([safe_cell(flatten(row[name])) for name in names])
    return out.getvalue()


def files(site: Site) -> dict[str, bytes]:
    """Download files keyed by their path in the docs tree."""
    bib = site.config.bibliography.read_bytes() if site.config.bibliography.is_file() else b""
    return {
        "downloads/studies.json": studies_json(site).encode("utf-8"),
        "downloads/studies.csv": studies_csv(site).encode("utf-8"),
        "downloads/references.bib": bib,
        "downloads/references.json": references_csl_json(site).encode("utf-8"),
    }


def references_csl_json(site: Site) -> str:
    """The bibliography as CSL-JSON, in key order."""
    items = [csl.csl_item(ref) for ref in sorted(site.references, key=lambda r: r.key)]
    return json_lines_array(items) + "\n"
