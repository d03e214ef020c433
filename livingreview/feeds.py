"""An Atom feed (RFC 4287) of the studies each edition added or changed, so readers can follow the review.

Entry ids are ``urn:uuid:`` names derived from the site, the edition and the study (UUID version 5),
so they never change once an edition is released; ``updated`` is the edition's date. Links are
absolute when ``site_url`` is set and relative to the feed (at the site's root) otherwise.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import urljoin

from livingreview import urls
from livingreview.editions import Diff
from livingreview.markdown.markers import anchor_for
from livingreview.refs.latex import latex_to_text

PATH = urls.FEED


def escape(data: str) -> str:
    """``&``, ``<`` and ``>`` escaped, as ``xml.sax.saxutils.escape`` does (that module imports
    ``urllib.request``, and with it ``http.client`` and ``ssl``, which a build never needs)."""
    return data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(data: str) -> str:
    """An XML attribute value with its quotes, as ``xml.sax.saxutils.quoteattr`` writes it."""
    data = escape(data).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in data:
        return f'"{data}"'
    if "'" not in data:
        return f"'{data}'"
    return '"{}"'.format(data.replace('"', "&quot;"))


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    title: str
    updated: str
    link: str
    text: str
    conditions: tuple[str, ...] = ()
    """Conditions of the studies concerned (for the per-condition feeds)."""


def _stamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def feed_id(site_name: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"livingreview:{site_name}"))


def entry_id(site_name: str, version: str, kind: str, study_id: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"livingreview:{site_name}:{version}:{kind}:{study_id}"))


def entries(site_name: str, diffs: list[Diff], live: set[str], refs: set[str] | None = None) -> list[Entry]:
    """New and changed studies and newly retracted references of every released edition, newest edition
    first (``live``: study ids that still have a page; ``refs``: keys still in the bibliography)."""
    found = []
    for change in diffs:
        edition = change.after
        for status in change.retracted:
            fields = edition.references.get(status.key, {}).get("fields", {})
            title = latex_to_text(str(fields.get("title") or fields.get("howpublished") or "a reference"))
            found.append(
                Entry(
                    entry_id(site_name, edition.version, "retracted", status.key),
                    f"Retracted: {title}",
                    _stamp(edition.date),
                    f"bibliography.html#{anchor_for(status.key)}" if status.key in (refs or set()) else "",
                    f"Edition {edition.version} ({edition.date}) records that this paper was retracted; "
                    "evidence resting on it is struck through and left out of counts.",
                    _resting_on(edition.studies, status.key),
                )
            )
        for study_id in change.added:
            record = edition.studies[study_id].get("record", {})
            title = str(record.get("title") or study_id)
            found.append(
                Entry(
                    entry_id(site_name, edition.version, "added", study_id),
                    f"New study: {title}",
                    _stamp(edition.date),
                    urls.study_html(study_id) if study_id in live else "",
                    f"Edition {edition.version} ({edition.date}) adds this study{_about(record)}.",
                    _conditions(record),
                )
            )
        for study_id, fields in change.changed:
            record = edition.studies[study_id].get("record", {})
            title = str(record.get("title") or study_id)
            found.append(
                Entry(
                    entry_id(site_name, edition.version, "changed", study_id),
                    f"Changed study: {title}",
                    _stamp(edition.date),
                    urls.study_html(study_id) if study_id in live else "",
                    f"Edition {edition.version} ({edition.date}) changes the record's "
                    f"{', '.join(fields)}{_about(record)}.",
                    _conditions(record),
                )
            )
    return found


def _conditions(record: dict[str, object]) -> tuple[str, ...]:
    found = record.get("conditions")
    return tuple(str(c) for c in found) if isinstance(found, list) else ()


def _resting_on(studies: dict[str, dict[str, object]], key: str) -> tuple[str, ...]:
    """Conditions of the studies whose primary paper is ``key``."""
    found: dict[str, None] = {}
    for study in studies.values():
        record = study.get("record")
        if isinstance(record, dict) and record.get("reference") == key:
            found.update(dict.fromkeys(_conditions(record)))
    return tuple(found)


def _about(record: dict[str, object]) -> str:
    author, year = record.get("first_author"), record.get("year")
    if not author:
        return ""
    return f" ({author} et al., {year})" if year else f" ({author} et al.)"


def atom(site_name: str, site_url: str, updated: str, items: list[Entry], *, topic: str = "", path: str = PATH) -> str:
    """The feed document at ``path``; ``updated`` is the latest edition's date (or the build date before any
    edition); ``topic`` names a condition for a per-condition feed."""
    up = "../" * path.count("/")

    def href(target: str) -> str:
        return urljoin(site_url if site_url.endswith("/") else site_url + "/", target) if site_url else up + target

    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{escape(site_name)}: new and changed studies{escape(f' on {topic}' if topic else '')}</title>",
        f"  <id>{feed_id(site_name + (f':{path}' if topic else ''))}</id>",
        f"  <updated>{_stamp(updated)}</updated>",
        f"  <author><name>{escape(site_name)}</name></author>",
        f'  <link rel="alternate" type="text/html" href={quoteattr(href("whats-new.html"))}/>',
    ]
    if site_url:
        lines.append(f'  <link rel="self" type="application/atom+xml" href={quoteattr(href(path))}/>')
    for item in items:
        lines += [
            "  <entry>",
            f"    <id>{item.id}</id>",
            f"    <title>{escape(item.title)}</title>",
            f"    <updated>{item.updated}</updated>",
        ]
        if item.link:
            lines.append(f'    <link rel="alternate" type="text/html" href={quoteattr(href(item.link))}/>')
        lines += [f'    <content type="text">{escape(item.text)}</content>', "  </entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


__all__ = ["PATH", "Entry", "atom", "entries"]
