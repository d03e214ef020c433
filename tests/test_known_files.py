"""Which files under content/ are part of the site (the others get W-UNUSED-FILE)."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from livingreview.content import loader


@pytest.mark.parametrize(
    "rel",
    [
        "index.md",
        "profile.yaml",
        "studies/a-2020-x.md",
        "studies/.hidden.md",
        "studies/deeper/a.md",
        "diseases/renal/aki.md",
        "diseases/aki.md",
        "diseases/renal/x/aki.md",
        "topics/t.md",
        "topics/t.MD",
        "data/table.yaml",
        "data/table.yml",
        "notes.txt",
        "a/index.md",
    ],
)
def test_known_patterns_match_as_pathlib_matches_them(rel: str) -> None:
    path = PurePosixPath(rel)
    expected = any(
        path.match(pattern) and len(path.parts) == len(PurePosixPath(pattern).parts) for pattern in loader.KNOWN
    )
    assert any(loader._matches(path.parts, pattern) for pattern in loader._KNOWN_PARTS) is expected
