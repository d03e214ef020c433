"""The typed model of a whole site: every content file, the bibliography and the ledger, loaded."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from livingreview import urls
from livingreview.config import Config
from livingreview.content.frontmatter import Document
from livingreview.content.records import ReviewProfile
from livingreview.content.schema import (
    DataTable,
    DiseasePage,
    HomePage,
    StudyRecord,
    TopicPage,
    Vocabularies,
)
from livingreview.refs.bibtex import Reference
from livingreview.refs.ledger import Ledger


@dataclass(frozen=True, slots=True)
class Study:
    record: StudyRecord
    doc: Document

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def output(self) -> str:
        return urls.study(self.record.id)


@dataclass(frozen=True, slots=True)
class Disease:
    slug: str
    folder: str
    """Organ-system folder the file is in (checked against ``record.organ_system``)."""
    record: DiseasePage
    doc: Document

    @property
    def output(self) -> str:
        return urls.disease(self.record.organ_system, self.slug)


@dataclass(frozen=True, slots=True)
class Topic:
    slug: str
    record: TopicPage
    doc: Document

    @property
    def output(self) -> str:
        return urls.topic(self.slug)


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    record: DataTable
    doc: Document

    def values(self, column_type: str) -> list[str]:
        """Every value in the columns of one type (lists flattened), in row order."""
        found: list[str] = []
        for column in self.record.columns:
            if column.type != column_type:
                continue
            for row in self.record.rows:
                value = row.get(column.key)
                found += [str(v) for v in (value if isinstance(value, list) else [value]) if v]
        return found

    def nct_ids(self) -> list[str]:
        return self.values("nct")


@dataclass(frozen=True, slots=True)
class Home:
    record: HomePage
    doc: Document


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the build knows about, after loading and before checks."""

    config: Config
    vocab: Vocabularies | None
    home: Home | None
    studies: tuple[Study, ...]
    diseases: tuple[Disease, ...]
    topics: tuple[Topic, ...]
    tables: tuple[Table, ...]
    references: tuple[Reference, ...]
    ledger: Ledger = field(default_factory=Ledger)
    links_report: dict[str, Any] = field(default_factory=dict)
    """The last ``linkcheck --online`` report (linkcheck-report.json), if any."""
    bibliography_read: bool = True
    """False when references.bib could not be read at all (its one diagnostic says why): checks
    that compare keys with it then stay silent instead of reporting every citation."""
    profile: ReviewProfile | None = None
    """The review's profile (content/profile.yaml) and the record models built from it."""

    def status(self, key: str) -> str:
        """The entry's status derived from its citation checks ('not_checked' when it has none)."""
        return self.ledger.status(key)

    @property
    def bib_path(self) -> str:
        return self.config.rel(self.config.bibliography)
