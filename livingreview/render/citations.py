"""Citations as readers see them: labels, links to the bibliography, reference lists, retraction banners.

The citation index is read from what the pages emit, not predicted. Every citation goes through
:meth:`Citations.cite_link`, which writes a token for its label; once every page is rendered,
:meth:`Citations.resolve` reads the tokens of the pages whose citations count, in reading order and in
the order they appear on each page (data tables included), numbers the keys by first appearance, fills
in each page's reference list and retraction banner, and replaces every token with its label.
"""

from __future__ import annotations

import posixpath
import re

from markupsafe import Markup

from livingreview import escape, urls
from livingreview.citing import CitationIndex
from livingreview.markdown import citations, safety
from livingreview.markdown.citations import CitationGroup
from livingreview.markdown.markers import anchor_for
from livingreview.model import Site, Study
from livingreview.pages import Page
from livingreview.refs import csl
from livingreview.refs import format as refformat
from livingreview.refs.bibtex import Reference
from livingreview.render.environment import Templates

_TOKEN = re.compile("\x02([^\x02\x03]*)\x03")
_LIST = "\x02\x01list\x03"
_BANNER = "\x02\x01banner\x03"


def _token(key: str) -> str:
    return f"\x02{key}\x03"


class Citations:
    def __init__(self, site: Site, templates: Templates) -> None:
        self.site = site
        self.index = CitationIndex()
        """Empty while pages render; :meth:`resolve` records it from what they cite."""
        self.resolved = False
        self.templates = templates
        self.numeric = site.config.citation_style == "numeric"
        self.refs: dict[str, Reference] = {r.key: r for r in site.references}
        self._full: dict[str, str] = {}
        self._links: dict[tuple[str, str, str], str] = {}
        self._retracted: dict[str, bool] = {}

    def full(self, ref: Reference) -> str:
        """The reference formatted by the configured CSL style (once per entry per build)."""
        text = self._full.get(ref.key)
        if text is None:
            text = self._full[ref.key] = csl.full(ref, self.site.config.csl_style)
        return text

    def cite_link(self, page: str, key: str, label: str) -> str:
        # The link depends on its page only through the relative path, so one per folder serves all.
        memo = (posixpath.dirname(page), key, label)
        found = self._links.get(memo)
        if found is None:
            ref = self.refs.get(key)
            title = escape.link_title(self.full(ref)) if ref else ""
            target = urls.relative(page, self.target(key))
            found = self._links[memo] = f'[{label}]({target} "{title}")' if title else f"[{label}]({target})"
        return found

    def target(self, key: str) -> str:
        """Where a citation of ``key`` links: its entry in the bibliography (an output path and anchor)."""
        return f"{urls.BIBLIOGRAPHY}#{anchor_for(key)}"

    def label(self, key: str) -> Markup:
        """The key's label: a token while pages render (see :meth:`resolve`), the label itself after."""
        if not self.resolved:
            return Markup(_token(key))
        return Markup(self._label(key))

    def _label(self, key: str) -> str:
        ref = self.refs.get(key)
        if not self.numeric and ref:
            return str(escape.md(refformat.short(ref)))
        return str(self.index.numbers.get(key, "?"))

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
        # Raw HTML starts with '<': a body without one has nothing to sanitize (and needs no parse).
        clean = safety.sanitize(body) if "<" in body else body
        return citations.replace(clean, lambda g: self.group(page, g), first_line)

    def cite(self, page: str, key: str | None) -> Markup:
        if not key:
            return Markup("")
        link = self.cite_link(page, key, self.label(key))
        return Markup(f"\\[{link}\\]" if self.numeric else link)

    def reference_list(self, page: str) -> Markup:
        """Where the page's reference list goes (filled in by :meth:`resolve`)."""
        return Markup(_LIST)

    def _reference_list(self, page: str) -> str:
        keys = self.index.page_keys.get(page, [])
        if self.numeric:
            keys = sorted(keys, key=lambda k: self.index.numbers.get(k, 0))
        items = [
            {"link": self.cite(page, key), "text": escape.md(self.full(self.refs[key]))}
            for key in keys
            if key in self.refs
        ]
        return str(self.templates["references"].render(items=items))

    def retracted(self, key: str | None) -> bool:
        if not key:
            return False
        found = self._retracted.get(key)
        if found is None:
            found = self._retracted[key] = self.site.status(key) == "retracted"
        return found

    def counted(self, studies: list[Study]) -> list[Study]:
        """Studies that count as evidence: not resting on a retracted primary paper."""
        return [s for s in studies if not self.retracted(s.record.reference)]

    def banner(self, page: str) -> Markup:
        """Where the page's retraction banner goes (filled in by :meth:`resolve`)."""
        return Markup(_BANNER)

    def _banner(self, page: str) -> str:
        """A warning at the top of every page that cites a retracted paper."""
        keys = [k for k in self.index.page_keys.get(page, []) if self.retracted(k)]
        if not keys:
            return ""
        cites = ", ".join(str(self.cite(page, k)) for k in keys)
        return (
            '!!! danger "This page cites a retracted paper"\n\n'
            f"    {cites}: the citation checks record a retraction ([details]({urls.relative(page, urls.HEALTH)})). "
            "Evidence resting on it is struck through and left out of counts.\n\n"
        )

    def record(self, pages: dict[str, str], order: list[Page]) -> CitationIndex:
        """The citation index of the rendered ``pages``: what the pages of ``order`` cite, in that order."""
        index = CitationIndex()
        for page in order:
            for match in _TOKEN.finditer(pages[page.path]):
                key = match.group(1)
                if not key.startswith("\x01"):
                    index.record(key, page.path)
        for keys in index.page_keys.values():
            for key in keys:
                index.numbers.setdefault(key, len(index.numbers) + 1)
        return index

    def resolve(self, pages: dict[str, str], order: list[Page]) -> CitationIndex:
        """Record the index from ``pages`` (in place), then put every label, list and banner in."""
        self.index = self.record(pages, order)
        self.resolved = True
        for page in order:
            text = pages[page.path]
            if _LIST in text:
                text = text.replace(_LIST, self._reference_list(page.path), 1)
            if _BANNER in text:
                text = text.replace(_BANNER, self._banner(page.path), 1)
            pages[page.path] = text
        labels: dict[str, str] = {}

        def label(match: re.Match[str]) -> str:
            key = match.group(1)
            found = labels.get(key)
            if found is None:
                found = labels[key] = self._label(key)
            return found

        for path, text in pages.items():
            if "\x02" in text:
                pages[path] = _TOKEN.sub(label, text.replace(_LIST, "").replace(_BANNER, ""))
        return self.index


__all__ = ["Citations"]
