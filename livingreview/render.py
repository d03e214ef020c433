"""Render the checked site into plain Markdown pages (output path -> text) through Jinja templates.

Templates are compiled once. The environment uses ``StrictUndefined`` (a typo is an error, not an
empty string) and autoescape; data reaches Markdown through the filters of :mod:`livingreview.escape`.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from livingreview import escape, indexes, living
from livingreview.checks import DATA_TABLE_MARKER, EVIDENCE_MARKER, anchor_for
from livingreview.citing import CitationIndex, ordered_diseases, reading_order, review_lists
from livingreview.content import fieldref
from livingreview.markdown import citations, safety
from livingreview.markdown.citations import CitationGroup
from livingreview.model import Disease, Site, Study, Table
from livingreview.pages import ABOUT_DATA, BIBLIOGRAPHY, EVIDENCE_MAP, HEALTH, review_page, reviews
from livingreview.refs import csl, ledger
from livingreview.refs import format as refformat
from livingreview.refs.bibtex import Reference
from livingreview.refs.identifiers import BY_FIELD
from livingreview.refs.latex import latex_to_text

FACETS = ("MSC source", "Species", "Study type", "Material", "Organ system")
"""The menus of every evidence table, in order (values per study from :meth:`Renderer.facets`)."""

METHODS_TOPIC = "methods-and-scope"
"""The topic page that states the sources and scope; disease pages link to it when it exists."""


@lru_cache(maxsize=200_000)
def relative(from_page: str, to_page: str) -> str:
    """Relative link between two output Markdown files (MkDocs resolves and validates it)."""
    target, _, fragment = to_page.partition("#")
    path = _relpath(target, posixpath.dirname(from_page))
    return path + (f"#{fragment}" if fragment else "")


def _relpath(target: str, folder: str) -> str:
    """``posixpath.relpath`` for the docs tree's own clean relative paths, without its filesystem calls."""
    if ".." in target or ".." in folder or target.startswith(("/", "./")) or folder.startswith(("/", ".")):
        return posixpath.relpath(target, folder or ".")
    up = folder.split("/") if folder else []
    down = target.split("/")
    common = 0
    while common < len(up) and common < len(down) and up[common] == down[common]:
        common += 1
    return "/".join([".."] * (len(up) - common) + down[common:]) or "."


@dataclass(frozen=True, slots=True)
class Row:
    """One evidence-table row: everything already escaped for a Markdown table cell."""

    study: Markup
    source: Markup
    model: Markup
    cargo: Markup
    outcome: Markup
    reference: Markup
    retracted: bool = False
    year: str = ""


class Renderer:
    def __init__(self, site: Site, index: CitationIndex, build_date: str) -> None:
        self.site = site
        self.index = index
        self.build_date = build_date
        self.refs: dict[str, Reference] = {r.key: r for r in site.references}
        self._full: dict[str, str] = {}
        self._links: dict[tuple[str, str], str] = {}
        self._rows: dict[tuple[str, str], Row] = {}
        self._facets: dict[str, list[list[str]]] = {}
        self.vocab = site.vocab
        self.env = Environment(
            loader=FileSystemLoader(str(site.config.templates_dir)),
            undefined=StrictUndefined,
            autoescape=True,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(
            md=escape.md,
            cell=escape.cell,
            yaml=escape.yaml_string,
            title=escape.link_title,
        )
        self.templates = {
            name: self.env.get_template(f"{name}.md.j2")
            for name in (
                "home",
                "disease",
                "organ_system",
                "diseases",
                "study",
                "studies",
                "topic",
                "bibliography",
                "review",
                "reviews",
                "citation_health",
                "entity",
                "entity_index",
                "evidence_map",
                "about_data",
            )
        }
        self.table_template = self.env.get_template("evidence_table.md.j2")
        self.data_table_template = self.env.get_template("data_table.md.j2")
        self.references_template = self.env.get_template("references.md.j2")
        self.by_condition: dict[str, list[Study]] = defaultdict(list)
        for study in sorted(site.studies, key=_study_order):
            for slug in study.record.conditions:
                self.by_condition[slug].append(study)
        self.diseases = ordered_diseases(site)
        self.entities = {kind.key: indexes.group(site, kind) for kind in indexes.KINDS}
        self.system_of = {d.slug: d.record.organ_system for d in site.diseases}
        self.disease_by_slug = {d.slug: d for d in site.diseases}
        self.tables = {t.name: t for t in site.tables}
        self.living = living.Living(self)

    def full(self, ref: Reference) -> str:
        """The reference formatted by the configured CSL style (once per entry per build)."""
        text = self._full.get(ref.key)
        if text is None:
            text = self._full[ref.key] = csl.full(ref, self.site.config.csl_style)
        return text

    # -- citations ---------------------------------------------------------------------------
    def cite_link(self, page: str, key: str, label: str) -> str:
        memo = (page, key + "\0" + label)
        if memo not in self._links:
            self._links[memo] = self._cite_link(page, key, label)
        return self._links[memo]

    def _cite_link(self, page: str, key: str, label: str) -> str:
        ref = self.refs.get(key)
        title = escape.link_title(self.full(ref)) if ref else ""
        target = relative(page, f"{BIBLIOGRAPHY}#{anchor_for(key)}")
        return f'[{label}]({target} "{title}")' if title else f"[{label}]({target})"

    def label(self, key: str) -> Markup:
        ref = self.refs.get(key)
        if self.site.config.citation_style == "author-year" and ref:
            return escape.md(refformat.short(ref))
        return Markup(self.index.numbers.get(key, "?"))

    def render_group(self, page: str, group: CitationGroup) -> str:
        numeric = self.site.config.citation_style == "numeric"
        parts = []
        for cite in group.cites:
            link = self.cite_link(page, cite.key, self.label(cite.key))
            if cite.locator:
                link += ", " + str(escape.md(cite.locator))
            parts.append(link)
        joined = (", " if numeric else "; ").join(parts)
        if group.narrative:
            ref = self.refs.get(group.cites[0].key)
            name = str(escape.md(refformat.narrative(ref))) if ref else ""
            return f"{name} \\[{joined}\\]" if numeric else joined
        return f"\\[{joined}\\]" if numeric else f"\\({joined}\\)"

    def prose(self, page: str, body: str, first_line: int) -> str:
        """Contributor Markdown: raw HTML sanitized (defence in depth behind the check), citations linked."""
        return citations.replace(safety.sanitize(body), lambda g: self.render_group(page, g), first_line)

    def cite(self, page: str, key: str | None) -> Markup:
        if not key:
            return Markup("")
        numeric = self.site.config.citation_style == "numeric"
        link = self.cite_link(page, key, self.label(key))
        return Markup(f"\\[{link}\\]" if numeric else link)

    def reference_list(self, page: str) -> Markup:
        keys = self.index.page_keys.get(page, [])
        if self.site.config.citation_style == "numeric":
            keys = sorted(keys, key=lambda k: self.index.numbers.get(k, 0))
        items = [
            {"link": self.cite(page, key), "text": escape.md(self.full(self.refs[key]))}
            for key in keys
            if key in self.refs
        ]
        return Markup(self.references_template.render(items=items))

    # -- pages -------------------------------------------------------------------------------
    def pages(self) -> dict[str, str]:
        out: dict[str, str] = {}
        out["index.md"] = self.home()
        systems = self.system_summaries("diseases/index.md")
        out["diseases/index.md"] = self.templates["diseases"].render(systems=systems)
        for system in systems:
            page = f"diseases/{system['slug']}/index.md"
            out[page] = self.templates["organ_system"].render(
                system=system, conditions=self.condition_rows(page, system["slug"])
            )
        for disease in self.diseases:
            out[disease.output] = self.disease(disease)
        for topic in sorted(self.site.topics, key=lambda t: t.slug):
            page = topic.output
            body = self.insert_tables(page, self.prose(page, topic.doc.body, topic.doc.body_line))
            out[page] = self.templates["topic"].render(
                topic=topic.record,
                body=Markup(body),
                references=self.reference_list(page),
                banner=self.retraction_banner(page),
                dates=self.living.dates(page),
            )
        studies = sorted(self.site.studies, key=_study_order)
        for study in studies:
            out[study.output] = self.study(study)
        out["studies/index.md"] = self.templates["studies"].render(
            table=self.evidence_table("studies/index.md", studies), count=len(studies)
        )
        out.update(self.review_pages())
        out.update(self.entity_pages())
        out[EVIDENCE_MAP] = self.evidence_map()
        out[ABOUT_DATA] = self.templates["about_data"].render(fields=Markup(fieldref.markdown(headings=2)))
        out[BIBLIOGRAPHY] = self.bibliography()
        out[HEALTH] = self.citation_health()
        out.update(self.living.pages())
        return out

    def source_links(self, page: str, species: str | None, tissue: str | None) -> str:
        parts = [str(escape.md(species))] if species else []
        if tissue:
            parts.append(self.entity_link(page, "source", tissue))
        return " ".join(parts)

    def entity_link(self, page: str, kind: str, name: str) -> str:
        target = indexes.page(indexes.BY_KEY[kind], indexes.slugify(name))
        return f"[{escape.md(name)}]({relative(page, target)})"

    def entity_pages(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for kind in indexes.KINDS:
            index_page = f"{kind.folder}/index.md"
            rows = []
            for entity in self.entities[kind.key].values():
                page = indexes.page(kind, entity.slug)
                conditions = [self.disease_by_slug[c] for c in entity.conditions if c in self.disease_by_slug]
                out[page] = self.templates["entity"].render(
                    kind=kind,
                    entity=entity,
                    index_link=relative(page, index_page),
                    conditions=[
                        {"title": d.record.title, "link": relative(page, d.output)}
                        for d in sorted(conditions, key=lambda d: d.record.title.lower())
                    ],
                    table=self.evidence_table(page, entity.studies),
                )
                rows.append(
                    {
                        "link": Markup(f"[{escape.md(entity.name)}]({relative(index_page, page)})"),
                        "detail": entity.detail,
                        "studies": len(self.counted(entity.studies)),
                        "conditions": len(conditions),
                    }
                )
            out[index_page] = self.templates["entity_index"].render(kind=kind, rows=rows)
        return out

    def evidence_map(self) -> str:
        """Condition x MSC source and organ system x study type, each cell a count linking to the studies."""
        page = EVIDENCE_MAP
        sources = sorted(
            self.entities["source"].values(), key=lambda e: (-len(self.counted(e.studies)), e.name.lower())
        )
        by_condition = []
        for disease in self.diseases:
            studies = self.counted(self.by_condition.get(disease.slug, []))
            cells = []
            for source in sources:
                n = sum(1 for s in studies if source.name in {x.tissue for x in s.record.sources})
                target = f"{relative(page, disease.output)}?filter={quote('MSC source:' + source.name)}"
                cells.append(self._heat(n, target))
            by_condition.append(
                {
                    "link": Markup(f"[{escape.md(disease.record.title)}]({relative(page, disease.output)})"),
                    "cells": cells,
                    "total": len(studies),
                }
            )
        types = list(self.vocab.study_types) if self.vocab else []
        by_system = []
        names = self.vocab.organ_systems if self.vocab else {}
        for slug, name in names.items():
            in_system = {
                s.id: s
                for d in self.diseases
                if d.record.organ_system == slug
                for s in self.counted(self.by_condition.get(d.slug, []))
            }
            if not in_system:
                continue
            cells = []
            for study_type in types:
                n = sum(1 for s in in_system.values() if study_type in s.record.study_type)
                query = quote(f"Organ system:{name}") + "&filter=" + quote(f"Study type:{study_type}")
                cells.append(self._heat(n, f"{relative(page, 'studies/index.md')}?filter={query}"))
            by_system.append({"link": Markup(escape.md(name)), "cells": cells, "total": len(in_system)})
        return self.templates["evidence_map"].render(
            sources=[Markup(self.entity_link(page, "source", s.name)) for s in sources],
            by_condition=by_condition,
            types=types,
            by_system=by_system,
        )

    @staticmethod
    def _heat(n: int, target: str) -> Markup:
        if not n:
            return Markup("")
        level = 1 if n == 1 else 2 if n <= 2 else 3 if n <= 4 else 4 if n <= 8 else 5
        return Markup(f'<span class="lr-heat lr-heat-{level}">[{n}]({target})</span>')

    def citation_health(self) -> str:
        page = HEALTH
        statuses: list[str] = []
        rows = []
        order = {status: n for n, status in enumerate(ledger.STATUSES)}
        for ref in sorted(self.site.references, key=lambda r: (order[self.site.status(r.key)], r.key)):
            record = self.site.ledger.record(ref.key)
            statuses.append(record.status)
            evidence: list[str] = []
            for check in record.registry_checks:
                ident = ", ".join(f"{k.upper()} {v}" for k, v in check.identifier.items())
                text = f"{ident}: {ledger.OUTCOME_WORDS[check.outcome]} ({check.place}"
                if check.scores:
                    text += ", title {title:.2f}, author {author:.2f}, year {year:.1f}".format(
                        title=check.scores.get("title", 0),
                        author=check.scores.get("author", 0),
                        year=check.scores.get("year", 0),
                    )
                evidence.append(str(escape.cell(text + ")")))
            for check in record.page_checks:
                shown = ledger.field_words(check.confirmed) or "nothing confirmed"
                evidence.append(f"[{escape.md(check.place)}]({ledger.link_target(check.url)}): {escape.md(shown)}")
            rows.append(
                {
                    "cite": self.cite(page, ref.key),
                    "label": refformat.short(ref),
                    "status": self.status_text(ref.key),
                    "checked": record.checked,
                    "evidence": Markup("; ".join(evidence) or "–"),
                }
            )
        dates = [r.checked for r in self.site.ledger.entries.values() if r.checked]
        report = self.site.links_report
        link_counts: dict[str, int] = {}
        broken = []
        for url, item in sorted(report.get("links", {}).items()):
            link_counts[item.get("status", "?")] = link_counts.get(item.get("status", "?"), 0) + 1
            if item.get("status") in ("broken", "error"):
                broken.append({"url": url, "detail": item.get("detail", ""), "sources": item.get("sources", [])})
        return self.templates["citation_health"].render(
            counts=ledger.counts(statuses),
            rows=rows,
            last=max(dates) if dates else "",
            link_counts=sorted(link_counts.items()),
            links_checked=report.get("checked", ""),
            broken=broken,
        )

    def review_pages(self) -> dict[str, str]:
        """A page per source review: the studies it reports and its own reference list."""
        out: dict[str, str] = {}
        lists = review_lists(self.site)
        reported: dict[str, list[tuple[str, Study]]] = defaultdict(list)
        for study in sorted(self.site.studies, key=lambda s: s.id):
            for item in study.record.reported_in:
                reported[item.review].append((item.ref, study))
        summaries = []
        for key in reviews(self.site):
            page = review_page(key)
            ref = self.refs.get(key)
            rows = sorted(reported[key], key=lambda item: (_number_key(item[0]), item[1].id))
            studies = [
                {
                    "ref": number,
                    "study": Markup(f"[{escape.md(s.record.title)}]({relative(page, s.output)})"),
                    "paper": self.cite(page, s.record.reference) or Markup("not identified"),
                }
                for number, s in rows
            ]
            own = [
                {
                    "numbers": ", ".join(numbers),
                    "cite": self.cite(page, r.key),
                    "text": escape.md(self.full(r)),
                    "note": escape.md(latex_to_text(r.get("note"))),
                }
                for r, numbers in lists.get(key, [])
            ]
            label = refformat.short(ref) if ref else key
            out[page] = self.templates["review"].render(
                label=label,
                cite=self.cite(page, key),
                text=escape.md(self.full(ref)) if ref else "",
                note=escape.md(latex_to_text(ref.get("note"))) if ref else "",
                studies=studies,
                own=own,
                references=self.reference_list(page),
                banner=self.retraction_banner(page),
            )
            summaries.append(
                {"label": label, "link": relative("reviews/index.md", page), "studies": len(rows), "own": len(own)}
            )
        out["reviews/index.md"] = self.templates["reviews"].render(reviews=summaries)
        return out

    def home(self) -> str:
        home = self.site.home
        body = self.prose("index.md", home.doc.body, home.doc.body_line) if home else ""
        return self.templates["home"].render(
            home=home.record if home else None,
            body=Markup(body),
            counts={
                "studies": len(self.site.studies),
                "conditions": len(self.site.diseases),
                "references": len(self.site.references),
                "reviews": len({r.review for s in self.site.studies for r in s.record.reported_in}),
                "direct": sum(1 for s in self.site.studies if not s.record.reported_in),
            },
            systems=self.system_summaries("index.md"),
            build_date=self.build_date,
            edition=self.living.home(),
            citation_meta=self.living.citation_meta(),
            references=self.reference_list("index.md"),
            banner=self.retraction_banner("index.md"),
        )

    def system_summaries(self, page: str) -> list[dict[str, Any]]:
        systems = []
        names = self.vocab.organ_systems if self.vocab else {}
        for slug, name in names.items():
            conditions = [d for d in self.diseases if d.record.organ_system == slug]
            if not conditions:
                continue
            studies = {s.id for d in conditions for s in self.counted(self.by_condition.get(d.slug, []))}
            systems.append(
                {
                    "slug": slug,
                    "name": name,
                    "link": relative(page, f"diseases/{slug}/index.md"),
                    "conditions": len(conditions),
                    "studies": len(studies),
                }
            )
        return systems

    def condition_rows(self, page: str, system: str) -> list[dict[str, Any]]:
        return [
            {
                "title": d.record.title,
                "link": relative(page, d.output),
                "summary": d.record.summary,
                "aliases": d.record.aliases,
                "studies": len(self.counted(self.by_condition.get(d.slug, []))),
            }
            for d in self.diseases
            if d.record.organ_system == system
        ]

    def disease(self, disease: Disease) -> str:
        page = disease.output
        body = self.prose(page, disease.doc.body, disease.doc.body_line)
        table = self.evidence_table(page, self.by_condition.get(disease.slug, []))
        if EVIDENCE_MARKER in body:
            body = body.replace(EVIDENCE_MARKER, str(table), 1).replace(EVIDENCE_MARKER, "")
        else:
            body = body.rstrip("\n") + "\n\n## Evidence table\n\n" + str(table)
        system_name = self.vocab.organ_systems.get(disease.record.organ_system, "") if self.vocab else ""
        return self.templates["disease"].render(
            disease=disease.record,
            system_name=system_name,
            body=Markup(self.insert_tables(page, body)),
            references=self.reference_list(page),
            banner=self.retraction_banner(page),
            methods_link=self.methods_link(page),
            dates=self.living.dates(page),
        )

    def methods_link(self, page: str) -> str:
        """Relative link to the methods-and-scope topic from ``page``, or '' when the site has none."""
        found = [t.output for t in self.site.topics if t.slug == METHODS_TOPIC]
        return relative(page, found[0]) if found else ""

    def evidence_table(self, page: str, studies: list[Study]) -> Markup:
        folder = posixpath.dirname(page)
        rows = []
        for study in studies:
            # A row depends on its page only through relative links, so one per folder serves all.
            row = self._rows.get((folder, study.id))
            if row is None:
                row = self._rows[(folder, study.id)] = self.row(page, study)
            rows.append(row)
        excluded = sum(1 for r in rows if r.retracted)
        facets = {"names": list(FACETS), "rows": [self.facets(s) for s in studies]}
        return Markup(
            self.table_template.render(
                rows=rows,
                counted=len(rows) - excluded,
                excluded=excluded,
                facets=json.dumps(facets, ensure_ascii=False, separators=(",", ":")),
            )
        )

    def facets(self, study: Study) -> list[list[str]]:
        """Values of :data:`FACETS` for one study (what the table's menus filter on)."""
        found = self._facets.get(study.id)
        if found is None:
            found = self._facets[study.id] = self._study_facets(study)
        return found

    def _study_facets(self, study: Study) -> list[list[str]]:
        r = study.record
        agent = self.vocab.agents.get(r.agent, r.agent) if self.vocab else r.agent
        systems = sorted({self.system_of.get(c, "") for c in r.conditions} - {""})
        names = self.vocab.organ_systems if self.vocab else {}
        return [
            sorted({x.tissue for x in r.sources if x.tissue}),
            sorted({m.species for m in r.models if m.species}),
            list(r.study_type),
            [r.ev_type or agent] if r.agent == "msc-ev" else [agent],
            [names.get(x, x) for x in systems],
        ]

    def row(self, page: str, study: Study) -> Row:
        r = study.record
        name = r.first_author + (f" {r.year}" if r.year else "") if r.first_author else r.title
        source = " vs ".join(self.source_links(page, x.species, x.tissue) for x in r.sources)
        agent = str(escape.md(self.vocab.agents.get(r.agent, r.agent) if self.vocab else r.agent))
        material = str(escape.md(r.ev_type)) if r.ev_type else agent
        given = f"{source} ({material})" if source else material
        if r.agent != "msc-ev":
            given = f"{agent}: {source}" if source else agent
        models = "; ".join(_model_text(m) for m in r.models) or ", ".join(r.study_type)
        cargo_links = ", ".join(self.entity_link(page, "cargo", c.name) for c in r.cargo)
        link = relative(page, study.output)
        retracted = self.retracted(r.reference)

        def struck(cell: Markup) -> Markup:
            return Markup(f"<del>{cell}</del>") if retracted else cell

        return Row(
            study=struck(Markup(f'[{escape.md(name)}]({link} "{escape.link_title(r.title)}")')),
            source=struck(Markup(given) if given else Markup("–")),
            model=struck(escape.cell(models)),
            cargo=struck(Markup(cargo_links) if cargo_links else Markup("–")),
            outcome=struck(escape.cell(r.outcomes[0] if r.outcomes else "")),
            reference=self.cite(page, r.reference) or Markup("–"),
            retracted=retracted,
            year=str(r.year or ""),
        )

    def retracted(self, key: str | None) -> bool:
        return bool(key) and self.site.status(key or "") == "retracted"

    def counted(self, studies: list[Study]) -> list[Study]:
        """Studies that count as evidence: not resting on a retracted primary paper."""
        return [s for s in studies if not self.retracted(s.record.reference)]

    def retraction_banner(self, page: str) -> Markup:
        """A warning at the top of every page that cites a retracted paper."""
        keys = [k for k in self.index.page_keys.get(page, []) if self.retracted(k)]
        if not keys:
            return Markup("")
        cites = ", ".join(str(self.cite(page, k)) for k in keys)
        return Markup(
            '!!! danger "This page cites a retracted paper"\n\n'
            f"    {cites}: the citation checks record a retraction ([details]({relative(page, HEALTH)})). "
            "Evidence resting on it is struck through and left out of counts.\n\n"
        )

    def study(self, study: Study) -> str:
        page = study.output
        r = study.record
        vocab = self.vocab
        conditions = [
            {"title": self.disease_by_slug[s].record.title, "link": relative(page, self.disease_by_slug[s].output)}
            for s in r.conditions
            if s in self.disease_by_slug
        ]
        reviews = [{"cite": self.cite(page, item.review), "ref": item.ref} for item in r.reported_in]
        return self.templates["study"].render(
            study=r,
            agent=vocab.agents.get(r.agent, r.agent) if vocab else r.agent,
            source=Markup(" vs ".join(self.source_links(page, x.species, x.tissue) for x in r.sources) or "–"),
            cargo=Markup(
                ", ".join(f"{self.entity_link(page, 'cargo', c.name)} ({escape.md(c.kind)})" for c in r.cargo) or "–"
            ),
            strategy=Markup(self.entity_link(page, "strategy", r.engineered.strategy)) if r.engineered else Markup(""),
            types=Markup(", ".join(self.entity_link(page, "study_type", t) for t in r.study_type) or "–"),
            models=[_model_text(m) for m in r.models],
            conditions=conditions,
            reference=self.cite(page, r.reference),
            reference_text=escape.md(self.full(self.refs[r.reference])) if r.reference in self.refs else "",
            reviews=reviews,
            body=Markup(self.prose(page, study.doc.body, study.doc.body_line)),
            references=self.reference_list(page),
            banner=self.retraction_banner(page),
            dates=self.living.dates(page),
        )

    def insert_tables(self, page: str, body: str) -> str:
        def table(match: re.Match[str]) -> str:
            found = self.tables.get(match.group(1))
            return str(self.data_table(page, found)) if found else ""

        return DATA_TABLE_MARKER.sub(table, body)

    def data_table(self, page: str, table: Table) -> Markup:
        record = table.record
        rows = []
        for row in record.rows:
            cells = []
            for column in record.columns:
                value = row.get(column.key)
                items = value if isinstance(value, list) else [value] if value else []
                if column.type == "citations":
                    cells.append(Markup(" ".join(str(self.cite(page, k)) for k in items)) or Markup("–"))
                elif column.type == "nct":
                    links = [f"[{escape.md(i)}]({BY_FIELD['nct'].url(i)})" for i in items]
                    cells.append(Markup(", ".join(links)) or Markup("–"))
                else:
                    cells.append(escape.cell("; ".join(str(i) for i in items)))
            rows.append(cells)
        return Markup(self.data_table_template.render(table=record, rows=rows))

    def bibliography(self) -> str:
        refs = list(self.site.references)
        if self.site.config.citation_style == "numeric":
            refs.sort(key=lambda r: (self.index.numbers.get(r.key, 10**9), r.key))
        else:
            refs.sort(key=lambda r: (refformat.short(r).lower(), r.key))
        titles = self.page_titles()
        entries = []
        for ref in refs:
            ids = [
                {"name": handler.name, "value": ref.get(name), "url": handler.url(ref.get(name))}
                for name, handler in BY_FIELD.items()
                if ref.get(name) and handler.inspect(ref.get(name)) is None
            ]
            status = self.status_text(ref.key)
            cited_on = [
                {"title": titles.get(p, p), "link": relative(BIBLIOGRAPHY, p)}
                for p in self.index.cited_on.get(ref.key, [])
            ]
            entries.append(
                {
                    "anchor": anchor_for(ref.key),
                    "label": self.label(ref.key),
                    "key": ref.key,
                    "text": escape.md(self.full(ref)),
                    "ids": ids,
                    "status": status,
                    "gaps": escape.md(
                        "; ".join(
                            text
                            for text in (
                                f"not found: {ref.get('x-missing')}" if ref.get("x-missing") else "",
                                f"unconfirmed: {ref.get('x-unconfirmed')}" if ref.get("x-unconfirmed") else "",
                            )
                            if text
                        )
                    ),
                    "cited_on": cited_on,
                }
            )
        return self.templates["bibliography"].render(entries=entries)

    def status_text(self, key: str) -> str:
        """What was checked, in readers' words: 'registry-confirmed (Crossref, 2026-11-22)', ..."""
        return self.site.ledger.record(key).text()

    def page_titles(self) -> dict[str, str]:
        titles = {"index.md": "Home"}
        titles.update({d.output: d.record.title for d in self.site.diseases})
        titles.update({t.output: t.record.title for t in self.site.topics})
        titles.update({s.output: s.record.title for s in self.site.studies})
        for key in reviews(self.site):
            ref = self.refs.get(key)
            titles[review_page(key)] = "Source review: " + (refformat.short(ref) if ref else key)
        return titles


def _number_key(text: str) -> tuple[int, str]:
    digits = re.match(r"\d+", text.strip())
    return (int(digits.group(0)) if digits else 10**6, text)


def _study_order(study: Study) -> tuple[int, str, str]:
    return (study.record.year or 0, (study.record.first_author or "").lower(), study.id)


def _model_text(model: Any) -> str:
    parts = [model.species, model.model]
    text = " ".join(p for p in parts if p)
    if model.cell_line:
        text = f"{text} ({model.cell_line} cells)" if text else f"{model.cell_line} cells"
    return text


def nav(site: Site) -> list[Any]:
    """The navigation: home, diseases by organ system, topics, all studies, bibliography."""
    names = site.vocab.organ_systems if site.vocab else {}
    diseases = ordered_diseases(site)
    systems = []
    for slug, name in names.items():
        pages = [{d.record.title: d.output} for d in diseases if d.record.organ_system == slug]
        if pages:
            systems.append({name: [f"diseases/{slug}/index.md", *pages]})
    topics = [{t.record.title: t.output} for t in sorted(site.topics, key=lambda t: t.slug)]
    entries: list[Any] = [{"Home": "index.md"}, {"Diseases": ["diseases/index.md", *systems]}]
    if topics:
        entries.append({"Topics": topics})
    refs = {r.key: r for r in site.references}
    sources: list[Any] = ["reviews/index.md"]
    sources += [{refformat.short(refs[k]) if k in refs else k: review_page(k)} for k in reviews(site)]
    explore: list[Any] = [{"Evidence map": EVIDENCE_MAP}, {"All studies": "studies/index.md"}]
    explore += [{kind.title: f"{kind.folder}/index.md"} for kind in indexes.KINDS]
    entries += [{"Explore": explore}, {"Source reviews": sources}, {"About the data": ABOUT_DATA}]
    entries += [{"Bibliography": BIBLIOGRAPHY}, {"Citation health": HEALTH}]
    entries += [{"What's new": living.WHATS_NEW}, {"How to cite": living.HOW_TO_CITE}]
    return entries


def source_of(site: Site) -> dict[str, str]:
    """Output page -> the content file it is made from (to report MkDocs' problems at the source)."""
    return {page: doc.path for page, doc in reading_order(site)}


__all__ = ["Renderer", "nav", "relative", "source_of"]
