"""The review's profile, ``content/profile.yaml``: what a study record of this review holds, and how
the site groups and shows the studies.

The generator knows only the fields every living review of studies has (id, title, conditions,
first_author, year, reference, reported_in, distinct_from: :class:`~livingreview.content.schema.StudyRecord`).
The profile declares the rest: the record's own fields (type, count, required, vocabulary,
description, nested fields), which vocabularies ``content/vocabularies.yaml`` holds, the entity kinds
readers browse by, the facets of the evidence tables, their columns (each rendered by a template
macro), the axes of the evidence map, and what counts as the review's primary evidence. It is read
and checked before any record; every problem is ``E-PROFILE`` at its line, with a hint.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from livingreview.content.frontmatter import Document
from livingreview.content.schema import RESERVED_MODELS, StudyRecord
from livingreview.diagnostics import Diagnostic, did_you_mean, error

CODE = "E-PROFILE"
FIELD_TYPES = ("text", "long text", "number", "integer", "slug", "object")
"""text: up to 300 characters; long text: up to 2,000; slug: lowercase-and-hyphens; object: nested fields."""
COUNTS = ("one", "many", "one-or-many")
BUILTIN_FACETS = ("group", "evidence")
"""``group``: the organ system (the vocabulary ``organ_systems``) of the study's conditions;
``evidence``: whether the study is the review's primary evidence (named by its label) or comparison material."""
CORE_VOCABULARIES = ("organ_systems",)
"""Vocabularies every review has: organ systems group the condition pages."""

Name = Annotated[str, StringConstraints(pattern=r"^[a-z_][a-z0-9_]*$", max_length=60)]
Path_ = Annotated[str, StringConstraints(pattern=r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$", max_length=200)]
Label = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
ModelName = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Za-z0-9]*$", max_length=60)]
FolderName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=60)]


class Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True)


class Ask(Spec):
    """``new-study`` asks for this field, and takes ``--<field-name>`` (``_`` as ``-``) on its command line."""

    prompt: Label = Field(description="The question asked in a terminal.")
    help: str = Field("", description="The flag's help text.")


class FieldSpec(Spec):
    """One field of the study record (or of an object inside it)."""

    type: Literal["text", "long text", "number", "integer", "slug", "object"]
    count: Literal["one", "many", "one-or-many"] = "one"
    required: bool = False
    vocabulary: Name | None = None
    label: Label | None = None
    """What a value is called in messages ("is not a known study design"); default: the name, spaced."""
    description: Label
    ask: Ask | None = None
    model: ModelName | None = None
    """Name of an object's schema, as the field reference and validation messages show it."""
    about: str = ""
    """One sentence on an object, shown above its fields in the field reference."""
    fields: dict[Name, FieldSpec] = Field(default_factory=dict)

    def what(self, name: str) -> str:
        return self.label or name.replace("_", " ")


class VocabularySpec(Spec):
    """A list of values in ``content/vocabularies.yaml``, or (``labelled``) a mapping slug: display name."""

    labelled: bool = False
    description: Label


class EntityKind(Spec):
    """A kind of entity readers browse by: an index page, one page per name a study mentions."""

    key: Name
    title: Label
    folder: FolderName
    name: Path_
    """Field path giving the names, e.g. ``interventions.name``."""
    detail: Name | None = None
    """A field beside the name (same object) shown on the index, e.g. ``kind``."""


class Facet(Spec):
    """A menu above every evidence table: the values at a field path, or a built-in."""

    name: Label
    field: Path_ | None = None
    builtin: Literal["group", "evidence"] | None = None
    primary: Path_ | None = None
    """For primary evidence, show the value of this field instead, when the record has one."""


class TableColumn(Spec):
    """A column of every evidence table, rendered by a macro of ``templates/``."""

    heading: Label
    macro: Name
    field: Path_ | None = None
    entity: Name | None = None
    """Entity kind the cell links to."""


class MapAxis(Spec):
    """The columns of one evidence map: the values at a field path."""

    field: Path_
    entity: Name | None = None
    """One column per entity of this kind (else per vocabulary value, in vocabulary order)."""
    facet: Label | None = None
    """The facet a cell's link filters on."""


class EvidenceMap(Spec):
    conditions: MapAxis
    """Condition x these values."""
    groups: MapAxis
    """Organ system x these values."""


class PrimaryEvidence(Spec):
    """Records whose ``field`` equals ``value`` are the review's evidence; others are comparison material."""

    field: Name
    value: Label


class Profile(Spec):
    """``content/profile.yaml``."""

    vocabularies: dict[Name, VocabularySpec] = Field(default_factory=dict)
    fields: dict[Name, FieldSpec] = Field(default_factory=dict)
    primary_evidence: PrimaryEvidence | None = None
    entities: list[EntityKind] = Field(default_factory=list)
    facets: list[Facet] = Field(default_factory=list)
    evidence_table: list[TableColumn] = Field(default_factory=list)
    evidence_map: EvidenceMap | None = None

    def resolve(self, path: str) -> FieldSpec | None:
        """The field at a dotted path (``interventions.name``), or None."""
        fields, spec = self.fields, None
        for part in path.split("."):
            spec = fields.get(part)
            if spec is None:
                return None
            fields = spec.fields
        return spec

    def walk(self) -> Iterator[tuple[tuple[str, ...], FieldSpec]]:
        """Every field with its path, depth first, in declaration order."""

        def inner(prefix: tuple[str, ...], fields: dict[str, FieldSpec]) -> Iterator[tuple[tuple[str, ...], FieldSpec]]:
            for name, spec in fields.items():
                yield (*prefix, name), spec
                yield from inner((*prefix, name), spec.fields)

        yield from inner((), self.fields)

    def vocabulary_names(self) -> tuple[str, ...]:
        return (*CORE_VOCABULARIES, *self.vocabularies)

    def asked(self) -> list[tuple[str, FieldSpec]]:
        """Top-level fields ``new-study`` asks for, in order."""
        return [(name, spec) for name, spec in self.fields.items() if spec.ask]


def load(doc: Document) -> tuple[Profile | None, list[Diagnostic]]:
    """Validate the parsed file; the profile, or None with its problems."""
    try:
        profile = Profile.model_validate(doc.meta)
    except ValidationError as exc:
        return None, [_diagnostic(doc, e) for e in exc.errors(include_url=False)]
    found = list(_consistency(profile, doc))
    return (None if found else profile), found


_CHOICES: dict[str, tuple[str, ...]] = {"type": FIELD_TYPES, "count": COUNTS, "builtin": BUILTIN_FACETS}


def _diagnostic(doc: Document, err: Any) -> Diagnostic:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
    name = ".".join(str(p) for p in loc) or "profile"
    line = doc.line_of(*loc)
    kind = err["type"]
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        hint = did_you_mean(str(loc[-1]), allowed) or f"allowed keys: {', '.join(allowed)}"
        return error(doc.path, line, CODE, f"unknown key '{name}'", hint)
    if kind == "missing":
        hint = "see the comments in content/profile.yaml"
        return error(doc.path, line, CODE, f"required key '{name}' is missing", hint)
    value = err.get("input")
    shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
    choices = _CHOICES.get(str(loc[-1]), ()) if loc else ()
    hint = did_you_mean(str(value), choices) if choices and isinstance(value, str) else ""
    if choices and not hint:
        hint = "one of: " + ", ".join(choices)
    return error(doc.path, line, CODE, f"'{name}' = {shown[:60]}: {err['msg']}", hint)


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed in the mapping at ``loc`` of the profile."""
    spec: Any = Profile
    steps = [p for p in loc if not isinstance(p, int)]
    by_container = {"vocabularies": VocabularySpec, "fields": FieldSpec}
    i = 0
    while i < len(steps):
        part = str(steps[i])
        field = spec.model_fields.get(part)
        if field is None:
            return []
        if part in by_container and i + 1 < len(steps):
            spec, i = by_container[part], i + 2
            continue
        nested = _model_in(field.annotation)
        if nested is None:
            return []
        spec, i = nested, i + 1
    return list(spec.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found:
            return found
    return None


def _consistency(profile: Profile, doc: Document) -> Iterator[Diagnostic]:
    """What the types alone cannot say: names that must exist, paths that must resolve."""

    def at(*loc: str | int) -> tuple[str, int]:
        return doc.path, doc.line_of(*loc)

    vocabularies = profile.vocabulary_names()
    for name in profile.vocabularies:
        if name in CORE_VOCABULARIES or name == "aliases":
            yield error(*at("vocabularies", name), CODE, f"vocabulary '{name}' is built in", "remove it here")
    models: dict[str, str] = {}
    for path, spec in profile.walk():
        loc = _field_loc(path)
        dotted = ".".join(path)
        if len(path) == 1 and path[0] in StudyRecord.model_fields:
            yield error(*at(*loc), CODE, f"field '{dotted}' is one every review has", "remove it from the profile")
        elif (len(path) == 1 and hasattr(StudyRecord, path[0])) or path[-1].startswith("model_"):
            yield error(*at(*loc), CODE, f"field name '{dotted}' is taken by the generator", "choose another name")
        if spec.type == "object":
            if not spec.fields:
                yield error(*at(*loc), CODE, f"object field '{dotted}' has no fields", "add `fields:` below it")
            if spec.model is None:
                yield error(*at(*loc), CODE, f"object field '{dotted}' has no model name", "add e.g. `model: Dose`")
            elif spec.model in RESERVED_MODELS or spec.model in models:
                other = models.get(spec.model, "the generator")
                yield error(*at(*loc, "model"), CODE, f"model name '{spec.model}' is used by {other}", "rename it")
            else:
                models[spec.model] = dotted
        elif spec.fields or spec.model:
            yield error(*at(*loc, "type"), CODE, f"field '{dotted}' has nested fields but is not an object", "")
        if spec.vocabulary is not None:
            if spec.type not in ("text", "slug"):
                yield error(*at(*loc, "vocabulary"), CODE, f"a {spec.type} field cannot take a vocabulary", "")
            elif spec.vocabulary not in vocabularies:
                hint = did_you_mean(spec.vocabulary, vocabularies) or f"vocabularies: {', '.join(vocabularies)}"
                yield error(*at(*loc, "vocabulary"), CODE, f"no vocabulary '{spec.vocabulary}'", hint)
        if spec.ask is not None and (len(path) > 1 or spec.type == "object"):
            yield error(*at(*loc, "ask"), CODE, "new-study asks only for top-level fields that are not objects", "")
    yield from _uses(profile, doc)


def _field_loc(path: tuple[str, ...]) -> tuple[str, ...]:
    loc: tuple[str, ...] = ()
    for name in path:
        loc = (*loc, "fields", name)
    return loc


def _uses(profile: Profile, doc: Document) -> Iterator[Diagnostic]:
    """Entity kinds, facets, columns, map axes and primary evidence name fields that exist."""
    paths = [".".join(p) for p, _ in profile.walk()]
    keys = [k.key for k in profile.entities]
    facets = [f.name for f in profile.facets]

    def path_problem(path: str | None, *loc: str | int) -> Iterator[Diagnostic]:
        if path is not None and profile.resolve(path) is None:
            hint = did_you_mean(path, paths) or "a field of the profile, e.g. " + (paths[0] if paths else "design")
            yield error(doc.path, doc.line_of(*loc), CODE, f"'{path}' names no field of the profile", hint)

    def key_problem(key: str | None, *loc: str | int) -> Iterator[Diagnostic]:
        if key is not None and key not in keys:
            hint = did_you_mean(key, keys) or f"entity kinds: {', '.join(keys)}"
            yield error(doc.path, doc.line_of(*loc), CODE, f"no entity kind '{key}'", hint)

    seen: set[str] = set()
    for i, kind in enumerate(profile.entities):
        if kind.key in seen:
            yield error(doc.path, doc.line_of("entities", i, "key"), CODE, f"entity kind '{kind.key}' twice", "")
        seen.add(kind.key)
        yield from path_problem(kind.name, "entities", i, "name")
        parent = kind.name.rpartition(".")[0]
        if kind.detail is not None:
            yield from path_problem(f"{parent}.{kind.detail}" if parent else kind.detail, "entities", i, "detail")
    for i, facet in enumerate(profile.facets):
        if (facet.field is None) == (facet.builtin is None):
            yield error(doc.path, doc.line_of("facets", i), CODE, "a facet has either `field` or `builtin`", "")
        yield from path_problem(facet.field, "facets", i, "field")
        yield from path_problem(facet.primary, "facets", i, "primary")
    for i, column in enumerate(profile.evidence_table):
        yield from path_problem(column.field, "evidence_table", i, "field")
        yield from key_problem(column.entity, "evidence_table", i, "entity")
    if profile.evidence_map is not None:
        for axis_name in ("conditions", "groups"):
            axis: MapAxis = getattr(profile.evidence_map, axis_name)
            yield from path_problem(axis.field, "evidence_map", axis_name, "field")
            yield from key_problem(axis.entity, "evidence_map", axis_name, "entity")
            if axis.facet is not None and axis.facet not in facets:
                hint = did_you_mean(axis.facet, facets) or f"facets: {', '.join(facets)}"
                line = doc.line_of("evidence_map", axis_name, "facet")
                yield error(doc.path, line, CODE, f"no facet named '{axis.facet}'", hint)
    primary = profile.primary_evidence
    if primary is not None:
        yield from path_problem(primary.field, "primary_evidence", "field")
