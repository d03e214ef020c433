"""The repository's own content passes every check and builds."""

from __future__ import annotations

import os
from pathlib import Path

import feedparser
from conftest import Run
from sitefactory import REPO


def test_real_content_passes_check(cli: Run) -> None:
    done = cli(REPO, "check")
    assert done.returncode == 0, done.stdout
    assert "\n0 errors," in done.stdout


def test_real_site_builds(cli: Run, tmp_path: Path) -> None:
    done = cli(REPO, "build", "--out", str(tmp_path / "site"), env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    assert done.returncode == 0, done.stdout
    out = tmp_path / "site"
    assert (out / "diseases/nervous-system/spinal-cord-injury.html").is_file()
    studies = list((out / "studies").glob("*.html"))
    assert len(studies) >= 140
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo and feed.feed.title.endswith("new and changed studies")
    for name in ("whats-new.html", "how-to-cite.html", "review-status.html", "downloads/editions/2026.1/studies.csv"):
        assert (out / name).is_file(), name
