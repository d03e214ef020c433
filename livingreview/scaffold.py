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
from livingreview.content.profile import FieldSpec
from livingreview.content.records import ReviewProfile
from livingreview.content.schema import SLUG_PATTERN
from livingreview.diagnostics import Diagnostic, did_you_mean, error

NO_REVIEW = "none"
"""The answer to 'reported in' for a paper found directly, which no review describes."""


@dataclass(frozen=True, slots=True)
class StudyRequest:
    """What the contributor said; ``None`` means 'not given' and becomes a placeholder."""

    id: str
    title: str
    conditions: tuple[str, ...] | None = None
    reference: str | None = None
    reported_in: tuple[tuple[str, str], ...] | None = None
    """``()`` means: no review describes the study (a paper found directly)."""
    fields: dict[str, str | tuple[str, ...]] = field(default_factory=dict)
    """Answers for the fields the profile asks for (``ask:``), by field name."""


@dataclass(frozen=True, slots=True)
class Choices:
    """What answers may name: existing ids, condition slugs, vocabulary values and BibTeX keys."""

    ids: frozenset[str] = frozenset()
    conditions: tuple[str, ...] = ()
    vocabularies: dict[str, tuple[str, ...]] = field(default_factory=dict)
    keys: tuple[str, ...] = ()
    bib_path: str = "references.bib"
    profile: ReviewProfile | None = None


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
        vocabularies={name: tuple(vocab.allowed(name)) for name in vocab.names()} if vocab else {},
        keys=tuple(sorted(r.key for r in site.references)),
        bib_path=site.bib_path,
        profile=site.profile,
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


def field_parser(name: str, spec: FieldSpec) -> Callable[[str, Choices], object]:
    """The parser of an answer for a profile field: its vocabulary's values, one or a comma-separated list."""
    what = spec.what(name)

    def one(value: str, c: Choices) -> str:
        if not value:
            raise Invalid(f"name a {what}")
        if spec.vocabulary is None:
            return value
        return _one_of(value, c.vocabularies.get(spec.vocabulary, ()), what, f"vocabulary '{spec.vocabulary}'")

    def parse(answer: str, c: Choices) -> object:
        if spec.count == "one":
            return one(answer.strip(), c)
        values = _items(answer)
        if not values:
            raise Invalid(f"name at least one {what}")
        return tuple(one(v, c) for v in values)

    return parse


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


def questions(profile: ReviewProfile | None) -> tuple[Question, ...]:
    """What new-study asks, in order: id, title, conditions, the profile's ``ask:`` fields, the sources."""
    asked = profile.spec.asked() if profile else []
    return (
        Question("id", "Study id (<firstauthor>-<year>-<topic>)", parse_id, required=True),
        Question("title", "Short title in your own words", parse_title, required=True),
        Question("conditions", "Condition slug(s), comma-separated", parse_conditions),
        *(Question(name, spec.ask.prompt, field_parser(name, spec)) for name, spec in asked if spec.ask),
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
        core = ("id", "title", "conditions", "reference", "reported_in")
        return StudyRequest(
            id=str(v["id"]),
            title=str(v["title"]),
            conditions=v.get("conditions"),  # type: ignore[arg-type]
            reference=v.get("reference"),  # type: ignore[arg-type]
            reported_in=v.get("reported_in"),  # type: ignore[arg-type]
            fields={k: x for k, x in v.items() if k not in core and x is not None},  # type: ignore[misc]
        )


class _Dumper(yaml.SafeDumper):
    """Lists of plain values in flow style (``[a, b]``), mappings in block style, as the records are."""


def _list(dumper: yaml.SafeDumper, data: list[object]) -> yaml.Node:
    flow = all(isinstance(item, str | int | float) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _list)


_LISTED_CORE = ("first_author", "year")
"""Core fields new-study does not write but names in its comment."""


def render(request: StudyRequest, profile: ReviewProfile | None = None) -> str:
    """The record, with ``FILL-IN`` for every value not given, in ``fmt``'s layout."""
    asked = profile.spec.asked() if profile else []
    meta: dict[str, object] = {
        "id": request.id,
        "title": request.title,
        "conditions": list(request.conditions) if request.conditions else [PLACEHOLDER],
    }
    for name, spec in asked:
        value = request.fields.get(name)
        if spec.count == "one":
            meta[name] = value or PLACEHOLDER
        else:
            meta[name] = list(value) if value else [PLACEHOLDER]
    meta["reference"] = request.reference or PLACEHOLDER
    if request.reported_in is None:
        meta["reported_in"] = [{"review": PLACEHOLDER, "ref": PLACEHOLDER}]
    elif request.reported_in:
        meta["reported_in"] = [{"review": r, "ref": n} for r, n in request.reported_in]
    front = yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)
    comments = f"# Replace every {PLACEHOLDER}, or delete an optional field the source is silent on.\n"
    comments += _optional_fields(profile, set(meta))
    order = profile.order if profile else tuple(meta)
    return fmt.format_document(f"---\n{front}{comments}---\n{SUMMARY}\n", order)


def _optional_fields(profile: ReviewProfile | None, written: set[str]) -> str:
    """Comment lines naming the fields not written, with their nested fields: ``sample {name, size}``."""
    items = []
    for name, spec in profile.spec.fields.items() if profile else ():
        if name in written:
            continue
        inner = ", ".join(spec.fields)
        if spec.type == "object":
            items.append(f"{name} [{{{inner}}}]" if spec.count == "many" else f"{name} {{{inner}}}")
        else:
            items.append(f"{name} [..]" if spec.count == "many" else name)
    items += [name for name in _LISTED_CORE if name not in written]
    lines, line = [], "# Optional fields (see CONTRIBUTING.md):"
    for i, item in enumerate(items):
        piece = item + ("," if i < len(items) - 1 else "")
        if len(line) + 1 + len(piece) > 100:
            lines.append(line)
            line = "#"
        line += " " + piece
    return "\n".join([*lines, line]) + "\n"


def new_study(
    root: Path, request: StudyRequest, profile: ReviewProfile | None = None
) -> tuple[Path | None, list[Diagnostic]]:
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
        handle.write(render(request, profile))
    return target, []
