"""The example review in examples/back-pain-exercise: a review of another kind (its own profile,
vocabularies, records, pages, bibliography and the few templates it words differently), built by the
same command line with no Python of its own (issue 16)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from conftest import Run
from sitefactory import REPO

EXAMPLE = "examples/back-pain-exercise"


def test_example_review_builds_with_its_own_profile(cli: Run, tmp_path: Path) -> None:
    # The example lives two folders below the generator's reader UI (assets_dir: ../../assets).
    shutil.copytree(REPO / EXAMPLE, tmp_path / EXAMPLE, ignore=shutil.ignore_patterns("build"))
    shutil.copytree(REPO / "assets", tmp_path / "assets")
    out = tmp_path / "site"
    done = cli(
        tmp_path, "--root", EXAMPLE, "build", "--out", str(out), env={**os.environ, "SOURCE_DATE_EPOCH": "1765000000"}
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 errors" in done.stdout
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 20
    assert [p for p in pages if "Demonstration only" not in p.read_text(encoding="utf-8")] == []

    docs = tmp_path / EXAMPLE / "build" / "docs"
    study = (docs / "studies/sherman-2011-yoga-stretching.md").read_text(encoding="utf-8")
    assert "| Participants | 228 |" in study
    assert (
        "| Compared with | [stretching](../comparators/stretching.md), [education](../comparators/education.md) |"
        in study
    )
    assert "| Design | Randomised trials |" in study

    disease = (docs / "diseases/back/chronic-low-back-pain.md").read_text(encoding="utf-8")
    assert "| Study | Exercise | Compared with | Key outcome | Ref. |" in disease
    assert "3 randomised trials." in disease
    assert (
        "&#34;Intervention&#34;,&#34;Comparator&#34;,&#34;Country&#34;,&#34;Body region&#34;,&#34;Evidence&#34;"
        in disease
    )

    evidence_map = (docs / "evidence-map.md").read_text(encoding="utf-8")
    row = next(line for line in evidence_map.splitlines() if line.startswith("| [Chronic low back pain]"))
    assert re.search(r"\[3\]\([^)]*filter=Intervention%3AYoga&filter=Evidence%3ARandomised%20trials\)", row), row
    assert row.endswith("| 3 | 0 |")
    assert "| Body region | United States | United Kingdom | All randomised trials | Other designs |" in evidence_map

    assert (docs / "interventions/yoga.md").is_file() and (docs / "countries/united-kingdom.md").is_file()
    assert "`participants`" in (docs / "about-data.md").read_text(encoding="utf-8")
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert "This demonstration holds 3 randomised trials and 0 studies of other designs" in home
    leaked = [p.name for p in docs.rglob("*.md") if re.search(r"\bMSC|vesicle", p.read_text(encoding="utf-8"))]
    assert leaked == [], "the generator's Python or default templates speak of the other review"
