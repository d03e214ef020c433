"""The anchors (ids) a page will have once MkDocs renders it, predicted from its Markdown.

MkDocs accepts ``page.md#x`` when ``x`` is an ``id`` in the page's HTML (or a ``name`` of an ``<a>``
in raw HTML). Those ids come from three places, mirrored here:

* headings: Python-Markdown's ``toc`` extension slugifies the heading's visible text (tags dropped,
  entities decoded, whitespace collapsed) and makes repeats unique with ``_1``, ``_2`` ... , skipping
  every id already in the page (``attr_list`` ids included);
* ``attr_list``: ``## Title {#id}`` sets a heading's id; ``{: #id }`` on the last line of a block, or
  right after an inline element, gives that element an id;
* raw HTML anywhere in the page text: ``id="..."`` on any tag, ``name="..."`` on ``<a>``.

``tests/test_anchors.py`` builds headings that stress this with MkDocs and compares the ids.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.token import Token


_HEADER_ATTRS = re.compile(r"[ ]+\{:?[ ]*([^}\n ][^\n]*?)[ ]*\}[ ]*$")
_ANY_ATTRS = re.compile(r"\{:?[ ]*([^}\n ][^}\n]*?)[ ]*\}")
_ATTR_WORD = re.compile(r"""[^ =}]+="[^"]*"|[^ =}]+='[^']*'|[^ =}]+=[^ =}]+|[^ =}]+""")
_HTML_ID = re.compile(
    r"""<([A-Za-z][\w:-]*)\b[^<>]*?\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE
)
_HASH_HEADING = re.compile(r"^(#{1,6})(?!#)(.*?)#*$")
_IDCOUNT = re.compile(r"^(.*)_([0-9]+)$")


@dataclass(frozen=True, slots=True)
class Slugs:
    """How headings become ids: the ``toc`` settings of ``mkdocs.yml`` (``separator``, unicode slugs)."""

    separator: str = "-"
    unicode: bool = False

    def slugify(self, value: str) -> str:
        """Python-Markdown's ``toc.slugify`` (and ``slugify_unicode`` when ``unicode``)."""
        if not self.unicode:
            value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
        value = re.sub(r"[^\w\s-]", "", value).strip().lower()
        return re.sub(rf"[{self.separator}\s]+", self.separator, value)


def _unique(slug: str, used: set[str]) -> str:
    """Python-Markdown's ``toc.unique``: append ``_1``, ``_2`` ... until unused."""
    while slug in used or not slug:
        match = _IDCOUNT.match(slug)
        slug = f"{match.group(1)}_{int(match.group(2)) + 1}" if match else f"{slug}_1"
    used.add(slug)
    return slug


def attr_ids(text: str) -> list[str]:
    """The ids an ``attr_list`` body (what is inside ``{: ... }``) sets."""
    ids = []
    for word in _ATTR_WORD.findall(text):
        if word.startswith("#") and len(word) > 1:
            ids.append(word[1:])
        elif word.startswith("id="):
            ids.append(word[3:].strip("\"'"))
    return ids


def heading_text(inline: Token) -> str:
    """A heading's visible text as ``toc`` sees it: text and code, no tags, no image alt text."""
    parts: list[str] = []
    for child in inline.children or ():
        if child.type == "image":
            continue
        if child.type in ("text", "code_inline", "text_special"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def page_anchors(items: Iterable[Token], text: str, slugs: Slugs) -> list[str]:
    """Every id the rendered page will have, in document order (headings first, then other ids)."""
    headings: list[tuple[str, str | None]] = []  # (visible text, explicit id)
    explicit: list[str] = []
    previous = ""
    for token in items:
        if token.type == "inline":
            if previous == "heading_open":
                name = heading_text(token)
                match = _HEADER_ATTRS.search(name)
                given = attr_ids(match.group(1))[-1:] if match else []
                if match:
                    name = name[: match.start()]
                headings.append((name, given[0] if given else None))
                explicit += given
            else:
                for line in token.content.split("\n"):
                    hashed = _HASH_HEADING.match(line) if previous == "paragraph_open" else None
                    if hashed and line[len(hashed.group(1)) : len(hashed.group(1)) + 1] not in (" ", "\t"):
                        headings.append((" ".join(hashed.group(2).split()), None))
                for found in _ANY_ATTRS.finditer(token.content):
                    explicit += attr_ids(found.group(1))
        previous = token.type
    used = set(explicit)
    ids = [
        given if given is not None else _unique(slugs.slugify(html.unescape(name)), used) for name, given in headings
    ]
    ids += explicit
    if "<" in text:
        for match in _HTML_ID.finditer(text):
            if match.group(2).lower() == "id" or match.group(1).lower() == "a":
                ids.append(html.unescape(match.group(3) or match.group(4) or match.group(5) or ""))
    return list(dict.fromkeys(i for i in ids if i))
