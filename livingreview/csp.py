"""A Content-Security-Policy for every built page: only the site's own scripts may run.

Material writes a few small inline scripts whose text differs between pages (the path back to the
site root), so the policy is computed per page: each inline script is allowed by its SHA-256 hash,
scripts from files only from the site itself. The meta tag goes first in ``<head>``. This runs on
the freshly built tree, before it is checked and swapped into place.
"""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
_HEAD = re.compile(r"<head[^>]*>", re.I)

BASE_POLICY = (
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "frame-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


def inline_hashes(html: str) -> list[str]:
    """CSP source expressions for the page's executable inline scripts, in order, without repeats."""
    hashes: dict[str, None] = {}
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if "src=" in attrs or re.search(r"type=[\"']application/(ld\+)?json", attrs):
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        hashes["'sha256-" + base64.b64encode(digest).decode("ascii") + "'"] = None
    return list(hashes)


def policy(html: str) -> str:
    scripts = " ".join(["script-src 'self'", *inline_hashes(html)])
    return "; ".join([BASE_POLICY[0], scripts, *BASE_POLICY[1:]])


def insertion(html: str) -> tuple[int, str] | None:
    """Where the CSP meta tag goes (just after ``<head ...>``) and the tag; None if there is no head."""
    match = _HEAD.search(html)
    if not match:
        return None
    return match.end(), f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'


def add_meta(html: str) -> str:
    """``html`` with a CSP meta tag as the first element of ``<head>`` (unchanged if there is no head)."""
    found = insertion(html)
    if found is None:
        return html
    offset, meta = found
    return html[:offset] + meta + html[offset:]
