"""The entities readers browse by (MSC source, cargo, model species, study type, engineering strategy).

Every grouping is built in one pass over the studies with dictionaries, so the cost grows with the
number of records, not with its square.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

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


def _sources(study: Study) -> Iterable[tuple[str, str]]:
    return [(s.tissue, "") for s in study.record.sources if s.tissue]


def _cargo(study: Study) -> Iterable[tuple[str, str]]:
    return [(c.name, c.kind) for c in study.record.cargo]


def _species(study: Study) -> Iterable[tuple[str, str]]:
    return [(m.species, "") for m in study.record.models if m.species]


def _types(study: Study) -> Iterable[tuple[str, str]]:
    return [(t, "") for t in study.record.study_type]


def _strategies(study: Study) -> Iterable[tuple[str, str]]:
    return [(study.record.engineered.strategy, "")] if study.record.engineered else []


KINDS: tuple[Kind, ...] = (
    Kind("source", "MSC sources", "sources", _sources),
    Kind("cargo", "Cargo", "cargo", _cargo),
    Kind("species", "Model species", "species", _species),
    Kind("study_type", "Study types", "study-types", _types),
    Kind("strategy", "Engineering strategies", "engineering", _strategies),
)
BY_KEY = {k.key: k for k in KINDS}


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
