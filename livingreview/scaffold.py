"""``new-study``: write a new study record from flags, refusing an id that exists or is invalid."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from livingreview.content.schema import SLUG_PATTERN
from livingreview.diagnostics import Diagnostic, error


@dataclass(frozen=True, slots=True)
class StudyRequest:
    id: str
    title: str
    conditions: tuple[str, ...] = ()
    agent: str = "msc-ev"
    study_type: tuple[str, ...] = ()
    reference: str | None = None
    reported_in: tuple[tuple[str, str], ...] = ()


def render(request: StudyRequest) -> str:
    meta: dict[str, object] = {
        "id": request.id,
        "title": request.title,
        "conditions": list(request.conditions) or ["CONDITION-SLUG"],
        "agent": request.agent,
        "study_type": list(request.study_type) or ["animal"],
    }
    if request.reference:
        meta["reference"] = request.reference
    meta["reported_in"] = [{"review": r, "ref": n} for r, n in request.reported_in] or [
        {"review": "REVIEW-KEY", "ref": "NUMBER"}
    ]
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    comments = (
        "# Optional fields (see CONTRIBUTING.md): ev_type, msc_source {tissue, species},\n"
        "# models [{species, model, cell_line}], cargo [{name, kind}], engineered {strategy, detail},\n"
        "# route [..], dose {value, unit, note}, mechanism, outcomes [..], first_author, year\n"
    )
    return f"---\n{front}{comments}---\nSummary in your own words: what was given, to which model, and what changed.\n"


def new_study(root: Path, request: StudyRequest) -> tuple[Path | None, list[Diagnostic]]:
    target = root / "content" / "studies" / f"{request.id}.md"
    rel = f"content/studies/{request.id}.md"
    if not re.fullmatch(SLUG_PATTERN, request.id) or len(request.id) > 80:
        return None, [
            error(
                rel,
                0,
                "E-SLUG",
                f"'{request.id}' is not a valid study id",
                "use lowercase letters, digits and single hyphens: <firstauthor>-<year>-<topic>",
            )
        ]
    if target.exists():
        return None, [error(rel, 0, "E-EXISTS", f"a study with id '{request.id}' already exists", "choose another id")]
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write(render(request))
    return target, []
