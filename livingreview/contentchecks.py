"""Checks of the content files: vocabularies, conditions and their links, reported_in, data tables,
data-table markers and raw HTML. Each takes the whole site (and its citation index) and returns
diagnostics; :data:`livingreview.checks.CHECKS` runs them in order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from livingreview.citing import CitationIndex, reading_order
from livingreview.content import records
from livingreview.content.frontmatter import Document
from livingreview.diagnostics import Diagnostic, closest, did_you_mean, error, warning
from livingreview.markdown import safety
from livingreview.markdown.markers import DATA_TABLE_MARKER
from livingreview.model import Site
from livingreview.refs.identifiers import NCT


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


_RNA_PREFIX = re.compile(r"^(?:lnc|circ|m)rna[\s:-]+")
_MIR = re.compile(r"^(?:microrna|mirna)(?=[\s-]?\d)")


def entity_spelling(name: str) -> str:
    """What two spellings of one entity share: ``miRNA-126`` and ``miR-126`` → ``mir126``,
    ``lncRNA KLF3-AS1`` and ``KLF3-AS1`` → ``klf3as1``; case, spaces, hyphens and accents do not count."""
    text = unicodedata.normalize("NFKD", name).lower().strip()
    text = _MIR.sub("mir", _RNA_PREFIX.sub("", text))
    return "".join(c for c in text if c.isalnum())


def check_entity_names(site: Site, _: CitationIndex) -> list[Diagnostic]:
    """One name per thing: a name readers browse by (cargo, source, …) written two ways is a warning
    at the later spelling, naming the first, so both studies land on one page."""
    review = site.profile
    if review is None:
        return []
    problems = []
    for kind in review.spec.entities:
        path = tuple(kind.name.split("."))
        first: dict[str, tuple[str, str, int]] = {}
        for study in sorted(site.studies, key=lambda s: s.id):
            for loc, value in records.located(study.record, path):
                name, line = str(value), study.doc.line_of(*loc)
                seen = first.setdefault(entity_spelling(name), (name, study.doc.path, line))
                if seen[0] != name:
                    problems.append(
                        warning(
                            study.doc.path,
                            line,
                            "W-ENTITY-NAME",
                            f"{kind.title.lower()} '{name}' looks like '{seen[0]}' ({seen[1]}:{seen[2]}) written "
                            "another way",
                            f"write '{seen[0]}' (or change both), so readers find one page for it",
                        )
                    )
    return problems
