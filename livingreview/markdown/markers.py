"""The generator's own marks in contributor Markdown, and the bibliography's anchors.

Neutral ground: checks look for these marks, the renderers replace them; neither imports the other.
"""

from __future__ import annotations

import re

EVIDENCE_MARKER = "<!-- evidence-table -->"
"""Where a disease page shows its evidence table (else the table goes at the end)."""

DATA_TABLE_MARKER = re.compile(r"<!--\s*data-table:\s*([^\s>]*)\s*-->")
"""Where a page shows the data table ``content/data/<name>.yaml``."""


def anchor_for(key: str) -> str:
    """``ref-`` and the key, ASCII punctuation as '-', other characters as their code (Unicode keys stay apart)."""
    return "ref-" + re.sub(r"[^A-Za-z0-9_-]", lambda m: "-" if m.group() < "\x80" else f"u{ord(m.group()):x}", key)


def table_names(body: str) -> list[str]:
    """The data tables a Markdown body shows, in order."""
    return [m.group(1) for m in DATA_TABLE_MARKER.finditer(body)]


__all__ = ["DATA_TABLE_MARKER", "EVIDENCE_MARKER", "anchor_for", "table_names"]
