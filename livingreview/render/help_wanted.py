"""Help wanted: the curation to-dos of the review, computed from the records at every build.

Study records whose primary paper is not identified (by the review and reference number that report
them), bibliography entries with details no source gave or not yet confirmed, references not yet
checked, partly confirmed or whose identifier failed, conditions without studies, and pages overdue for
review. Nothing here is written by hand: when a record is completed, its line goes away.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from markupsafe import Markup

from livingreview import escape, terms, urls
from livingreview.markdown.markers import anchor_for
from livingreview.model import Study
from livingreview.pages import Page
from livingreview.refs import format as refformat
from livingreview.refs import ledger
from livingreview.refs.bibtex import Reference
from livingreview.refs.latex import latex_to_text
from livingreview.render.context import Context

PRIMARY_PLACES = "the publisher's page, PubMed or PubMed Central"
LIMIT = 100
"""At most this many lines per list; the rest is counted, with where to find it (a list of thousands
of to-dos is read by nobody, and it would make the page slow to build and to open)."""
_FIELD_WORDS = {"doi": "DOI", "pmid": "PMID", "pmcid": "PMCID", "url": "web address", "author": "authors"}
_NUMBER = re.compile(r"\d+")


def _number_order(ref: str) -> tuple[int, int, str]:
    """Reference numbers in numeric order ('9' before '104'), labels such as 'Table 3' after them."""
    match = _NUMBER.fullmatch(ref.strip())
    return (0, int(match.group(0)), "") if match else (1, 0, ref.lower())


def _field_list(value: str) -> str:
    names = [n.strip() for n in value.split(",") if n.strip()]
    return ", ".join(_FIELD_WORDS.get(n.lower(), n) for n in names)


class _Helper:
    def __init__(self, ctx: Context, page: Page) -> None:
        self.ctx = ctx
        self.page = page.path
        self.refs = {r.key: r for r in ctx.site.references}
        self.internal, _ = terms.compile_terms(ctx.site.config.internal_terms)

    def link(self, target: str) -> str:
        return urls.relative(self.page, target)

    def label(self, ref: Reference) -> str:
        """'Zhou et al., 2013'; for an entry without authors or a short label, its title (never its key)."""
        if ref.get("shorthand") or ref.authors:
            return refformat.short(ref)
        title = latex_to_text(ref.get("title") or ref.get("howpublished") or "") or "untitled entry"
        return f"{title}, {ref.year}" if ref.year else title

    def entry(self, key: str) -> Markup:
        """The entry linked to its place in the bibliography, with its BibTeX key in code (contributors
        need it), unless the key itself is a word readers must not see."""
        ref = self.refs[key]
        text = f"[{escape.md(self.label(ref))}]({self.link(urls.BIBLIOGRAPHY)}#{anchor_for(key)})"
        if not any(pattern.search(key) for _, pattern in self.internal):
            text += f" `{key}`"
        return Markup(text)

    def study(self, study: Study) -> Markup:
        record = study.record
        who = " ".join(str(x) for x in (record.first_author, record.year) if x)
        text = f"[{escape.md(record.title)}]({self.link(study.output)})"
        return Markup(text + (f" ({escape.md(who)})" if who else ""))

    def review(self, key: str) -> Markup:
        ref = self.refs.get(key)
        name = escape.md(refformat.short(ref) if ref else key)
        return Markup(f"[{name}]({self.link(urls.review(key))})" if key in self.ctx.map.reviews else name)

    # -- the to-dos ----------------------------------------------------------------------------------
    def unidentified(self) -> list[dict[str, Any]]:
        """Studies without a primary paper, grouped by the reviews reporting them, by reference number."""
        by_review: dict[str, list[tuple[str, Study]]] = defaultdict(list)
        for study in sorted(self.ctx.site.studies, key=lambda s: s.id):
            if study.record.reference:
                continue
            for item in study.record.reported_in:
                by_review[item.review].append((item.ref, study))
        groups = []
        for key in sorted(by_review, key=lambda k: (self.label(self.refs[k]).lower() if k in self.refs else k, k)):
            items = sorted(by_review[key], key=lambda x: (_number_order(x[0]), x[1].id))
            lines = [
                Markup(
                    f"{escape.md(f'Reference {n}' if _NUMBER.fullmatch(n) else n[:1].upper() + n[1:])}: {self.study(s)}"
                )
                for n, s in items
            ]
            more = (
                f"The [review's page]({self.link(urls.review(key))}) lists every study it reports."
                if key in self.ctx.map.reviews
                else ""
            )
            groups.append({"review": self.review(key), "lines": lines, "more": Markup(more)})
        return groups

    def unidentified_count(self) -> int:
        return sum(1 for s in self.ctx.site.studies if not s.record.reference)

    def gaps(self) -> list[Markup]:
        lines = []
        for ref in sorted(self.ctx.site.references, key=lambda r: (self.label(r).lower(), r.key)):
            parts = []
            if ref.get("x-missing"):
                parts.append(f"no source gives its {_field_list(ref.get('x-missing'))}")
            if ref.get("x-unconfirmed"):
                names = _field_list(ref.get("x-unconfirmed"))
                parts.append(f"its {names} {'are' if ',' in names else 'is'} not yet confirmed")
            if parts:
                lines.append(Markup(f"{self.entry(ref.key)}: {escape.md('; '.join(parts))}"))
        return lines

    def by_status(self, *statuses: str) -> list[tuple[str, ledger.Record]]:
        ledger_ = self.ctx.site.ledger
        keys = sorted(self.refs, key=lambda k: (self.label(self.refs[k]).lower(), k))
        return [(k, ledger_.record(k)) for k in keys if ledger_.status(k) in statuses]

    def not_checked(self) -> list[Markup]:
        return [
            Markup(f"{self.entry(key)}" + (f": {escape.md(record.reason)}" if record.reason else ""))
            for key, record in self.by_status("not_checked")
        ]

    def partly(self) -> list[Markup]:
        lines = []
        for key, record in self.by_status("partly_confirmed"):
            shown = [f"{c.place}: {ledger.field_words(c.confirmed)}" for c in record.page_checks if c.confirmed]
            primary = {
                f for c in record.page_checks if c.kind == "primary" and c.outcome == "match" for f in c.confirmed
            }
            trial = bool(self.refs[key].get("nct")) or any(c.source == "trial registry" for c in record.page_checks)
            needed = ledger.field_words((ledger.TRIAL_CORE if trial else ledger.CORE) - primary)
            where = "the trial registry" if trial else PRIMARY_PLACES
            text = f"shown so far by {'; '.join(shown)}. Still to confirm on {where}: {needed}"
            lines.append(Markup(f"{self.entry(key)}: {escape.md(text)}"))
        return lines

    def problems(self) -> list[Markup]:
        return [
            Markup(f"{self.entry(key)}: {escape.md(record.text())}")
            for key, record in self.by_status("mismatch", "not_found")
        ]

    def empty_conditions(self) -> list[Markup]:
        return [
            Markup(f"[{escape.md(d.record.title)}]({self.link(d.output)})")
            for d in self.ctx.map.diseases
            if not self.ctx.studies_of(d.slug)
        ]

    def overdue(self) -> list[Markup]:
        reviews = sorted(self.ctx.living.reviews.values(), key=lambda p: (-(p.age or 0), p.page))
        lines = []
        for p in reviews:
            if p.last_reviewed is None:
                when = "never reviewed"
            elif p.overdue:
                when = f"last reviewed {p.last_reviewed.isoformat()}, {p.age} days before this build"
            else:
                continue
            lines.append(Markup(f"[{escape.md(p.title)}]({self.link(p.page)}): {escape.md(when)}"))
        return lines


def render(ctx: Context, page: Page) -> str:
    helper = _Helper(ctx, page)
    return ctx.templates["help_wanted"].render(
        unidentified=helper.unidentified(),
        unidentified_count=helper.unidentified_count(),
        gaps=helper.gaps(),
        not_checked=helper.not_checked(),
        partly=helper.partly(),
        problems=helper.problems(),
        empty_conditions=helper.empty_conditions(),
        overdue=helper.overdue(),
        interval=ctx.site.config.review_interval,
        limit=LIMIT,
        more_refs=Markup(
            f"Every reference and what was checked about it is listed on [citation health]({helper.link(urls.HEALTH)})."
        ),
        links={
            "bibliography": helper.link(urls.BIBLIOGRAPHY),
            "health": helper.link(urls.HEALTH),
            "status": helper.link(urls.REVIEW_STATUS),
            "about": helper.link(urls.ABOUT_DATA),
        },
    )


__all__ = ["render"]
