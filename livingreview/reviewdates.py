"""Review dates: when each disease and topic page was last checked, how recent its evidence is, and
which pages are overdue (``last_reviewed`` older than ``review_interval`` days on the build date).

The build date comes from ``SOURCE_DATE_EPOCH`` or the last commit, never the clock, so whether a
page is overdue is the same for every build of the same input.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from livingreview import urls
from livingreview.content.frontmatter import Document
from livingreview.content.schema import DiseasePage, TopicPage
from livingreview.diagnostics import Diagnostic, warning
from livingreview.model import Site
from livingreview.months import ENGLISH_MONTHS

PAGE = urls.REVIEW_STATUS
MONTHS = ENGLISH_MONTHS


@dataclass(frozen=True, slots=True)
class PageReview:
    """One reviewed page, as the review-status list and the page's own header show it."""

    page: str
    title: str
    path: str
    last_reviewed: datetime.date | None
    searched_up_to: str | None
    age: int | None
    """Days from ``last_reviewed`` to the build date (None when either is unknown)."""
    overdue: bool


def reviewed_pages(site: Site) -> list[tuple[str, DiseasePage | TopicPage, Document]]:
    """Every page that carries review dates: disease pages, then topic pages, by output path."""
    pages: list[tuple[str, DiseasePage | TopicPage, Document]] = [
        (d.output, d.record, d.doc) for d in sorted(site.diseases, key=lambda d: d.output)
    ]
    pages += [(t.output, t.record, t.doc) for t in sorted(site.topics, key=lambda t: t.output)]
    return pages


def check_review_dates(site: Site, _: Any) -> list[Diagnostic]:
    """A disease or topic page without ``last_reviewed`` cannot say how current it is (malformed dates are
    schema errors at their line)."""
    problems = []
    for _page, record, doc in reviewed_pages(site):
        if record.last_reviewed is None:
            problems.append(
                warning(
                    doc.path,
                    doc.line_of("title"),
                    "W-REVIEW-DATE",
                    "page has no 'last_reviewed' date, so readers cannot tell how current it is",
                    "add last_reviewed: YYYY-MM-DD (the day you last checked the page against the evidence)",
                )
            )
        elif record.searched_up_to and record.searched_up_to > record.last_reviewed.isoformat():
            problems.append(
                warning(
                    doc.path,
                    doc.line_of("searched_up_to"),
                    "W-REVIEW-DATE",
                    f"searched_up_to {record.searched_up_to} is after last_reviewed {record.last_reviewed}",
                    "evidence cannot have been searched after the page was last reviewed",
                )
            )
    return problems


def parse_build_date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def status(site: Site, build_date: str) -> list[PageReview]:
    today = parse_build_date(build_date)
    found = []
    for page, record, doc in reviewed_pages(site):
        reviewed = record.last_reviewed
        age = (today - reviewed).days if today and reviewed else None
        found.append(
            PageReview(
                page=page,
                title=record.title,
                path=doc.path,
                last_reviewed=reviewed,
                searched_up_to=record.searched_up_to,
                age=age,
                overdue=age is not None and age > site.config.review_interval,
            )
        )
    return found


def long_date(value: datetime.date | str | None) -> str:
    """'22 November 2026', 'November 2020' or '2020', as precise as the date is known."""
    if value is None or value == "":
        return ""
    text = value.isoformat() if isinstance(value, datetime.date) else str(value)
    parts = text.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


__all__ = ["PAGE", "PageReview", "check_review_dates", "long_date", "reviewed_pages", "status"]
