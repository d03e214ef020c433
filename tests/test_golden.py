"""The generated Markdown of the fixture site, compared file by file with tests/golden/.

After an intended change to templates or rendering, regenerate and review the diff:
    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

from sitefactory import GOLDEN_EXTRA

from livingreview import build

GOLDEN = Path(__file__).resolve().parent / "golden" / "docs"
DIAGNOSTICS = GOLDEN.parent / "diagnostics.txt"


def test_generated_markdown_matches_golden(site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    outcome = build.generate(site(GOLDEN_EXTRA))
    assert outcome.ok, [d.format() for d in outcome.diagnostics]
    pages = dict(outcome.pages)
    pages["mkdocs.yml"] = build.mkdocs_config(outcome.site)  # type: ignore[arg-type]
    warnings = "".join(d.format() + "\n" for d in sorted(set(outcome.diagnostics)))
    if os.environ.get("UPDATE_GOLDEN"):
        DIAGNOSTICS.write_text(warnings, encoding="utf-8")
        for old in GOLDEN.rglob("*"):
            if old.is_file():
                old.unlink()
        for rel, text in pages.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
    expected = {
        p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*") if p.is_file()
    }
    assert warnings == DIAGNOSTICS.read_text(encoding="utf-8")
    assert sorted(pages) == sorted(expected)
    for rel, text in pages.items():
        assert text == expected[rel], f"{rel} differs from tests/golden/docs/{rel}"
