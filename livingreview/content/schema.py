"""The schemas of every content file, one class per kind, a description on every field.

The contributor's field reference (CONTRIBUTING.md) is generated from these classes by
``python build_site.py fields``, so the documentation cannot drift from what is validated.
The study record's review-specific fields are declared in ``content/profile.yaml`` (see
:mod:`livingreview.content.profile`); :mod:`livingreview.content.records` builds the full model from
:class:`StudyRecord` and the profile at load time. Controlled values live in
``content/vocabularies.yaml`` and are checked by :mod:`livingreview.checks`.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError

from livingreview.content.frontmatter import Document
from livingreview.diagnostics import Diagnostic, did_you_mean, error

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]
PageTitle = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True, pattern=r"^[^<>&]+$")]
"""A title that becomes a page title: MkDocs themes print page titles unescaped, so no < > &."""
BibKey = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_:.\-]*$", max_length=100)]


def _iso_date(value: Any) -> Any:
    """A calendar date written YYYY-MM-DD (YAML reads it as a date); datetimes and numbers are refused."""
    if isinstance(value, datetime.datetime):
        raise ValueError("write a date as YYYY-MM-DD, without a time")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and len(value.strip()) == 10:
        return value.strip()
    raise ValueError("write a date as YYYY-MM-DD, e.g. 2026-11-22")


def _partial_date(value: str) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD, and a real date."""
    parts = value.split("-")
    try:
        datetime.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except ValueError as exc:
        raise ValueError(f"not a real date ({exc})") from None
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]
PartialDate = Annotated[
    str,
    BeforeValidator(lambda v: v.isoformat() if isinstance(v, datetime.date) else str(v) if isinstance(v, int) else v),
    StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
    AfterValidator(_partial_date),
]
"""A date as precise as it is known: ``2020``, ``2020-05`` or ``2020-05-31``."""


class Schema(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True, defer_build=True
    )


class ReportedIn(Schema):
    """A review that describes the study."""

    review: BibKey = Field(description="BibTeX key of the review.")
    ref: ShortText = Field(description='Reference number of the study as printed in that review, e.g. `"52"`.')


class StudyRecord(Schema):
    """`content/studies/<id>.md`: one primary study. The body is a short summary in our own words."""

    # The fields every living review of studies has. The review's own fields are declared in
    # content/profile.yaml; livingreview.content.records builds the full model from both.

    id: Slug = Field(description="Unique id, equal to the file name: `<firstauthor>-<year>-<topic>`.")
    title: PageTitle = Field(description="Short descriptive title in our own words.")
    conditions: list[Slug] = Field(min_length=1, description="Slugs of the disease pages this study informs.")
    first_author: ShortText | None = Field(None, description="Surname of the first author.")
    year: int | None = Field(None, ge=1900, le=2100, description="Year of publication.")
    reference: BibKey | None = Field(None, description="BibTeX key of the primary paper, when identified.")
    reported_in: list[ReportedIn] = Field(
        default_factory=list,
        description="Every review that describes this study; leave it out for a paper found directly, which then "
        "needs `reference`.",
    )
    distinct_from: list[Slug] = Field(
        default_factory=list,
        description="Ids of records that look like this study (same primary paper, same review number, or "
        "near-identical title, first author and year) but are different studies, so they are not reported as "
        "duplicates.",
    )

    if TYPE_CHECKING:  # the review's own fields come from content/profile.yaml

        def __getattr__(self, name: str) -> Any: ...

    def many(self, name: str) -> list[Any]:
        """A field's value as a list: [] when empty, one item for a single value, the list itself for many."""
        value = getattr(self, name)
        if value is None:
            return []
        return list(value) if isinstance(value, list) else [value]


CORE_HEAD = ("id", "title", "conditions")
"""Core fields written before the profile's fields; the other core fields come after them."""


class DiseasePage(Schema):
    """`content/diseases/<organ-system>/<condition>.md`: a condition; the body is the synthesis."""

    title: PageTitle = Field(description="Name of the condition.")
    organ_system: Slug = Field(description="Organ system (vocabulary `organ_systems`); must match the folder.")
    aliases: list[ShortText] = Field(default_factory=list, description="Other names and abbreviations (AKI, SCI).")
    summary: Text = Field(description="One sentence: what the evidence covers.")
    last_reviewed: IsoDate | None = Field(
        None,
        description="Date (YYYY-MM-DD) a maintainer last checked the page against the evidence; past "
        "`review_interval` days (mkdocs.yml) the page shows an overdue notice. Missing: a warning.",
    )
    searched_up_to: PartialDate | None = Field(
        None,
        description="How recent the evidence behind the page is: the date (YYYY, YYYY-MM or YYYY-MM-DD) up to "
        "which it was looked for, e.g. the publication year of the newest source review.",
    )


class TopicPage(Schema):
    """`content/topics/<slug>.md`: a background topic; the body is prose."""

    title: PageTitle = Field(description="Page title.")
    summary: Text = Field(description="One sentence shown in listings.")
    last_reviewed: IsoDate | None = Field(
        None, description="Date (YYYY-MM-DD) a maintainer last checked the page; as for disease pages."
    )
    searched_up_to: PartialDate | None = Field(
        None, description="Date (YYYY, YYYY-MM or YYYY-MM-DD) up to which the evidence was looked for."
    )


class HomePage(Schema):
    """`content/index.md`: the home page's introduction."""

    title: PageTitle = Field(description="Site title shown on the home page.")
    summary: Text = Field(description="One sentence under the title.")


class Column(Schema):
    """A column of a data table."""

    key: Annotated[str, StringConstraints(pattern=r"^[a-z_][a-z0-9_]*$")] = Field(description="Field name in rows.")
    label: ShortText = Field(description="Column heading.")
    type: ShortText = Field("text", description="`text`, `citations` (list of BibTeX keys) or `nct` (trial ids).")


Cell = str | list[str]


class DataTable(Schema):
    """`content/data/<name>.yaml`: a table that topic pages show with `<!-- data-table: <name> -->`."""

    title: ShortText = Field(description="Table title.")
    caption: Text | None = Field(None, description="One sentence describing the table.")
    columns: list[Column] = Field(min_length=1, description="Columns, in display order.")
    rows: list[dict[str, Cell | None]] = Field(description="One mapping per row, keyed by column key.")


COLUMN_TYPES = ("text", "citations", "nct")


def validate(schema: type[Schema], doc: Document, data: Any = None) -> tuple[Any, list[Diagnostic]]:
    """Validate ``doc.meta`` (or ``data``) against ``schema``; errors carry the file and line."""
    payload = doc.meta if data is None else data
    try:
        return schema.model_validate(payload), []
    except ValidationError as exc:
        return None, [_diagnostic(schema, doc, e) for e in exc.errors(include_url=False)]


def _diagnostic(schema: type[Schema], doc: Document, err: Any) -> Diagnostic:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p in ("str", "list[str]", "function-after")))
    name = ".".join(str(p) for p in loc) or "front matter"
    line = doc.line_of(*loc)
    kind = err["type"]
    if kind == "extra_forbidden":
        parent = _schema_at(schema, loc[:-1])
        allowed = sorted(parent.model_fields) if parent else []
        hint = did_you_mean(str(loc[-1]), allowed) or f"allowed fields: {', '.join(allowed)}"
        return error(doc.path, line, "E-UNKNOWN-FIELD", f"unknown field '{name}'", hint)
    if kind == "missing":
        parent = _schema_at(schema, loc[:-1])
        field = parent.model_fields.get(str(loc[-1])) if parent else None
        hint = field.description or "" if field else ""
        return error(doc.path, line, "E-MISSING-FIELD", f"required field '{name}' is missing", hint)
    value = err.get("input")
    shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
    if len(shown) > 60:
        shown = shown[:57] + "..."
    hint = ""
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "title":
        hint = "titles may not contain <, > or & (write 'and')"
    elif kind == "string_pattern_mismatch" and loc and loc[-1] == "searched_up_to":
        hint = "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2020"
    elif kind == "string_pattern_mismatch":
        hint = "use lowercase letters, digits and single hyphens, e.g. 'zhou-2013-cisplatin-aki'"
    return error(doc.path, line, "E-SCHEMA", f"field '{name}' = {shown}: {err['msg']}", hint)


def _schema_at(schema: type[Schema], loc: tuple[Any, ...]) -> type[Schema] | None:
    """The nested schema class at ``loc`` (list indices skipped)."""
    current: type[Schema] = schema
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(str(part))
        if field is None:
            return None
        nested = _nested_schema(field.annotation)
        if nested is None:
            return None
        current = nested
    return current


def _nested_schema(annotation: Any) -> type[Schema] | None:
    if isinstance(annotation, type) and issubclass(annotation, Schema):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _nested_schema(arg)
        if found:
            return found
    return None


class Vocabularies(Schema):
    """`content/vocabularies.yaml`: every controlled value in one file."""

    # organ_systems groups the condition pages in every review; the other vocabularies are declared
    # in content/profile.yaml and added by livingreview.content.records.
    organ_systems: dict[Slug, ShortText] = Field(description="Organ-system slug (folder name) to display name.")
    aliases: dict[str, dict[ShortText, ShortText]] = Field(
        default_factory=dict,
        description="Other spellings, per vocabulary: `aliases: {study_types: {in vivo: animal}}`. An alias is "
        "not accepted in a record; its error names the value to write. Each alias must name a value of "
        "its vocabulary and must not be a value itself.",
    )

    if TYPE_CHECKING:  # the vocabularies the profile declares

        def __getattr__(self, name: str) -> Any: ...

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The vocabularies (every field but ``aliases``)."""
        return tuple(name for name in cls.model_fields if name != "aliases")

    def allowed(self, name: str) -> list[str]:
        """The values of the vocabulary ``name`` (the keys, for the mappings)."""
        return list(getattr(self, name))

    def canonical(self, name: str, value: str) -> str | None:
        """The value this review writes for ``value`` when it is an alias in vocabulary ``name``."""
        table = self.aliases.get(name, {})
        if value in table:
            return table[value]
        folded = {alias.casefold(): target for alias, target in table.items()}
        return folded.get(value.casefold())


RESERVED_MODELS = ("StudyRecord", "ReportedIn", "DiseasePage", "TopicPage", "HomePage", "DataTable", "Column")
"""Schema names of the generator; the profile's object models may not take them."""
