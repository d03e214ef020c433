"""The ordered checks. Each takes the whole site (and its citation index) and returns diagnostics.

They never raise for bad input and never write; :func:`run_all` runs them in order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from livingreview.citing import CitationIndex, reading_order
from livingreview.content import records
from livingreview.content.frontmatter import Document
from livingreview.diagnostics import Diagnostic, closest, did_you_mean, error, warning
from livingreview.living_checks import check_living
from livingreview.markdown import citations, safety
from livingreview.markdown.markers import DATA_TABLE_MARKER, anchor_for
from livingreview.model import Site
from livingreview.refs import bibproblems, bibtex
from livingreview.refs.identifiers import BY_FIELD, NCT
from livingreview.studychecks import check_duplicate_studies, check_study_bibliography, check_study_sources

Check = Callable[[Site, CitationIndex], list[Diagnostic]]


def _vocab_error(
    doc: Document,
    path: tuple[str | int, ...],
    value: str,
    allowed: Iterable[str],
    what: str,
    aliases: Mapping[str, str] | None = None,
) -> Diagnostic:
    """``value`` is not allowed: name the value it is an alias of, else the closest value or alias."""
    options = sorted(allowed)
    table = dict(aliases or {})
    folded = {alias.casefold(): target for alias, target in table.items()}
    where = (
        doc.path,
        doc.line_of(*path),
        "E-VOCAB",
        f"{'.'.join(str(p) for p in path)} '{value}' is not a known {what}",
    )
    if value.casefold() in folded:
        return error(*where, f"'{value}' is written '{folded[value.casefold()]}' in this review")
    near = closest(value, [*options, *table])
    listing = ", ".join(f"'{o}'" for o in options)
    hint = f"did you mean '{table.get(near, near)}'? allowed: {listing}" if near else f"allowed: {listing}"
    return error(*where, hint + "; new values go in content/vocabularies.yaml")


def check_study_vocabularies(site: Site, _: CitationIndex) -> list[Diagnostic]:
    """Every field the profile gives a vocabulary holds values of that vocabulary."""
    vocab, review = site.vocab, site.profile
    if vocab is None or review is None:
        return []
    uses = [(path, spec.vocabulary or "", spec.what(path[-1])) for path, spec in review.uses()]
    allowed = {name: vocab.allowed(name) for _, name, _ in uses}
    problems = []
    for study in site.studies:
        for path, name, what in uses:
            for loc, value in records.located(study.record, path):
                if value not in allowed[name]:
                    problems.append(_vocab_error(study.doc, loc, value, allowed[name], what, vocab.aliases.get(name)))
    return problems


def check_diseases(site: Site, _: CitationIndex) -> list[Diagnostic]:
    problems = []
    systems = list(site.vocab.organ_systems) if site.vocab else []
    seen: dict[str, str] = {}
    for disease in site.diseases:
        doc, record = disease.doc, disease.record
        if systems and record.organ_system not in systems:
            aliases = site.vocab.aliases.get("organ_systems") if site.vocab else None
            problems.append(_vocab_error(doc, ("organ_system",), record.organ_system, systems, "organ system", aliases))
        elif record.organ_system != disease.folder:
            problems.append(
                error(
                    doc.path,
                    doc.line_of("organ_system"),
                    "E-ORGAN-FOLDER",
                    f"organ_system '{record.organ_system}' does not match the folder '{disease.folder}'",
                    f"move the file to content/diseases/{record.organ_system}/ or fix organ_system",
                )
            )
        if disease.slug in seen:
            problems.append(
                error(
                    doc.path,
                    1,
                    "E-DUPLICATE-SLUG",
                    f"condition slug '{disease.slug}' is also used by {seen[disease.slug]}",
                    "condition slugs must be unique across organ systems",
                )
            )
        seen.setdefault(disease.slug, doc.path)
    return problems


def check_study_links(site: Site, _: CitationIndex) -> list[Diagnostic]:
    """Conditions named by studies exist; each condition page has at least one study."""
    slugs = {d.slug for d in site.diseases}
    problems = []
    used: set[str] = set()
    for study in site.studies:
        for i, slug in enumerate(study.record.conditions):
            used.add(slug)
            if slug not in slugs:
                hint = did_you_mean(slug, slugs) or "create content/diseases/<organ-system>/" + slug + ".md"
                problems.append(
                    error(
                        study.doc.path,
                        study.doc.line_of("conditions", i),
                        "E-UNKNOWN-CONDITION",
                        f"condition '{slug}' has no disease page",
                        hint,
                    )
                )
    for disease in site.diseases:
        if disease.slug not in used:
            problems.append(
                warning(
                    disease.doc.path,
                    1,
                    "W-NO-STUDIES",
                    f"no study record lists condition '{disease.slug}'",
                    "add the slug to the conditions of the studies that inform it",
                )
            )
    return problems


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


def _distinct(ref: bibtex.Reference, other: bibtex.Reference | None) -> bool:
    """Either entry declares the other a different work: ``x-distinct = {key1, key2}``."""
    if other is None:
        return False
    return other.key in ref.distinct_from or ref.key in other.distinct_from


def _duplicate(path: str, ref: bibtex.Reference, other: str, why: str) -> Diagnostic:
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


def check_reported_in(site: Site, _: CitationIndex) -> list[Diagnostic]:
    """A study's reviews are listed once each."""
    problems = []
    for study in site.studies:
        seen: set[str] = set()
        for i, item in enumerate(study.record.reported_in):
            if item.review in seen:
                problems.append(
                    error(
                        study.doc.path,
                        study.doc.line_of("reported_in", i),
                        "E-REPORTED-TWICE",
                        f"review '{item.review}' is listed twice in reported_in",
                        'list several numbers in one entry, e.g. ref: "12, 40"',
                    )
                )
            seen.add(item.review)
    return problems


def check_tables(site: Site, _: CitationIndex) -> list[Diagnostic]:
    keys = {r.key for r in site.references}
    nct = NCT()
    problems = []
    for table in site.tables:
        doc, record = table.doc, table.record
        columns = {c.key: c for c in record.columns}
        for i, column in enumerate(record.columns):
            if column.type not in ("text", "citations", "nct"):
                problems.append(
                    error(
                        doc.path,
                        doc.line_of("columns", i, "type"),
                        "E-TABLE",
                        f"column type '{column.type}' is not text, citations or nct",
                        "",
                    )
                )
        for r, row in enumerate(record.rows):
            for name, value in row.items():
                line = doc.line_of("rows", r, name)
                if name not in columns:
                    hint = did_you_mean(name, columns) or f"columns: {', '.join(columns)}"
                    problems.append(error(doc.path, line, "E-TABLE", f"row field '{name}' is not a column", hint))
                    continue
                items = value if isinstance(value, list) else [value] if value else []
                if columns[name].type == "citations" and site.bibliography_read:
                    for key in items:
                        if key not in keys:
                            hint = did_you_mean(key, keys) or "add it to references.bib"
                            problems.append(
                                error(
                                    doc.path,
                                    line,
                                    "E-CITE-UNKNOWN",
                                    f"citation key '{key}' is not in references.bib",
                                    hint,
                                )
                            )
                if columns[name].type == "nct":
                    for ident in items:
                        problem = nct.inspect(ident)
                        if problem:
                            problems.append(error(doc.path, line, "E-IDENTIFIER", problem, ""))
    return problems


def check_markers(site: Site, _: CitationIndex) -> list[Diagnostic]:
    names = {t.name for t in site.tables}
    problems = []
    docs = [t.doc for t in site.topics] + [d.doc for d in site.diseases] + ([site.home.doc] if site.home else [])
    for doc in docs:
        for offset, text in enumerate(doc.body.split("\n")):
            for match in DATA_TABLE_MARKER.finditer(text):
                if match.group(1) not in names:
                    hint = did_you_mean(match.group(1), names) or "create content/data/" + match.group(1) + ".yaml"
                    problems.append(
                        error(
                            doc.path,
                            doc.body_line + offset,
                            "E-TABLE-MISSING",
                            f"data table '{match.group(1)}' does not exist",
                            hint,
                        )
                    )
    return problems


def check_raw_html(site: Site, _: CitationIndex) -> list[Diagnostic]:
    """Contributor prose may use only allow-listed HTML and safe link schemes (markdown/safety.py)."""
    return [
        error(doc.path, p.line, "E-UNSAFE-HTML", p.message, p.hint)
        for _, doc in reading_order(site)
        for p in safety.check(doc.body, doc.body_line)
    ]


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


CHECKS: tuple[Check, ...] = (
    check_study_vocabularies,
    check_diseases,
    check_study_links,
    check_reported_in,
    check_study_sources,
    check_duplicate_studies,
    check_citation_keys,
    check_citation_syntax,
    check_bibliography,
    check_tables,
    check_markers,
    check_raw_html,
    check_ledger_keys,
    check_study_bibliography,
    check_living,
)


CITED_CHECKS: tuple[Check, ...] = (check_unused, check_citation_status)
"""Checks of what the pages cite: they read the index recorded from the rendered pages (see
:func:`livingreview.build.check`), or the sources' index when errors keep the pages from rendering."""


def run_all(site: Site, index: CitationIndex) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for check in CHECKS:
        problems += check(site, index)
    return problems


def run_cited(site: Site, index: CitationIndex) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for check in CITED_CHECKS:
        problems += check(site, index)
    return problems


__all__ = ["CHECKS", "CITED_CHECKS", "run_all", "run_cited"]
