"""Where the sources cite what: every citation key with its file and line, before anything is rendered.

:func:`build` finds the keys in prose, front-matter fields and data tables, for the checks that report
at the source line (an unknown key). The index readers see (numbers, reference lists, 'cited on') is
recorded from the rendered pages instead (:meth:`livingreview.render.citations.Citations.resolve`);
this one stands in for it only when errors keep the pages from being rendered. Everything is built
with dictionaries in one pass over the pages; nothing loops over all pages per reference.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from livingreview import pages, urls
from livingreview.content.frontmatter import Document
from livingreview.markdown import citations
from livingreview.markdown.citations import CitationGroup, Cite
from livingreview.markdown.markers import table_names
from livingreview.model import Site
from livingreview.pages import ordered_diseases, reviews
from livingreview.refs.bibtex import Reference


@dataclass(frozen=True, slots=True)
class Use:
    """One place a key is cited: the output page, the source document and its line."""

    key: str
    page: str
    doc: Document
    line: int
    source: str = "field"
    """Where the key was written: "prose" (a citation in text), "field" (a front-matter field), "table"
    (a data table's citations column; its check reports unknown keys), or "derived" (a generated page
    lists it because of another use; never reported on its own)."""


@dataclass(slots=True)
class CitationIndex:
    groups: dict[str, list[CitationGroup]] = field(default_factory=dict)
    """Citation groups in each page's prose, by output page."""
    uses: list[Use] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)
    cited_on: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Output pages citing each key, in reading order, without repeats."""
    page_keys: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Keys each output page cites, in order of first citation, without repeats."""

    def add(self, key: str, page: str, doc: Document, line: int, source: str = "field") -> None:
        self.uses.append(Use(key, page, doc, line, source))
        self.record(key, page)

    def record(self, key: str, page: str) -> None:
        """``page`` cites ``key`` (kept once, in order)."""
        if key not in self.page_keys[page]:
            self.page_keys[page].append(key)
        if page not in self.cited_on[key]:
            self.cited_on[key].append(page)


def reading_order(site: Site) -> list[tuple[str, Document]]:
    """Every page with prose, in the order a reader meets it, with its output path (from the page model)."""
    return [(p.path, p.doc) for p in pages.gather(site).reading_order() if p.doc is not None]


def review_lists(site: Site) -> dict[str, list[tuple[Reference, list[str]]]]:
    """Each review's own reference list as far as the bibliography records it (``x-in-review``)."""
    lists: dict[str, list[tuple[Reference, list[str]]]] = defaultdict(list)
    for ref in site.references:
        for review, numbers in ref.in_review.items():
            lists[review].append((ref, numbers))
    for entries in lists.values():
        entries.sort(key=lambda item: [int(n) if n.isdigit() else 10**6 for n in item[1]] or [10**6])
    return dict(lists)


def _bib_doc(site: Site) -> Document:
    return Document(site.bib_path, {}, "", 1)


def build(site: Site) -> CitationIndex:
    index = CitationIndex()
    studies_by_condition = pages.gather(site).by_condition
    tables = {t.name: t for t in site.tables}
    for page, doc in reading_order(site):
        groups = citations.find(doc.body, doc.body_line)
        index.groups[page] = groups
        for group in groups:
            for cite in group.cites:
                index.add(cite.key, page, doc, group.line, "prose")
        for name in table_names(doc.body):
            if name in tables:
                for key in tables[name].values("citations"):
                    index.add(key, page, tables[name].doc, tables[name].doc.line_of("rows"), "table")
        if page.startswith("diseases/"):
            slug = page.rsplit("/", 1)[-1][:-3]
            for study in studies_by_condition.get(slug, []):
                if study.record.reference:
                    index.add(study.record.reference, page, study.doc, study.doc.line_of("reference"))
    for study in sorted(site.studies, key=lambda s: s.id):
        record = study.record
        if record.reference:
            index.add(record.reference, study.output, study.doc, study.doc.line_of("reference"))
        for i, item in enumerate(record.reported_in):
            index.add(item.review, study.output, study.doc, study.doc.line_of("reported_in", i, "review"))
    lists = review_lists(site)
    reporting = reviews(site)
    for review in reporting + sorted(set(lists) - set(reporting)):
        page = urls.review(review)
        index.add(review, page, _bib_doc(site), 1, "derived")
        for ref, _numbers in lists.get(review, []):
            index.add(ref.key, page, _bib_doc(site), ref.line_of("x-in-review"))
    for use in index.uses:
        index.numbers.setdefault(use.key, len(index.numbers) + 1)
    return index


__all__ = ["CitationIndex", "Cite", "Use", "build", "ordered_diseases", "reading_order"]
