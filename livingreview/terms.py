"""Internal terms must not reach readers: a check on the rendered Markdown pages.

``extra.livingreview.internal_terms`` in ``mkdocs.yml`` lists words or regular expressions (matched
case-insensitively; a plain word or phrase matches whole words only). Every rendered page is searched
in its reader-facing text: link destinations, HTML attributes other than ``title``, attribute lists
and comments are left out, so ids and anchors that readers never see may contain a term. A hit is
reported at the source file and line that put it there when it can be found there (the page's own
source first, then content, bibliography and templates), else at the generated page.

Searching every page costs a few tenths of a second on a large site, so the SHA-256 of each page
found clean is kept in ``.cache/terms.json`` (with the terms it was searched for): a warm run
searches only the pages an edit changed. A page with a hit is never recorded, so it is searched
(and reported) every time.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path

from livingreview.citing import reading_order
from livingreview.diagnostics import Diagnostic, error
from livingreview.model import Site
from livingreview.writer import write_atomic

CODE = "E-INTERNAL-TERM"
_PLAIN = re.compile(r"^[\w][\w\s'-]*$")
_LINK_DEST = re.compile(r"\]\(\s*<?[^)\s>]*>?")
_ATTRIBUTE = re.compile(r"""\s(?!title=)[\w:-]+=(?:"[^"]*"|'[^']*')""")
_ATTR_LIST = re.compile(r"\{:?\s*[#.][^}\n]*\}")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CITATION = re.compile(r"@[\w][\w:.#$%&+?<>~/-]*")


def compile_terms(terms: Iterable[str]) -> tuple[list[tuple[str, re.Pattern[str]]], list[Diagnostic]]:
    """Each configured term as a case-insensitive pattern; a malformed regex is an E-CONFIG problem."""
    patterns: list[tuple[str, re.Pattern[str]]] = []
    problems: list[Diagnostic] = []
    for term in terms:
        source = rf"\b{re.escape(term.strip())}\b" if _PLAIN.match(term.strip()) else term
        try:
            patterns.append((term, re.compile(source, re.IGNORECASE)))
        except re.error as exc:
            problems.append(
                error(
                    "mkdocs.yml",
                    0,
                    "E-CONFIG",
                    f"extra.livingreview.internal_terms entry '{term}' is not a valid regular expression: {exc}",
                    "write a plain word, or a Python regular expression such as '\\bseeds?\\b'",
                )
            )
    return patterns, problems


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    """Replace every match with spaces (newlines kept), so offsets and line numbers stay true."""

    def spaces(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return pattern.sub(spaces, text)


def reader_text(markdown: str) -> str:
    """The page with what readers never see blanked out (same length, same lines)."""
    for pattern in (_COMMENT, _LINK_DEST, _ATTRIBUTE, _ATTR_LIST):
        markdown = _blank(markdown, pattern)
    return markdown


def _keys_pattern(site: Site) -> re.Pattern[str] | None:
    keys = {ref.key for ref in site.references} | {study.id for study in site.studies}
    if not keys:
        return None
    alternation = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")


def _source_text(text: str, keys: re.Pattern[str] | None) -> str:
    """A source file as a reader would meet it: citations, link targets and internal keys blanked."""
    text = reader_text(text)
    text = _blank(text, _CITATION)
    return _blank(text, keys) if keys else text


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _candidates(site: Site, own: str | None) -> list[str]:
    """Source files to search for a term, the page's own source first."""
    cfg = site.config
    files = [own] if own else []
    for folder, patterns in ((cfg.content_dir, ("*.md", "*.yaml", "*.yml")), (cfg.templates_dir, ("*.j2",))):
        if folder.is_dir():
            for pattern in patterns:
                files += sorted(cfg.rel(p) for p in folder.rglob(pattern))
    files.append(cfg.rel(cfg.bibliography))
    return list(dict.fromkeys(files))


class _Sources:
    """Source files read once, blanked the same way as pages, and searched for a term."""

    def __init__(self, site: Site) -> None:
        self.root: Path = site.config.root
        self.keys = _keys_pattern(site)
        self.texts: dict[tuple[str, bool], str] = {}

    def find(self, path: str, pattern: re.Pattern[str], *, keys: bool = True) -> int:
        """The first line of ``path`` where ``pattern`` shows in reader-facing text, or 0.

        With ``keys`` False, bibliography keys and study ids written as plain words count too.
        """
        if (path, keys) not in self.texts:
            file = self.root / path
            raw = file.read_text(encoding="utf-8") if file.is_file() else ""
            self.texts[path, keys] = _source_text(raw, self.keys if keys else None)
        text = self.texts[path, keys]
        match = pattern.search(text)
        return _line_of(text, match.start()) if match else 0

    def locate(self, site: Site, own: str | None, pattern: re.Pattern[str]) -> tuple[str, int] | None:
        """The source file and line that most likely put ``pattern`` on a page, if any."""
        for candidate in _candidates(site, own):
            line = self.find(candidate, pattern)
            if line:
                return candidate, line
        line = self.find(own, pattern, keys=False) if own else 0
        return (own, line) if own and line else None


class _CleanPages:
    """Pages (by the SHA-256 of their text) known to hold no term, kept between runs for the same terms."""

    _VERSION = 1

    def __init__(self, file: Path, terms: tuple[str, ...]) -> None:
        self.file = file
        self._salt = json.dumps([self._VERSION, list(terms)])
        self._old: set[str] = set()
        self.clean: set[str] = set()
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # no cache, or a damaged one: every page is searched
        if isinstance(data, dict) and data.get("salt") == self._salt and isinstance(data.get("pages"), list):
            self._old = {str(h) for h in data["pages"]}

    @staticmethod
    def digest(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def known(self, digest: str) -> bool:
        if digest in self._old:
            self.clean.add(digest)
            return True
        return False

    def save(self) -> None:
        if self.clean == self._old:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            data = {"salt": self._salt, "pages": sorted(self.clean)}
            write_atomic(self.file, json.dumps(data).encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written only makes the next run slower


def check(site: Site, pages: dict[str, str]) -> list[Diagnostic]:
    """E-INTERNAL-TERM for every configured term found in a rendered page's reader-facing text."""
    patterns, problems = compile_terms(site.config.internal_terms)
    if not patterns or problems:
        return problems
    own_source: dict[str, str] = {}
    sources: _Sources | None = None  # read only when a term is found
    seen: set[tuple[str, int, str]] = set()
    cache = _CleanPages(site.config.root / ".cache" / "terms.json", site.config.internal_terms)
    for page in sorted(pages):
        if not page.endswith(".md"):
            continue
        digest = cache.digest(pages[page])
        if cache.known(digest):
            continue
        text = reader_text(pages[page])
        found = False
        for term, pattern in patterns:
            match = pattern.search(text)
            if not match:
                continue
            found = True
            if sources is None:
                own_source = {page: doc.path for page, doc in reading_order(site)}
                sources = _Sources(site)
            path, line = sources.locate(site, own_source.get(page), pattern) or (
                f"(generated) {page}",
                _line_of(text, match.start()),
            )
            if (path, line, term) in seen:
                continue
            seen.add((path, line, term))
            problems.append(
                error(
                    path,
                    line,
                    CODE,
                    f"internal term '{match.group(0)}' (matches '{term}') reaches readers on {page}",
                    "say it in the reader's words (name a review by its authors or its label on the methods page);"
                    " the list is extra.livingreview.internal_terms in mkdocs.yml",
                )
            )
        if not found:
            cache.clean.add(digest)
    cache.save()
    return problems


__all__ = ["CODE", "check", "compile_terms", "reader_text"]
