"""Citation health: every reference's status and the evidence for it, and the last external link check."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from livingreview import escape
from livingreview.pages import Page
from livingreview.refs import format as refformat
from livingreview.refs import ledger
from livingreview.render.context import Context


def _evidence(record: ledger.Record) -> str:
    evidence: list[str] = []
    for check in record.registry_checks:
        ident = ", ".join(f"{k.upper()} {v}" for k, v in check.identifier.items())
        text = f"{ident}: {ledger.OUTCOME_WORDS[check.outcome]} ({check.place}"
        if check.scores:
            text += ", title {title:.2f}, author {author:.2f}, year {year:.1f}".format(
                title=check.scores.get("title", 0),
                author=check.scores.get("author", 0),
                year=check.scores.get("year", 0),
            )
        evidence.append(str(escape.cell(text + ")")))
    for check in record.page_checks:
        shown = ledger.field_words(check.confirmed) or "nothing confirmed"
        evidence.append(f"[{escape.md(check.place)}]({ledger.link_target(check.url)}): {escape.md(shown)}")
    return "; ".join(evidence)


def _links(report: dict[str, Any]) -> tuple[list[tuple[str, int]], list[dict[str, Any]]]:
    counts: dict[str, int] = {}
    broken = []
    for url, item in sorted(report.get("links", {}).items()):
        counts[item.get("status", "?")] = counts.get(item.get("status", "?"), 0) + 1
        if item.get("status") in ("broken", "error"):
            broken.append({"url": url, "detail": item.get("detail", ""), "sources": item.get("sources", [])})
    return sorted(counts.items()), broken


def render(ctx: Context, page: Page) -> str:
    site = ctx.site
    statuses: list[str] = []
    rows = []
    order = {status: n for n, status in enumerate(ledger.STATUSES)}
    for ref in sorted(site.references, key=lambda r: (order[site.status(r.key)], r.key)):
        record = site.ledger.record(ref.key)
        statuses.append(record.status)
        rows.append(
            {
                "cite": ctx.cites.cite(page.path, ref.key),
                "label": refformat.short(ref),
                "status": record.text(),
                "checked": record.checked,
                "evidence": Markup(_evidence(record) or "–"),
            }
        )
    dates = [r.checked for r in site.ledger.entries.values() if r.checked]
    link_counts, broken = _links(site.links_report)
    return ctx.templates["citation_health"].render(
        counts=ledger.counts(statuses),
        rows=rows,
        last=max(dates) if dates else "",
        link_counts=link_counts,
        links_checked=site.links_report.get("checked", ""),
        broken=broken,
    )


__all__ = ["render"]
