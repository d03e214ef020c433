"""The entities readers browse by, as the review's profile declares them (``entities`` in
``content/profile.yaml``: a key, a title, a folder and the field path that names them).

Every grouping is built in one pass over the studies with dictionaries, so the cost grows with the
number of records, not with its square.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from livingreview.content import records
from livingreview.content.profile import EntityKind
from livingreview.content.records import ReviewProfile
from livingreview.model import Site, Study


@dataclass(slots=True)
class Entity:
    kind: str
    name: str
    slug: str
    detail: str = ""
    studies: list[Study] = field(default_factory=list)

    @property
    def conditions(self) -> list[str]:
        seen: dict[str, None] = {}
        for study in self.studies:
            for slug in study.record.conditions:
                seen.setdefault(slug)
        return list(seen)


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of entity: where its pages go and how a study names its entities."""

    key: str
    title: str
    folder: str
    names: Callable[[Study], Iterable[tuple[str, str]]]
    """(name, detail) pairs a study mentions."""


@lru_cache(maxsize=100_000)
def slugify(name: str) -> str:
    """'miR-199a-3p' -> 'mir-199a-3p', '14-3-3ζ' -> '14-3-3zeta', "Wharton's jelly" -> 'whartons-jelly'."""
    spelled = "".join(
        unicodedata.name(c, "").split()[-1].lower()
        if unicodedata.category(c).startswith("L") and not c.isascii()
        else c
        for c in name
    )
    ascii_text = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.replace("'", "")).strip("-") or "x"


def _names(entity: EntityKind) -> Callable[[Study], Iterable[tuple[str, str]]]:
    """A study's (name, detail) pairs at the entity kind's field path."""
    parent, _, leaf = entity.name.rpartition(".")
    holders = tuple(parent.split(".")) if parent else ()

    def names(study: Study) -> Iterable[tuple[str, str]]:
        found = []
        for _, holder in records.located(study.record, holders):
            for _, name in records.located(holder, (leaf,)):
                detail = getattr(holder, entity.detail) if entity.detail else None
                found.append((str(name), "" if detail is None else str(detail)))
        return found

    return names


def kinds(review: ReviewProfile | None) -> tuple[Kind, ...]:
    """The entity kinds the profile declares (built once per profile)."""
    return _built(review)[0]


def by_key(review: ReviewProfile | None) -> dict[str, Kind]:
    return _built(review)[1]


_last: tuple[ReviewProfile | None, tuple[Kind, ...], dict[str, Kind]] = (None, (), {})


def _built(review: ReviewProfile | None) -> tuple[tuple[Kind, ...], dict[str, Kind]]:
    global _last
    if _last[0] is not review:
        found = tuple(Kind(e.key, e.title, e.folder, _names(e)) for e in review.spec.entities) if review else ()
        _last = (review, found, {k.key: k for k in found})
    return _last[1], _last[2]


def group(site: Site, kind: Kind) -> dict[str, Entity]:
    """Entities of one kind keyed by slug, each with its studies (sorted by id), names as first written."""
    found: dict[str, Entity] = {}
    for study in sorted(site.studies, key=lambda s: s.id):
        for name, detail in kind.names(study):
            slug = slugify(name)
            entity = found.setdefault(slug, Entity(kind.key, name, slug, detail))
            if not entity.studies or entity.studies[-1] is not study:
                entity.studies.append(study)
    return dict(sorted(found.items(), key=lambda item: item[1].name.lower()))


def page(kind: Kind, slug: str) -> str:
    return f"{kind.folder}/{slug}.md"
