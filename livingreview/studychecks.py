"""Checks across study records: duplicates, the source of each record, and agreement with the bibliography.

* Two records describe the same study when they name the same primary paper (``reference``), the same
  reference number of the same review (``reported_in``), or a near-identical title with the same first
  author and year. That is an error at the later record, naming the earlier one, unless one of the two
  lists the other in ``distinct_from``.
* A record needs a source: at least one review in ``reported_in``, or the primary paper in ``reference``
  (a paper found directly, which no review describes).
* ``first_author`` and ``year`` that contradict the BibTeX entry of ``reference`` are a warning.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from itertools import combinations

from livingreview.citing import CitationIndex
from livingreview.diagnostics import Diagnostic, did_you_mean, error, warning
from livingreview.model import Site, Study

TITLE_SIMILARITY = 92.0
"""rapidfuzz ``token_sort_ratio`` (0-100) on folded titles at or above which two titles are 'the same'."""

DISTINCT_HINT = "distinct_from"


def _similarity(a: str, b: str) -> float:
    """rapidfuzz's ``token_sort_ratio``; the library (41 modules) is loaded only when two studies share
    a first author and a year, not on every run."""
    from rapidfuzz import fuzz

    return float(fuzz.token_sort_ratio(a, b))


def fold(text: str) -> str:
    """Lowercase ASCII letters and digits separated by single spaces (accents dropped)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split())


def _numbers(ref: str) -> list[str]:
    """The reference numbers in a ``ref`` value: ``"12, 40"`` -> ``['12', '40']`` (``Table 3`` is none)."""
    return [n for n in (part.strip() for part in re.split(r"[,;]", ref)) if re.fullmatch(r"\d+[a-z]?", n)]


def _where(study: Study, *path: str | int) -> str:
    return f"{study.doc.path}:{study.doc.line_of(*path)}"


def _reasons(a: Study, b: Study) -> list[tuple[tuple[str | int, ...], tuple[str | int, ...], str]]:
    """Why ``b`` looks like the same study as ``a``: (path in a, path in b, reason), strongest first."""
    found: list[tuple[tuple[str | int, ...], tuple[str | int, ...], str]] = []
    ra, rb = a.record, b.record
    if ra.reference and ra.reference == rb.reference:
        found.append((("reference",), ("reference",), f"same primary paper '{rb.reference}'"))
    numbered_a = {(item.review, n): i for i, item in enumerate(ra.reported_in) for n in _numbers(item.ref)}
    for j, item in enumerate(rb.reported_in):
        for n in _numbers(item.ref):
            if (item.review, n) in numbered_a:
                i = numbered_a[(item.review, n)]
                found.append(
                    (("reported_in", i, "ref"), ("reported_in", j, "ref"), f"same ref. {n} of review '{item.review}'")
                )
                break
    if (
        ra.first_author
        and ra.year
        and fold(ra.first_author) == fold(rb.first_author or "")
        and ra.year == rb.year
        and _similarity(fold(ra.title), fold(rb.title)) >= TITLE_SIMILARITY
    ):
        found.append((("title",), ("title",), f"near-identical title, same first author {rb.first_author} and year"))
    return found


def _candidates(site: Site) -> set[tuple[str, str]]:
    """Pairs of study ids (sorted) that share a reference, a review number, or first author and year."""
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for study in site.studies:
        r = study.record
        if r.reference:
            groups[("reference", r.reference)].append(study.id)
        for item in r.reported_in:
            for n in _numbers(item.ref):
                groups[("reported_in", item.review, n)].append(study.id)
        if r.first_author and r.year:
            groups[("author-year", fold(r.first_author), str(r.year))].append(study.id)
    pairs: set[tuple[str, str]] = set()
    for ids in groups.values():
        pairs |= {(x, y) for x, y in combinations(sorted(set(ids)), 2)}
    return pairs


def check_duplicate_studies(site: Site, _: CitationIndex) -> list[Diagnostic]:
    """No two records describe the same study, unless declared distinct."""
    by_id = {s.id: s for s in site.studies}
    distinct = {(s.id, other) for s in site.studies for other in s.record.distinct_from}
    problems = []
    for first, second in sorted(_candidates(site)):
        if (first, second) in distinct or (second, first) in distinct:
            continue
        a, b = by_id[first], by_id[second]
        reasons = _reasons(a, b)
        if not reasons:
            continue
        path_a, path_b, _reason = reasons[0]
        why = "; ".join(reason for _, _, reason in reasons)
        problems.append(
            error(
                b.doc.path,
                b.doc.line_of(*path_b),
                "E-DUPLICATE-STUDY",
                f"study '{b.id}' looks like the same study as '{a.id}' ({_where(a, *path_a)}): {why}",
                f"keep one record and list every review that describes it in its reported_in; if they are "
                f"different studies, add `{DISTINCT_HINT}: [{a.id}]` to this record",
            )
        )
    return problems


def check_study_sources(site: Site, _: CitationIndex) -> list[Diagnostic]:
    """Every record has a review or a primary paper; ``distinct_from`` names existing other records."""
    ids = {s.id for s in site.studies}
    problems = []
    for study in site.studies:
        r, doc = study.record, study.doc
        if not r.reported_in and not r.reference:
            problems.append(
                error(
                    doc.path,
                    doc.line_of("reported_in") if "reported_in" in doc.meta else doc.line_of("id"),
                    "E-NO-SOURCE",
                    f"study '{r.id}' names neither a review (reported_in) nor its primary paper (reference)",
                    "add reported_in: [{review: <review key>, ref: '<number>'}] for a study a review describes, "
                    "or reference: <BibTeX key of the paper> for a paper you found directly",
                )
            )
        for i, other in enumerate(r.distinct_from):
            if other == r.id or other not in ids:
                why = "is this record itself" if other == r.id else "is not the id of any study record"
                hint = did_you_mean(other, ids - {r.id}) or "list the id of the other record (its file name)"
                problems.append(
                    error(
                        doc.path, doc.line_of("distinct_from", i), "E-DISTINCT", f"distinct_from '{other}' {why}", hint
                    )
                )
    return problems


def check_study_bibliography(site: Site, _: CitationIndex) -> list[Diagnostic]:
    """``first_author`` and ``year`` agree with the BibTeX entry the record names as its primary paper."""
    refs = {r.key: r for r in site.references}
    problems = []
    for study in site.studies:
        r, doc = study.record, study.doc
        ref = refs.get(r.reference or "")
        if ref is None:
            continue
        at = f"{site.bib_path}:{ref.line}"
        if r.first_author and ref.first_author and fold(r.first_author) != fold(ref.first_author):
            problems.append(
                warning(
                    doc.path,
                    doc.line_of("first_author"),
                    "W-STUDY-AUTHOR",
                    f"first_author '{r.first_author}' differs from '{ref.first_author}', the first author of "
                    f"'{ref.key}' ({at})",
                    "correct whichever one disagrees with the paper itself",
                )
            )
        if r.year and ref.year.isdigit() and r.year != int(ref.year):
            problems.append(
                warning(
                    doc.path,
                    doc.line_of("year"),
                    "W-STUDY-YEAR",
                    f"year {r.year} differs from {ref.year}, the year of '{ref.key}' ({at})",
                    "correct whichever one disagrees with the paper itself",
                )
            )
    return problems


__all__ = ["check_duplicate_studies", "check_study_bibliography", "check_study_sources", "fold"]
