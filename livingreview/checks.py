"""The ordered checks. Each takes the whole site (and its citation index) and returns diagnostics.

They never raise for bad input and never write; :func:`run_all` runs them in order. The checks
themselves live by subject: :mod:`contentchecks`, :mod:`bibchecks`, :mod:`studychecks`,
:mod:`living_checks`.
"""

from __future__ import annotations

from collections.abc import Callable

from livingreview.bibchecks import (
    check_bibliography,
    check_citation_keys,
    check_citation_status,
    check_citation_syntax,
    check_ledger_keys,
    check_unused,
)
from livingreview.citing import CitationIndex
from livingreview.contentchecks import (
    check_diseases,
    check_entity_names,
    check_markers,
    check_raw_html,
    check_reported_in,
    check_study_links,
    check_study_vocabularies,
    check_tables,
)
from livingreview.diagnostics import Diagnostic
from livingreview.living_checks import check_living
from livingreview.model import Site
from livingreview.studychecks import check_duplicate_studies, check_study_bibliography, check_study_sources

Check = Callable[[Site, CitationIndex], list[Diagnostic]]


CHECKS: tuple[Check, ...] = (
    check_study_vocabularies,
    check_entity_names,
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
