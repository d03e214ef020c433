"""The living-review checks: editions load, reviewed pages carry their dates, CITATION.cff is current."""

from __future__ import annotations

from typing import Any

from livingreview import citation, editions, reviewdates
from livingreview.diagnostics import Diagnostic
from livingreview.model import Site


def check_living(site: Site, _: Any) -> list[Diagnostic]:
    """Editions load, every reviewed page has its dates, CITATION.cff names the latest edition."""
    found, problems = editions.load_all(site.config)
    problems += reviewdates.check_review_dates(site, None)
    problems += citation.check_cff(site.config, found[-1] if found else None)
    return problems


__all__ = ["check_living"]
