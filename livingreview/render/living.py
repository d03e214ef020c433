"""The living-review views: what's new, how to cite, review dates, the feed and every edition's downloads.

Computed from the recorded editions (:mod:`livingreview.editions`), the current content, git history
(:mod:`livingreview.history`) and the build date; rendered through the shared Jinja templates.
"""

from __future__ import annotations

import json
from functools import cached_property
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from livingreview import citation, editions, escape, feeds, history, reviewdates, urls
from livingreview.markdown.markers import table_names
from livingreview.pages import Page
from livingreview.refs import format as refformat
from livingreview.refs import ledger
from livingreview.refs.latex import latex_to_text

if TYPE_CHECKING:
    from livingreview.render.context import Context

WHATS_NEW = urls.WHATS_NEW
HOW_TO_CITE = urls.HOW_TO_CITE
FEED = urls.FEED


class Living:
    def __init__(self, renderer: Context) -> None:
        self.r = renderer
        self.site = renderer.site
        self.editions, _ = editions.load_all(self.site.config)
        self.latest = self.editions[-1] if self.editions else None
        self.diffs = editions.history(self.editions)
        self.now = editions.current(self.site, "", renderer.build_date)
        self.unreleased = editions.diff(self.latest, self.now) if self.latest else None
        self._history = renderer.history  # git log, started first; its dates are first needed by a condition's page
        self.reviews = {p.page: p for p in reviewdates.status(self.site, renderer.build_date)}
        self.live = {s.id for s in self.site.studies}
        self.sources = self._sources()
        self.condition_of = {d.output: d.slug for d in self.site.diseases}
        self.templates = renderer.templates

    @cached_property
    def citation(self) -> citation.Citation:
        """How to cite the review (from CITATION.cff and the latest edition), read once per build."""
        return citation.citation(self.site.config, self.latest)

    @property
    def changed(self) -> dict[str, str]:
        """Source file -> the date of the last commit that changed it (see :func:`history.last_changed`)."""
        return self._history.dates()

    # -- per-page dates -------------------------------------------------------------------------
    def _sources(self) -> dict[str, list[str]]:
        """Page -> the content files it is made from (its own file, its studies, the tables it shows)."""
        found = {s.output: [s.doc.path] for s in self.site.studies}
        for disease in self.site.diseases:
            studies = self.r.studies_of(disease.slug)
            found[disease.output] = [disease.doc.path, *(s.doc.path for s in studies)]
        for topic in self.site.topics:
            tables = self.r.tables.tables
            names = table_names(topic.doc.body)
            found[topic.output] = [topic.doc.path, *(tables[n].doc.path for n in names if n in tables)]
        return found

    def dates(self, page: str) -> Markup:
        """'Last reviewed … · evidence searched up to … · sources last changed …', and an overdue notice."""
        parts = []
        review = self.reviews.get(page)
        if review:
            reviewed = reviewdates.long_date(review.last_reviewed)
            parts.append(f"Last reviewed {reviewed}" if reviewed else "Not yet reviewed")
            if review.searched_up_to:
                parts.append(f"evidence searched up to {reviewdates.long_date(review.searched_up_to)}")
        changed = history.newest(self.changed, self.sources.get(page, []))
        if changed:
            parts.append(f"sources last changed {reviewdates.long_date(changed)}")
        if not parts:
            return Markup("")
        parts[0] = parts[0][0].upper() + parts[0][1:]
        text = "*" + " · ".join(str(escape.md(p)) for p in parts) + "*"
        slug = self.condition_of.get(page)
        if slug:
            text += f" · [Atom feed of this condition]({self.r_link(page, urls.condition_feed(slug))})"
        text += "\n\n"
        if review and review.overdue:
            status = self.r_link(page, urls.REVIEW_STATUS)
            text += (
                '!!! warning "Review overdue"\n\n'
                f"    This page was last reviewed {review.age} days before this build "
                f"(the review interval is {self.site.config.review_interval} days): evidence published since "
                f"may be missing. [Review dates of every page]({status})\n\n"
            )
        return Markup(text)

    @staticmethod
    def r_link(page: str, target: str) -> str:
        return urls.relative(page, target)

    def citation_meta(self) -> Markup:
        """Front-matter lines for the theme's Highwire citation tags (home and how-to-cite pages)."""
        cite = self.citation
        lines = ["citation:", f"  title: {escape.yaml_string(cite.title)}", "  authors:"]
        lines += [f"    - {escape.yaml_string(name)}" for name in cite.author_names()]
        if cite.version:
            lines += [f"  date: {escape.yaml_string(cite.date.replace('-', '/'))}"]
            lines += [f"  version: {escape.yaml_string(cite.version)}"]
        return Markup("\n".join(lines) + "\n")

    # -- home -------------------------------------------------------------------------------------
    def home(self) -> Markup:
        page = "index.md"
        links = (
            f"[What's new]({self.r_link(page, WHATS_NEW)}) · [Atom feed]({self.r_link(page, FEED)}) · "
            f"[How to cite]({self.r_link(page, urls.HOW_TO_CITE)})"
        )
        if self.latest is None:
            return Markup(f"No edition has been released yet. {links}\n")
        latest = self.latest
        counts = latest.counts
        highlights = self.highlights(self.diffs[0]) or (
            f"first edition: {counts['studies']} studies on {counts['conditions']} conditions"
        )
        return Markup(
            f"**Latest edition: {escape.md(latest.version)}** ({escape.md(latest.date)}): "
            f"{escape.md(highlights)}. {links}\n"
        )

    @staticmethod
    def highlights(change: editions.Diff) -> str:
        if change.before is None:
            return ""
        items = [
            (len(change.added), "study added", "studies added"),
            (len(change.changed), "study changed", "studies changed"),
            (len(change.removed), "study removed", "studies removed"),
            (len(change.retracted), "reference newly retracted", "references newly retracted"),
            (len(change.conditions_added), "condition added", "conditions added"),
        ]
        text = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in items if n)
        return text or "no change to the evidence"

    # -- what's new -------------------------------------------------------------------------------
    def study_line(self, page: str, study_id: str, record: dict[str, Any], fields: list[str] | None = None) -> Markup:
        title = str(escape.md(str(record.get("title") or "untitled study")))
        who = " ".join(str(x) for x in (record.get("first_author"), record.get("year")) if x)
        label = f"[{title}]({self.r_link(page, urls.study(study_id))})" if study_id in self.live else title
        if who:
            label += f" ({escape.md(who)})"
        if fields:
            label += ": " + ", ".join(f"`{f}`" for f in fields)
        return Markup(label)

    def reference_line(self, page: str, change: editions.StatusChange, edition: editions.Edition) -> Markup:
        ref = self.r.cites.refs.get(change.key)
        if ref:
            label = f"{self.r.cites.cite(page, change.key)} {escape.md(refformat.short(ref))}"
        else:
            fields = edition.references.get(change.key, {}).get("fields", {})
            label = str(escape.md(latex_to_text(str(fields.get("title", ""))) or "a reference no longer cited"))
        before = "newly added" if change.before == "new" else _status_words(change.before)
        return Markup(f"{label}: {escape.md(_status_words(change.after))} (was {escape.md(before)})")

    def condition_line(self, page: str, slug: str, edition: editions.Edition) -> Markup:
        title = str(escape.md(edition.conditions.get(slug, slug)))
        disease = self.r.disease_by_slug.get(slug)
        return Markup(f"[{title}]({self.r_link(page, disease.output)})" if disease else title)

    def section(self, page: str, change: editions.Diff, released: bool = True) -> dict[str, Any]:
        after, before = change.after, change.before
        rows = [
            (name, before.counts[key] if before else "–", after.counts[key])
            for key, name in (
                ("studies", "Studies"),
                ("conditions", "Conditions"),
                ("references", "References"),
                ("retracted", "Retracted references"),
            )
        ]
        old = before.studies if before else {}
        return {
            "version": after.version,
            "date": after.date,
            "first": before is None,
            "since": before.version if before else "",
            "counts": rows,
            "added": [self.study_line(page, i, after.studies[i].get("record", {})) for i in change.added],
            "changed": [self.study_line(page, i, after.studies[i].get("record", {}), f) for i, f in change.changed],
            "removed": [self.study_line(page, i, old[i].get("record", {})) for i in change.removed],
            "retracted": [self.reference_line(page, c, after) for c in change.retracted],
            "status": [self.reference_line(page, c, after) for c in change.status_changed],
            "conditions_added": [self.condition_line(page, c, after) for c in change.conditions_added],
            "conditions_removed": [self.condition_line(page, c, before) for c in change.conditions_removed if before],
            "downloads": [
                (name, self.r_link(page, urls.edition_download(after.version, name))) for name in urls.DOWNLOADS
            ]
            if released
            else [],
        }

    def whats_new(self) -> str:
        page = WHATS_NEW
        unreleased = None
        if self.unreleased is not None and not self.unreleased.empty:
            unreleased = self.section(page, self.unreleased, released=False)
        return self.templates["whats_new"].render(
            sections=[self.section(page, d) for d in self.diffs],
            unreleased=unreleased,
            feed=self.r_link(page, FEED),
            cite=self.r_link(page, urls.HOW_TO_CITE),
            review=self.r_link(page, urls.REVIEW_STATUS),
        )

    # -- how to cite, review status ---------------------------------------------------------------
    def how_to_cite(self) -> str:
        cite = self.citation
        return self.templates["how_to_cite"].render(
            meta=self.citation_meta(),
            edition=self.latest,
            # Shown in indented code blocks, where Markdown prints every character as it is.
            plain=Markup(cite.plain()),
            bibtex=[Markup(line) for line in cite.bibtex().splitlines()],
            csl=[Markup(line) for line in json.dumps(cite.csl(), ensure_ascii=False, indent=2).splitlines()],
            whats_new=self.r_link(urls.HOW_TO_CITE, WHATS_NEW),
        )

    def review_status(self) -> str:
        page = urls.REVIEW_STATUS
        ordered = sorted(self.reviews.values(), key=lambda p: (not p.overdue, -(p.age or 0), p.page))
        rows = [
            {
                "link": Markup(f"[{escape.md(p.title)}]({self.r_link(page, p.page)})"),
                "reviewed": str(p.last_reviewed or "missing"),
                "searched": p.searched_up_to or "–",
                "age": "–" if p.age is None else str(p.age),
                "overdue": p.overdue,
            }
            for p in ordered
        ]
        return self.templates["review_status"].render(
            interval=self.site.config.review_interval,
            build_date=self.r.build_date,
            overdue=[row for row in rows if row["overdue"]],
            rows=rows,
        )

    def files(self) -> dict[str, bytes]:
        """The feed and every edition's downloads."""
        self._history.dates()  # git is done with even when no page needed the dates
        config = self.site.config
        updated = self.latest.date if self.latest else self.r.build_date
        if not reviewdates.parse_build_date(updated):
            updated = "1970-01-01"
        items = feeds.entries(config.site_name, self.diffs, self.live, set(self.r.cites.refs))
        out = {FEED: feeds.atom(config.site_name, config.site_url, updated, items).encode("utf-8")}
        for disease in self.site.diseases:
            path = urls.condition_feed(disease.slug)
            mine = [item for item in items if disease.slug in item.conditions]
            text = feeds.atom(config.site_name, config.site_url, updated, mine, topic=disease.record.title, path=path)
            out[path] = text.encode("utf-8")
        for edition in self.editions:
            out.update(editions.files(edition, config.root / ".cache" / "editions"))
        return out


def whats_new(ctx: Context, page: Page) -> str:
    return ctx.living.whats_new()


def how_to_cite(ctx: Context, page: Page) -> str:
    return ctx.living.how_to_cite()


def review_status(ctx: Context, page: Page) -> str:
    return ctx.living.review_status()


__all__ = ["FEED", "HOW_TO_CITE", "WHATS_NEW", "Living", "how_to_cite", "review_status", "whats_new"]


def _status_words(status: str) -> str:
    """A citation-check status as readers read it elsewhere on the site ('registry-confirmed'), never its key."""
    return ledger.LABELS.get(status, status.replace("_", " ")).lower()
