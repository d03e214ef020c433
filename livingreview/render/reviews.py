"""A page per source review (the studies it reports, its own reference list) and their index."""

from __future__ import annotations

import re
from collections import defaultdict

from markupsafe import Markup

from livingreview import escape, urls
from livingreview.citing import review_lists
from livingreview.model import Study
from livingreview.pages import Page
from livingreview.refs import format as refformat
from livingreview.refs.latex import latex_to_text
from livingreview.render.context import Context


def _number_key(text: str) -> tuple[int, str]:
    digits = re.match(r"\d+", text.strip())
    return (int(digits.group(0)) if digits else 10**6, text)


def reported(ctx: Context) -> dict[str, list[tuple[str, Study]]]:
    """Review key -> (number in the review, study) for every study that review reports."""
    found: dict[str, list[tuple[str, Study]]] = defaultdict(list)
    for study in sorted(ctx.site.studies, key=lambda s: s.id):
        for item in study.record.reported_in:
            found[item.review].append((item.ref, study))
    return found


def review(ctx: Context, page: Page) -> str:
    key: str = page.subject
    path, cites = page.path, ctx.cites
    ref = cites.refs.get(key)
    rows = sorted(reported(ctx)[key], key=lambda item: (_number_key(item[0]), item[1].id))
    studies = [
        {
            "ref": number,
            "study": Markup(f"[{escape.md(s.record.title)}]({urls.relative(path, s.output)})"),
            "paper": cites.cite(path, s.record.reference) or Markup("not identified"),
        }
        for number, s in rows
    ]
    own = [
        {
            "numbers": ", ".join(numbers),
            "cite": cites.cite(path, r.key),
            "text": escape.md(cites.full(r)),
            "note": escape.md(latex_to_text(r.get("note"))),
        }
        for r, numbers in review_lists(ctx.site).get(key, [])
    ]
    return ctx.templates["review"].render(
        label=refformat.short(ref) if ref else key,
        cite=cites.cite(path, key),
        text=escape.md(cites.full(ref)) if ref else "",
        note=escape.md(latex_to_text(ref.get("note"))) if ref else "",
        studies=studies,
        own=own,
        references=cites.reference_list(path),
        banner=cites.banner(path),
    )


def index(ctx: Context, page: Page) -> str:
    by_review = reported(ctx)
    lists = review_lists(ctx.site)
    summaries = []
    for key in ctx.map.reviews:
        ref = ctx.cites.refs.get(key)
        summaries.append(
            {
                "label": refformat.short(ref) if ref else key,
                "link": urls.relative(page.path, urls.review(key)),
                "studies": len(by_review[key]),
                "own": len(lists.get(key, [])),
            }
        )
    return ctx.templates["reviews"].render(reviews=summaries)


__all__ = ["index", "review"]
