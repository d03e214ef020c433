"""Checks of the bibliography and of what cites it: citation keys and syntax, the entries (required
fields, identifiers, duplicates, anchors), entries no page cites, citation-check statuses and the
citation checks' own keys. Each takes the whole site (and its citation index) and returns diagnostics;
:mod:`livingreview.checks` runs them in order.
"""

from __future__ import annotations

import re

from livingreview.citing import CitationIndex, reading_order
from livingreview.diagnostics import Diagnostic, did_you_mean, error, warning
from livingreview.markdown import citations
from livingreview.markdown.markers import anchor_for
from livingreview.model import Site
from livingreview.refs import bibproblems
from livingreview.refs.bibtex import Reference
from livingreview.refs.identifiers import BY_FIELD


def check_citation_keys(site: Site, index: CitationIndex) -> list[Diagnostic]:
    if not site.bibliography_read:
        return []  # the one diagnostic about the file says it all; every key would be 'unknown'
    keys = {r.key for r in site.references}
    problems = []
    for use in index.uses:
        if use.key not in keys and use.source not in ("derived", "table"):
            hint = did_you_mean(use.key, keys) or f"add an entry '{use.key}' to references.bib"
            if use.source == "prose":
                hint += " (write \\@ for a literal @)"
            problems.append(
                error(
                    use.doc.path, use.line, "E-CITE-UNKNOWN", f"citation key '{use.key}' is not in references.bib", hint
                )
            )
    return problems


def check_citation_syntax(site: Site, _: CitationIndex) -> list[Diagnostic]:
    """A ``[@`` that is not a citation would reach readers as literal text."""
    return [
        error(
            doc.path,
            line,
            "E-CITE-SYNTAX",
            f"'{text}' is not a citation",
            "write [@key], [@a; @b] or [@key, p. 3]; a key with other characters than letters, digits and "
            "single :.#$%&-+?<>~/ goes in braces: [@{o'brien-2020}]; write \\[@ for a literal '[@'",
        )
        for _, doc in reading_order(site)
        for line, text in citations.unparsed(doc.body, doc.body_line)
    ]


def check_bibliography(site: Site, index: CitationIndex) -> list[Diagnostic]:
    path = site.bib_path
    keys = {r.key for r in site.references}
    problems = []
    by_id: dict[tuple[str, str], str] = {}
    by_work: dict[tuple[str, str, str], str] = {}
    anchors: dict[str, str] = {}
    refs_by_key = {r.key: r for r in site.references}
    for ref in site.references:
        missing = bibproblems.missing_fields(ref)
        if missing:
            problems.append(
                error(
                    path,
                    ref.line,
                    "E-BIB-FIELDS",
                    f"@{ref.entry_type} '{ref.key}' lacks required field(s): {', '.join(missing)}",
                    "leave a field out only when the paper truly lacks it; never invent one",
                )
            )
        for review in ref.in_review:
            if review not in keys:
                problems.append(
                    error(
                        path,
                        ref.line_of("x-in-review"),
                        "E-BIB-REVIEW",
                        f"entry '{ref.key}': x-in-review names '{review}', which is not in references.bib",
                        did_you_mean(review, keys) or "write x-in-review = {<review key>: <number>, ...}",
                    )
                )
        if ref.get("x-missing"):
            problems.append(
                warning(
                    path,
                    ref.line_of("x-missing"),
                    "W-BIB-INCOMPLETE",
                    f"entry '{ref.key}' is known to lack: {ref.get('x-missing')}",
                    "fill the field in when a reliable source gives it, then remove x-missing",
                )
            )
        for name, handler in BY_FIELD.items():
            value = ref.get(name)
            if not value:
                continue
            problem = handler.inspect(value)
            if problem:
                problems.append(error(path, ref.line_of(name), "E-IDENTIFIER", f"entry '{ref.key}': {problem}", ""))
                continue
            ident = (handler.name, handler.standardize(value))
            if ident in by_id:
                problems.append(_duplicate(path, ref, by_id[ident], f"same {handler.name} {ident[1]}"))
            by_id.setdefault(ident, ref.key)
        work = (_normal(ref.title), ref.year, _normal(ref.first_author))
        if ref.title and ref.year:
            other = by_work.get(work)
            reported = any(p.code == "E-BIB-DUPLICATE-WORK" and p.line == ref.line for p in problems[-3:])
            if other is not None and other != ref.key and not reported and not _distinct(ref, refs_by_key.get(other)):
                problems.append(_duplicate(path, ref, by_work[work], "same title, year and first author"))
            by_work.setdefault(work, ref.key)
        anchor = anchor_for(ref.key)
        if anchor in anchors:
            problems.append(
                error(
                    path, ref.line, "E-BIB-ANCHOR", f"key '{ref.key}' and '{anchors[anchor]}' give the same anchor", ""
                )
            )
        anchors.setdefault(anchor, ref.key)
    return problems


def check_unused(site: Site, index: CitationIndex) -> list[Diagnostic]:
    """Entries no page cites (read from the rendered pages' index)."""
    return [bibproblems.unused_warning(site.bib_path, ref) for ref in site.references if ref.key not in index.cited_on]


def _distinct(ref: Reference, other: Reference | None) -> bool:
    """Either entry declares the other a different work: ``x-distinct = {key1, key2}``."""
    if other is None:
        return False
    return other.key in ref.distinct_from or ref.key in other.distinct_from


def _duplicate(path: str, ref: Reference, other: str, why: str) -> Diagnostic:
    return error(
        path,
        ref.line,
        "E-BIB-DUPLICATE-WORK",
        f"entry '{ref.key}' is the same work as '{other}' ({why})",
        f"keep one entry and cite '{other}' everywhere"
        + (
            f"; if they are different works (say, a conference paper and its journal version), "
            f"add x-distinct = {{{other}}} to '{ref.key}'"
            if why.startswith("same title")
            else ""
        ),
    )


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def check_citation_status(site: Site, index: CitationIndex) -> list[Diagnostic]:
    """The citation checks' verdicts: failing statuses (policy ``fail_on``) and unverifiable evidence."""
    refs = {r.key: r for r in site.references}
    evidence = {s.record.reference for s in site.studies if s.record.reference}
    evidence |= {key for t in site.tables for key in t.values("citations")}
    problems = []
    for key in sorted(index.cited_on):
        ref = refs.get(key)
        if ref is None:
            continue
        record = site.ledger.record(key)
        status = record.status
        if status in site.config.fail_on:
            acknowledged = status in {s.strip() for s in ref.get("x-acknowledged").split(",")}
            found = ", ".join(c.source for c in record.checks if c.outcome == status)
            message = f"entry '{key}' is {status.replace('_', ' ')} (citation checks, checked {record.checked or '?'}"
            message += f", {found})" if found else ")"
            if acknowledged:
                problems.append(
                    warning(site.bib_path, ref.line, "W-CITE-STATUS", message, "acknowledged in x-acknowledged")
                )
            else:
                problems.append(
                    error(
                        site.bib_path,
                        ref.line,
                        "E-CITE-STATUS",
                        message,
                        "fix the entry (a mismatch usually means a wrong DOI/PMID), or, for a retraction you "
                        f"want shown to readers, add x-acknowledged = {{{status}}}",
                    )
                )
        if key in evidence and status == "not_checked" and not (ref.get("doi") or ref.get("pmid")):
            problems.append(
                warning(
                    site.bib_path,
                    ref.line,
                    "W-UNVERIFIABLE",
                    f"entry '{key}' supports evidence but has no DOI or PMID and no recorded check",
                    "add a DOI or PMID copied from PubMed or the publisher (`build_site.py propose` suggests "
                    "candidates), or record a check in citation-ledger.json",
                )
            )
    return problems


def check_ledger_keys(site: Site, _: CitationIndex) -> list[Diagnostic]:
    """A record in the citation checks for a key that is not in references.bib (a typo or a removed entry)."""
    keys = {r.key for r in site.references}
    rel = site.config.rel(site.config.ledger)
    return [
        warning(
            rel,
            record.line,
            "W-LEDGER-ORPHAN",
            f"citation checks record '{record.key}' names no entry in {site.bib_path}",
            did_you_mean(record.key, keys) or "remove the record, or restore the entry",
        )
        for record in sorted(site.ledger.entries.values(), key=lambda r: r.line)
        if record.key not in keys
    ]
