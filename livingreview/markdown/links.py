"""Links in contributor Markdown to other pages of the site, checked before anything is built.

Content files sit where their pages will be (``content/diseases/kidney/x.md`` becomes
``diseases/kidney/x.md``), so a relative link is resolved against the page's own path and must name
a page the build will produce. External links are left to ``linkcheck --online``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from livingreview.markdown.parse import code_lines

_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?\s*$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:|^//")


def relative_targets(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(file line, target) for every relative link outside code."""
    skip = code_lines(body)
    for index, text in enumerate(body.split("\n")):
        if index in skip or ("](" not in text and "]:" not in text):
            continue
        for match in _LINK.finditer(text):
            target = match.group(1) or match.group(2) or ""
            if target and not _SCHEME.match(target) and not target.startswith("#") and not target.startswith("@"):
                yield first_line + index, target


def resolve(page: str, target: str) -> str:
    """The output path a relative link on ``page`` points to (fragment and query dropped)."""
    path = unquote(urlsplit(target).path)
    if path.startswith("/"):
        return posixpath.normpath(path.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
