"""The live preview's error banner: when an edit has errors, every page says so, at the top.

``serve`` keeps the last good pages and, while the sources have errors, writes them again with a
red admonition (Material's built-in ``failure`` type) listing each error as ``path:line: [CODE]
message``. The reader sees at once that the page is not their latest edit and why; the banner goes
away with the next regeneration that has no errors. The text is escaped for Markdown, so a message
quoting ``*``, ``[`` or ``<`` shows literally.
"""

from __future__ import annotations

from collections.abc import Iterable

from livingreview import escape
from livingreview.diagnostics import Diagnostic

TITLE = "Preview not updated: the sources have errors"
LIMIT = 50
"""At most this many errors are listed; the terminal has them all."""


def banner(problems: Iterable[Diagnostic]) -> str:
    """The admonition listing the errors in ``problems`` (warnings are left to the terminal)."""
    errors = sorted(d for d in set(problems) if d.is_error)
    lines = [
        f'!!! failure "{TITLE}"',
        "",
        f"    {escape.md('This page shows the last version without errors. Fix these and save: this box goes away.')}",
        "",
    ]
    for d in errors[:LIMIT]:
        where = f"{d.path}:{d.line}" if d.line else d.path
        text = f"{where}: [{d.code}] {d.message}" + (f" (hint: {d.hint})" if d.hint else "")
        lines.append(f"    - {escape.md(text)}")
    if len(errors) > LIMIT:
        lines.append(f"    - {escape.md(f'... and {len(errors) - LIMIT} more: see the terminal running serve')}")
    return "\n".join(lines) + "\n\n"


def insert(page: str, text: str) -> str:
    """``page`` with ``text`` placed right after its front matter (or first, when it has none)."""
    if page.startswith("---\n"):
        end = page.find("\n---\n", 3)
        if end != -1:
            cut = end + len("\n---\n")
            return page[:cut] + "\n" + text + page[cut:]
    return text + page


def with_banner(pages: dict[str, str], problems: Iterable[Diagnostic]) -> dict[str, str]:
    """Every Markdown page of ``pages`` with the error banner at its top."""
    text = banner(problems)
    return {name: insert(page, text) if name.endswith(".md") else page for name, page in pages.items()}
