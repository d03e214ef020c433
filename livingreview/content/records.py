"""The study record and vocabulary models of one review, built from its profile at load time.

:func:`build` turns a :class:`~livingreview.content.profile.Profile` into pydantic models (nested
ones too) that validate exactly as hand-written classes would: ``extra="forbid"``, the same text
lengths, numbers and lists, a description on every field. :func:`located` walks a record along a
field path, which is how vocabulary checks, entity kinds and facets read the review's own fields.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, create_model

from livingreview.content import profile as profile_file
from livingreview.content import schema
from livingreview.content.frontmatter import Document, parse_yaml
from livingreview.content.profile import FieldSpec, Profile
from livingreview.content.schema import CORE_HEAD, Schema, StudyRecord, Vocabularies

_SCALARS: dict[str, Any] = {
    "text": schema.ShortText,
    "long text": schema.Text,
    "number": float,
    "integer": int,
    "slug": schema.Slug,
}

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class ReviewProfile:
    """A checked profile and the models built from it."""

    spec: Profile
    study: type[StudyRecord]
    vocabularies: type[Vocabularies]
    nested: tuple[type[Schema], ...]
    """The object models of the record, depth first, in declaration order."""
    order: tuple[str, ...]
    """The record's fields as contributors see them: id, title, conditions, the profile's, the rest."""
    doc: Document | None = None
    """The profile file as read (for the lines of later diagnostics about it)."""

    def uses(self) -> list[tuple[tuple[str, ...], FieldSpec]]:
        """Every field that takes its values from a vocabulary, with its path."""
        return [(path, spec) for path, spec in self.spec.walk() if spec.vocabulary]


def build(spec: Profile, doc: Document | None = None) -> ReviewProfile:
    nested: list[type[Schema]] = []

    def fields_of(declared: dict[str, FieldSpec]) -> dict[str, Any]:
        return {name: _field(field, nested) for name, field in declared.items()}

    record_fields = fields_of(spec.fields)
    study = create_model(
        "StudyRecord", __base__=StudyRecord, __doc__=StudyRecord.__doc__, __module__=__name__, **record_fields
    )
    vocab_fields: dict[str, Any] = {
        name: (
            dict[schema.Slug, schema.ShortText] if v.labelled else list[schema.ShortText],
            Field(description=v.description),
        )
        for name, v in spec.vocabularies.items()
    }
    vocabularies = create_model(
        "Vocabularies", __base__=Vocabularies, __doc__=Vocabularies.__doc__, __module__=__name__, **vocab_fields
    )
    tail = tuple(n for n in StudyRecord.model_fields if n not in CORE_HEAD)
    order = (*CORE_HEAD, *spec.fields, *tail)
    return ReviewProfile(spec, study, vocabularies, tuple(nested), order, doc)


def _field(spec: FieldSpec, nested: list[type[Schema]]) -> tuple[Any, Any]:
    """(annotation, Field) of one declared field; object fields add their model (and its own) to ``nested``."""
    item: Any
    if spec.type == "object":
        at = len(nested)
        inner: dict[str, Any] = {name: _field(field, nested) for name, field in spec.fields.items()}
        model = create_model(spec.model or "Object", __base__=Schema, __doc__=spec.about, __module__=__name__, **inner)
        nested.insert(at, model)
        item = model
    else:
        item = _SCALARS[spec.type]
    listed: Any = list.__class_getitem__(item)
    info: dict[str, Any] = {"description": spec.description}
    if spec.count == "many":
        if spec.required:
            return listed, Field(min_length=1, **info)
        return listed, Field(default_factory=list, **info)
    annotation: Any = item | listed if spec.count == "one-or-many" else item
    if spec.required:
        return annotation, Field(**info)
    return annotation | None, Field(None, **info)


def located(value: Any, path: tuple[str, ...], loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    """(location, value) for every value at ``path`` under ``value``, lists flattened, empty values skipped.

    A one-or-many field written as a single object has no index in its location, as in the file.
    """
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield from located(item, path, (*loc, i))
        return
    if value is None:
        return
    if not path:
        yield loc, value
        return
    name = path[0]
    yield from located(getattr(value, name), path[1:], (*loc, name))


def values(record: Any, path: str) -> list[Any]:
    """The values at a dotted path, in record order."""
    return [v for _, v in located(record, tuple(path.split(".")))]


def from_folder(content: Path) -> ReviewProfile | None:
    """The profile in ``content/profile.yaml`` when it loads without problems (for commands that need
    only the profile, e.g. ``fields`` and ``new-study``'s flags), else None."""
    path = content / "profile.yaml"
    if not path.is_file():
        return None
    data, lines, problems = parse_yaml("content/profile.yaml", path.read_text(encoding="utf-8"))
    if problems or not isinstance(data, dict):
        return None
    doc = Document("content/profile.yaml", data, "", 1, lines)
    spec, found = profile_file.load(doc)
    return build(spec, doc) if spec is not None and not found else None
