"""Citations as readers see them: labels, links to the bibliography, reference lists, retraction banners.

Every citation a page emits goes through :meth:`Citations.cite_link`; labels and numbers come from the
site's :class:`~livingreview.citing.CitationIndex`.
"""

from __future__ import annotations

from markupsafe import Markup

from livingreview import escape, urls
from livingreview.citing import CitationIndex
from livingreview.markdown import citations, safety
from livingreview.markdown.citations import CitationGroup
from livingreview.markdown.markers import anchor_for
from livingreview.model import Site, Study
from livingreview.refs import csl
from livingreview.refs import format as refformat
from livingreview.refs.bibtex import Reference
from livingreview.render.environment import Templates


class Citations:
    def __init__(self, site: Site, index: CitationIndex, templates: Templates) -> None:
        self.site = site
        self.index = index
        self.templates = templates
        self.numeric = site.config.citation_style == "numeric"
        self.refs: dict[str, Reference] = {r.key: r for r in site.references}
        self._full: dict[str, str] = {}
        self._links: dict[tuple[str, str], str] = {}

    def full(self, ref: Reference) -> str:
        """The reference formatted by the configured CSL style (once per entry per build)."""
        text = self._full.get(ref.key)
        if text is None:
            text = self._full[ref.key] = csl.full(ref, self.site.config.csl_style)
        return text

    def cite_link(self, page: str, key: str, label: str) -> str:
        memo = (page, key + "\0" + label)
        if memo not in self._links:
            ref = self.refs.get(key)
            title = escape.link_title(self.full(ref)) if ref else ""
            target = urls.relative(page, f"{urls.BIBLIOGRAPHY}#{anchor_for(key)}")
            self._links[memo] = f'[{label}]({target} "{title}")' if title else f"[{label}]({target})"
        return self._links[memo]

    def label(self, key: str) -> Markup:
        ref = self.refs.get(key)
        if not self.numeric and ref:
            return escape.md(refformat.short(ref))
        return Markup(self.index.numbers.get(key, "?"))

    def group(self, page: str, group: CitationGroup) -> str:
        parts = []
        for cite in group.cites:
            link = self.cite_link(page, cite.key, self.label(cite.key))
            if cite.locator:
                link += ", " + str(escape.md(cite.locator))
            parts.append(link)
        joined = (", " if self.numeric else "; ").join(parts)
        if group.narrative:
            ref = self.refs.get(group.cites[0].key)
            name = str(escape.md(refformat.narrative(ref))) if ref else ""
            return f"{name} \\[{joined}\\]" if self.numeric else joined
        return f"\\[{joined}\\]" if self.numeric else f"\\({joined}\\)"

    def prose(self, page: str, body: str, first_line: int) -> str:
        """Contributor Markdown: raw HTML sanitized (defence in depth behind the check), citations linked."""
        return citations.replace(safety.sanitize(body), lambda g: self.group(page, g), first_line)

    def cite(self, page: str, key: str | None) -> Markup:
        if not key:
            return Markup("")
        link = self.cite_link(page, key, self.label(key))
        return Markup(f"\\[{link}\\]" if self.numeric else link)

    def reference_list(self, page: str) -> Markup:
        keys = self.index.page_keys.get(page, [])
        if self.numeric:
            keys = sorted(keys, key=lambda k: self.index.numbers.get(k, 0))
        items = [
            {"link": self.cite(page, key), "text": escape.md(self.full(self.refs[key]))}
            for key in keys
            if key in self.refs
        ]
        return Markup(self.templates["references"].render(items=items))

    def retracted(self, key: str | None) -> bool:
        return bool(key) and self.site.status(key or "") == "retracted"

    def counted(self, studies: list[Study]) -> list[Study]:
        """Studies that count as evidence: not resting on a retracted primary paper."""
        return [s for s in studies if not self.retracted(s.record.reference)]

    def banner(self, page: str) -> Markup:
        """A warning at the top of every page that cites a retracted paper."""
        keys = [k for k in self.index.page_keys.get(page, []) if self.retracted(k)]
        if not keys:
            return Markup("")
        cites = ", ".join(str(self.cite(page, k)) for k in keys)
        return Markup(
            '!!! danger "This page cites a retracted paper"\n\n'
            f"    {cites}: the citation checks record a retraction ([details]({urls.relative(page, urls.HEALTH)})). "
            "Evidence resting on it is struck through and left out of counts.\n\n"
        )


__all__ = ["Citations"]
