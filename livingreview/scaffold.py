"""``new-study``: write a new study record, never inventing a value.

Every value the contributor gives is checked as it is given (against the vocabularies, the disease
pages and the bibliography); every value not given is written as the placeholder ``FILL-IN``, which
``check`` rejects at its line until a person replaces it. The file is written in ``fmt``'s layout.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from livingreview import config, fmt
from livingreview.content import loader
from livingreview.content.placeholders import PLACEHOLDER as PLACEHOLDER
from livingreview.content.placeholders import SUMMARY
from livingreview.content.schema import SLUG_PATTERN, StudyRecord
from livingreview.diagnostics import Diagnostic, did_you_mean, error

NO_REVIEW = "none"
"""The answer to 'reported in' for a paper found directly, which no review describes."""


@dataclass(frozen=True, slots=True)
class StudyRequest:
    """What the contributor said; ``None`` means 'not given' and becomes a placeholder."""

    id: str
    title: str
    conditions: tuple[str, ...] | None = None
    agent: str | None = None
    study_type: tuple[str, ...] | None = None
    reference: str | None = None
    reported_in: tuple[tuple[str, str], ...] | None = None
    """``()`` means: no review describes the study (a paper found directly)."""


@dataclass(frozen=True, slots=True)
class Choices:
    """What answers may name: existing ids, condition slugs, vocabulary values and BibTeX keys."""

    ids: frozenset[str] = frozenset()
    conditions: tuple[str, ...] = ()
    agents: tuple[str, ...] = ()
    study_types: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    bib_path: str = "references.bib"


def choices(root: Path) -> Choices:
    """The site's current ids, conditions, vocabularies and keys (empty where a file is missing)."""
    cfg, _ = config.load(root)
    if cfg is None:
        return Choices()
    site, _ = loader.load(cfg)
    vocab = site.vocab
    return Choices(
        ids=frozenset(p.stem for p in (cfg.content_dir / "studies").glob("*.md")),
        conditions=tuple(sorted(d.slug for d in site.diseases)),
        agents=tuple(vocab.agents) if vocab else (),
        study_types=tuple(vocab.study_types) if vocab else (),
        keys=tuple(sorted(r.key for r in site.references)),
        bib_path=site.bib_path,
    )


class Invalid(ValueError):
    """An answer that cannot be used; the message says why and what would do."""


def _items(answer: str) -> list[str]:
    return [a.strip() for a in answer.split(",") if a.strip()]


def _one_of(value: str, allowed: tuple[str, ...], what: str, where: str) -> str:
    if not allowed or value in allowed:
        return value
    near = did_you_mean(value, allowed)
    listing = ", ".join(allowed) if len(allowed) <= 12 else ", ".join(allowed[:12]) + ", ..."
    raise Invalid(f"'{value}' is not a known {what}" + (f"; {near}" if near else "") + f" ({where}: {listing})")


def parse_id(answer: str, c: Choices) -> str:
    value = answer.strip()
    if not re.fullmatch(SLUG_PATTERN, value) or len(value) > 80:
        raise Invalid(f"'{value}' is not a valid study id: use lowercase letters, digits and single hyphens")
    if value in c.ids:
        raise Invalid(f"a study with id '{value}' already exists; choose another id")
    return value


def parse_title(answer: str, _: Choices) -> str:
    value = " ".join(answer.split())
    if not value or len(value) > 200 or re.search(r"[<>&]", value):
        raise Invalid("a title is 1 to 200 characters without <, > or & (write 'and')")
    return value


def parse_conditions(answer: str, c: Choices) -> tuple[str, ...]:
    values = _items(answer)
    if not values:
        raise Invalid("name at least one condition slug")
    return tuple(_one_of(v, c.conditions, "condition", "disease pages") for v in values)


def parse_agent(answer: str, c: Choices) -> str:
    return _one_of(answer.strip(), c.agents, "agent", "vocabulary 'agents'")


def parse_study_type(answer: str, c: Choices) -> tuple[str, ...]:
    values = _items(answer)
    if not values:
        raise Invalid("name at least one study type")
    return tuple(_one_of(v, c.study_types, "study type", "vocabulary 'study_types'") for v in values)


def parse_reference(answer: str, c: Choices) -> str:
    value = answer.strip()
    if c.keys and value not in c.keys:
        near = did_you_mean(value, c.keys)
        raise Invalid(
            f"'{value}' is not a key in {c.bib_path}"
            + (f"; {near}" if near else "")
            + f" (add the paper to {c.bib_path} first, or leave it out and fill it in later)"
        )
    return value


def parse_reported_in(answer: str, c: Choices) -> tuple[tuple[str, str], ...]:
    if answer.strip().lower() == NO_REVIEW:
        return ()
    found = []
    for item in _items(answer):
        review, sep, number = item.partition(":")
        review, number = review.strip(), number.strip()
        if not sep or not review or not number:
            raise Invalid(f"'{item}' is not REVIEWKEY:NUMBER, e.g. heo2018mesenchymal:52")
        parse_reference(review, c)
        found.append((review, number))
    if not found:
        raise Invalid(f"give REVIEWKEY:NUMBER, or '{NO_REVIEW}' when no review describes the study")
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Question:
    name: str
    text: str
    parse: Callable[[str, Choices], object]
    required: bool = False
    """Required answers cannot be left as a placeholder (the file needs an id and a title)."""


QUESTIONS: tuple[Question, ...] = (
    Question("id", "Study id (<firstauthor>-<year>-<topic>)", parse_id, required=True),
    Question("title", "Short title in your own words", parse_title, required=True),
    Question("conditions", "Condition slug(s), comma-separated", parse_conditions),
    Question("agent", "What was given (agent)", parse_agent),
    Question("study_type", "Study type(s), comma-separated", parse_study_type),
    Question("reference", "BibTeX key of the primary paper", parse_reference),
    Question(
        "reported_in",
        f"Reported in (REVIEWKEY:NUMBER, comma-separated; '{NO_REVIEW}' if no review describes it)",
        parse_reported_in,
    ),
)


@dataclass(slots=True)
class Answers:
    values: dict[str, object] = field(default_factory=dict)

    def request(self) -> StudyRequest:
        v = self.values
        return StudyRequest(
            id=str(v["id"]),
            title=str(v["title"]),
            conditions=v.get("conditions"),  # type: ignore[arg-type]
            agent=v.get("agent"),  # type: ignore[arg-type]
            study_type=v.get("study_type"),  # type: ignore[arg-type]
            reference=v.get("reference"),  # type: ignore[arg-type]
            reported_in=v.get("reported_in"),  # type: ignore[arg-type]
        )


class _Dumper(yaml.SafeDumper):
    """Lists of plain values in flow style (``[a, b]``), mappings in block style, as the records are."""


def _list(dumper: yaml.SafeDumper, data: list[object]) -> yaml.Node:
    flow = all(isinstance(item, str | int | float) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _list)


def render(request: StudyRequest) -> str:
    """The record, with ``FILL-IN`` for every value not given, in ``fmt``'s layout."""
    meta: dict[str, object] = {
        "id": request.id,
        "title": request.title,
        "conditions": list(request.conditions) if request.conditions else [PLACEHOLDER],
        "agent": request.agent or PLACEHOLDER,
        "study_type": list(request.study_type) if request.study_type else [PLACEHOLDER],
        "reference": request.reference or PLACEHOLDER,
    }
    if request.reported_in is None:
        meta["reported_in"] = [{"review": PLACEHOLDER, "ref": PLACEHOLDER}]
    elif request.reported_in:
        meta["reported_in"] = [{"review": r, "ref": n} for r, n in request.reported_in]
    front = yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)
    comments = (
        f"# Replace every {PLACEHOLDER}, or delete an optional field the source is silent on.\n"
        "# Optional fields (see CONTRIBUTING.md): ev_type, msc_source {tissue, species},\n"
        "# models [{species, model, cell_line}], cargo [{name, kind}], engineered {strategy, detail},\n"
        "# route [..], dose {value, unit, note}, mechanism, outcomes [..], first_author, year\n"
    )
    return fmt.format_document(f"---\n{front}{comments}---\n{SUMMARY}\n", tuple(StudyRecord.model_fields))


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
