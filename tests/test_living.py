"""Editions, what's new, the feed, review dates, last-changed dates from git, and how to cite."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
import pytest
import yaml
from conftest import Run
from sitefactory import REPO, base

from livingreview import build, history

CFF_SCHEMA = json.loads((Path(__file__).parent / "data" / "cff-1.2.0.schema.json").read_text(encoding="utf-8"))
JAN, FEB = "1767225600", "1769904000"  # 2026-01-01, 2026-02-01 (UTC)
DISEASE = "content/diseases/kidney/cisplatin-nephrotoxicity.md"
STUDY = "content/studies/zhou-2013-cisplatin-aki.md"

NEW_STUDY = """\
    ---
    id: li-2014-cisplatin-aki
    title: Bone marrow MSC vesicles in cisplatin kidney injury
    conditions: [cisplatin-nephrotoxicity]
    agent: msc-ev
    study_type: [animal]
    first_author: Li
    year: 2014
    reported_in:
      - review: heo2018mesenchymal
        ref: "53"
    ---
    A second study on the same condition.
    """


def env(epoch: str) -> dict[str, str]:
    """The whole environment of a CLI run: nothing from the caller's."""
    return {"PATH": os.defpath, "SOURCE_DATE_EPOCH": epoch, "LANG": "C.UTF-8"}


def generate(root: Path, epoch: str, monkeypatch: pytest.MonkeyPatch) -> build.Outcome:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    outcome = build.generate(root)
    assert outcome.ok, [d.format() for d in outcome.diagnostics]
    return outcome


def section(page: str, heading: str) -> list[str]:
    """The list items under ``heading`` (up to the next heading of the same level)."""
    level = heading.split(" ")[0]
    lines = page.split("\n")
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith(level + " ")), len(lines))
    return [line for line in lines[start:end] if line.startswith("- ")]


def registry_ledger(outcome: str, day: str) -> dict[str, Any]:
    """Citation checks in which Crossref answered about the fixture's primary paper."""
    check = {"kind": "registry", "source": "crossref", "date": day, "outcome": outcome}
    check |= {"confirmed": ["identifier", "title", "first_author", "year"], "identifier": {"doi": "10.1186/scrt194"}}
    return {"entries": {"zhou2013exosomes": {"checks": [check]}}}


def two_editions(site: Any, cli: Run) -> Path:
    """Edition 1: one study. Edition 2: a study added, one changed, its primary paper retracted."""
    root = site({"citation-ledger.json": json.dumps(registry_ledger("match", "2026-01-01"))})
    done = cli(root, "release", "1", env=env(JAN))
    assert done.returncode == 0, done.stdout
    assert "recorded edition 1 (2026-01-01): 1 studies, 1 conditions, 2 references" in done.stdout
    (root / "content/studies/li-2014-cisplatin-aki.md").write_text(textwrap.dedent(NEW_STUDY), encoding="utf-8")
    study = base(STUDY).replace("lower serum creatinine and BUN", "lower serum creatinine")
    (root / STUDY).write_text(study, encoding="utf-8")
    bib = base("references.bib").replace("pmid = {23618405}", "pmid = {23618405},\n  x-acknowledged = {retracted}")
    (root / "references.bib").write_text(bib, encoding="utf-8")
    ledger = registry_ledger("retracted", "2026-01-20")
    (root / "citation-ledger.json").write_text(json.dumps(ledger), encoding="utf-8")
    done = cli(root, "release", "2", env=env(FEB))
    assert done.returncode == 0, done.stdout
    return root


def test_two_editions_yield_exactly_their_changes(site: Any, cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    root = two_editions(site, cli)
    snapshot = (root / "editions/2.json").read_text(encoding="utf-8").splitlines()
    assert sum(1 for line in snapshot if line.startswith('{"id":')) == 2  # one study per line
    outcome = generate(root, FEB, monkeypatch)
    page = outcome.pages["whats-new.md"]
    assert "## Not yet in an edition" not in page
    assert section(page, "## Edition 2 (2026\\-02\\-01)") == [
        "- [Bone marrow MSC vesicles in cisplatin kidney injury](studies/li-2014-cisplatin-aki.md) (Li 2014)",
        "- [Umbilical cord MSC exosomes in cisplatin kidney injury](studies/zhou-2013-cisplatin-aki.md) (Zhou 2013): "
        "`outcomes`",
        '- \\[[2](bibliography.md#ref-zhou2013exosomes "Zhou Y, Xu H, Xu W, et al. Exosomes released by human '
        "umbilical cord mesenchymal stem cells protect against cisplatin-induced renal oxidative stress and "
        'apoptosis in vivo and in vitro. Stem Cell Research &amp; Therapy. 2013;4(2):34.")\\] Zhou et al\\., 2013: '
        "retracted (was registry\\-confirmed)",
    ]
    assert "| Studies | 1 | 2 |" in page and "| Retracted references | 0 | 1 |" in page
    assert section(page, "## Edition 1 (2026\\-01\\-01)") == []
    assert "The first edition of the review." in page
    assert (
        "**Latest edition: 2** (2026\\-02\\-01): 1 study added, 1 study changed, 1 reference newly retracted."
        in (outcome.pages["index.md"])
    )
    feed = feedparser.parse(outcome.assets["feed.xml"])
    assert not feed.bozo, feed.bozo_exception
    assert [(e.title, e.updated, e.get("link", "")) for e in feed.entries] == [
        (
            "Retracted: Exosomes released by human umbilical cord mesenchymal stem cells protect against "
            "cisplatin-induced renal oxidative stress and apoptosis in vivo and in vitro",
            "2026-02-01T00:00:00Z",
            "bibliography.html#ref-zhou2013exosomes",
        ),
        (
            "New study: Bone marrow MSC vesicles in cisplatin kidney injury",
            "2026-02-01T00:00:00Z",
            "studies/li-2014-cisplatin-aki.html",
        ),
        (
            "Changed study: Umbilical cord MSC exosomes in cisplatin kidney injury",
            "2026-02-01T00:00:00Z",
            "studies/zhou-2013-cisplatin-aki.html",
        ),
    ]
    assert len({e.id for e in feed.entries}) == 3 and all(e.id.startswith("urn:uuid:") for e in feed.entries)
    assert feed.feed.updated == "2026-02-01T00:00:00Z"
    # The condition's own feed: the same entries (all three concern it), linked from its page.
    condition = feedparser.parse(outcome.assets["feeds/cisplatin-nephrotoxicity.xml"])
    assert not condition.bozo and condition.feed.title.endswith("new and changed studies on Cisplatin nephrotoxicity")
    assert [e.id for e in condition.entries] == [e.id for e in feed.entries]
    assert condition.entries[1].link == "../studies/li-2014-cisplatin-aki.html"
    disease = outcome.pages["diseases/kidney/cisplatin-nephrotoxicity.md"]
    assert "· [Atom feed of this condition](../../feeds/cisplatin-nephrotoxicity.xml)" in disease
    # Each edition's downloads, regenerated from its snapshot.
    first = json.loads(outcome.assets["downloads/editions/1/studies.json"])
    second = json.loads(outcome.assets["downloads/editions/2/studies.json"])
    assert [s["id"] for s in first["studies"]] == ["zhou-2013-cisplatin-aki"]
    assert [s["id"] for s in second["studies"]] == ["li-2014-cisplatin-aki", "zhou-2013-cisplatin-aki"]
    assert first["studies"][0]["outcomes"] == ["lower serum creatinine and BUN"]
    # The same input and date give the same bytes.
    again = generate(root, FEB, monkeypatch)
    assert again.pages == outcome.pages and again.assets == outcome.assets


def test_edition_downloads_are_the_same_from_the_cache(site: Any, cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    root = two_editions(site, cli)
    cold = generate(root, FEB, monkeypatch).assets
    cached = sorted(p.relative_to(root).as_posix() for p in (root / ".cache/editions").rglob("*.json"))
    assert len(cached) == 2 and len({p.split("/")[2] for p in cached}) == 2  # one parsed bibliography per edition
    assert generate(root, FEB, monkeypatch).assets == cold
    assert sorted(p.relative_to(root).as_posix() for p in (root / ".cache/editions").rglob("*.json")) == cached
    for entry in cached:
        (root / entry).write_text('{"references": [["damaged"]]}', encoding="utf-8")
    assert generate(root, FEB, monkeypatch).assets == cold
    shutil.rmtree(root / ".cache/editions")
    (root / ".cache/editions").write_text("a file where the cache folder should be", encoding="utf-8")
    assert generate(root, FEB, monkeypatch).assets == cold


def test_unreleased_changes_are_listed_until_released(site: Any, cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    root = site()
    assert cli(root, "release", "2026.1", env=env(JAN)).returncode == 0
    (root / "content/studies/li-2014-cisplatin-aki.md").write_text(textwrap.dedent(NEW_STUDY), encoding="utf-8")
    page = generate(root, FEB, monkeypatch).pages["whats-new.md"]
    assert section(page, "## Not yet in an edition") == [
        "- [Bone marrow MSC vesicles in cisplatin kidney injury](studies/li-2014-cisplatin-aki.md) (Li 2014)"
    ]
    done = cli(root, "release", "2026.1", env=env(FEB))
    assert done.returncode == 1
    assert "editions/2026.1.json: [E-EDITION] edition 2026.1 is already recorded" in done.stdout
    done = cli(root, "release", "2026.0", env=env("1700000000"))
    assert "editions/2026.0.json: [E-EDITION] date 2023-11-14 is before edition 2026.1 (2026-01-01)" in done.stdout


def test_citation_cff_validates_and_names_the_latest_edition(site: Any, cli: Run) -> None:
    root = two_editions(site, cli)
    data = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(CFF_SCHEMA).validate(data)
    assert (data["version"], data["date-released"]) == ("2", "2026-02-01")
    cff = (root / "CITATION.cff").read_text(encoding="utf-8").replace('version: "2"', 'version: "1"')
    (root / "CITATION.cff").write_text(cff, encoding="utf-8")
    done = cli(root, "check", env=env(FEB))
    assert (
        "CITATION.cff:10: warning [W-CITATION] CITATION.cff names version '1' (2026-02-01), "
        "the latest edition is 2 (2026-02-01)" in done.stdout
    )


def test_how_to_cite_names_the_edition(site: Any, cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    root = two_editions(site, cli)
    page = generate(root, FEB, monkeypatch).pages["how-to-cite.md"]
    assert "this site is **edition 2**, released on 2026\\-02\\-01" in page
    assert "    MSC-exosome therapy — a living evidence review. MSC-exosome" in page
    assert "      version = {2},\n" in page and '      "version": "2",\n' in page


REVIEWED = base(DISEASE).replace("last_reviewed: 2026-01-10", "last_reviewed: 2026-01-10\nsearched_up_to: '2018'")


def test_overdue_page_shows_a_notice_and_is_listed(site: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    root = site({DISEASE: REVIEWED})
    pages = generate(root, "1800000000", monkeypatch).pages  # 2027-01-15: 370 days after the review
    assert '!!! warning "Review overdue"' in pages[DISEASE.replace("content/", "")]
    assert (
        "This page was last reviewed 370 days before this build (the review interval is 365 days)"
        in (pages["diseases/kidney/cisplatin-nephrotoxicity.md"])
    )
    assert section(pages["review-status.md"], "## Overdue pages") == [
        "- [Cisplatin nephrotoxicity](diseases/kidney/cisplatin-nephrotoxicity.md): last reviewed 2026-01-10, "
        "370 days before this build"
    ]


def test_page_within_the_interval_shows_no_notice(site: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    root = site({DISEASE: REVIEWED})
    pages = generate(root, FEB, monkeypatch).pages
    disease = pages["diseases/kidney/cisplatin-nephrotoxicity.md"]
    assert "Review overdue" not in disease
    assert "*Last reviewed 10 January 2026 · evidence searched up to 2018*" in disease
    assert "No page is overdue for review." in pages["review-status.md"]
    assert "Overdue pages" not in pages["review-status.md"]


def test_review_interval_setting(site: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    mkdocs = base("mkdocs.yml").replace("    ledger:", "    review_interval: 14\n    ledger:")
    pages = generate(site({DISEASE: REVIEWED, "mkdocs.yml": mkdocs}), FEB, monkeypatch).pages
    assert "(the review interval is 14 days)" in pages["diseases/kidney/cisplatin-nephrotoxicity.md"]


def test_missing_and_malformed_review_dates_are_located(site: Any, cli: Run) -> None:
    root = site(
        {
            "content/topics/bad.md": "---\ntitle: Bad\nsummary: S.\nlast_reviewed: 2026-13-01\n---\nText.\n",
            "content/topics/worse.md": "---\ntitle: Worse\nsummary: S.\nlast_reviewed: 22.11.2026\n---\nText.\n",
            DISEASE: base(DISEASE).replace("last_reviewed: 2026-01-10\n", ""),
        }
    )
    done = cli(root, "check", env=env(FEB))
    assert (
        f"{DISEASE}:2: warning [W-REVIEW-DATE] page has no 'last_reviewed' date, so readers cannot tell how "
        "current it is\n    hint: add last_reviewed: YYYY-MM-DD" in done.stdout
    )
    assert "content/topics/bad.md:4: [E-YAML] invalid date in YAML: month must be in 1..12" in done.stdout
    assert "content/topics/worse.md:4: [E-SCHEMA] field 'last_reviewed' = '22.11.2026': Input should be" in done.stdout
    assert done.returncode == 1


def git(root: Path, *args: str, date: str = "") -> None:
    environment = {
        "PATH": os.defpath,
        "HOME": str(root),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    if date:
        environment |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=root, env=environment, check=True, capture_output=True)


def test_sources_last_changed_comes_from_git_history(site: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    root = site({DISEASE: REVIEWED})
    outside = generate(root, FEB, monkeypatch).pages["diseases/kidney/cisplatin-nephrotoxicity.md"]
    assert "sources last changed" not in outside  # no git checkout: no date rather than a wrong one
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first", date="2026-03-04T12:00:00Z")
    (root / STUDY).write_text(base(STUDY).replace("BUN", "urea"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "second", date="2026-05-06T12:00:00Z")
    pages = generate(root, FEB, monkeypatch).pages
    # The disease page is made from its own file and its studies' files: the study changed last.
    assert (
        "*Last reviewed 10 January 2026 · evidence searched up to 2018 · sources last changed 6 May 2026*"
        in (pages["diseases/kidney/cisplatin-nephrotoxicity.md"])
    )
    assert "*Sources last changed 6 May 2026*" in pages["studies/zhou-2013-cisplatin-aki.md"]


def test_no_git_means_no_dates_not_a_failure(site: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    root = site({DISEASE: REVIEWED})
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first", date="2026-03-04T12:00:00Z")
    assert history.last_changed(root)[STUDY] == "2026-03-04"
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert history.last_changed(root) == {}
    page = generate(root, FEB, monkeypatch).pages["diseases/kidney/cisplatin-nephrotoxicity.md"]
    assert "sources last changed" not in page


def test_fixture_site_with_editions_builds_strict(site: Any, cli: Run, tmp_path: Path) -> None:
    root = two_editions(site, cli)
    done = cli(root, "build", "--out", str(tmp_path / "out"), env=env(FEB))
    assert done.returncode == 0, done.stdout
    out = tmp_path / "out"
    for name in ("whats-new.html", "how-to-cite.html", "review-status.html", "feed.xml"):
        assert (out / name).is_file(), name
    assert (out / "downloads/editions/1/references.bib").is_file()
    assert not feedparser.parse((out / "feed.xml").read_bytes()).bozo
    cite = (out / "how-to-cite.html").read_text(encoding="utf-8")
    assert '<meta name="citation_technical_report_number" content="Edition 2">' in cite
    assert '<meta name="citation_publication_date" content="2026/02/01">' in cite
    assert '<a href="feed.xml">Atom feed</a>' in (out / "index.html").read_text(encoding="utf-8")


def test_real_site_cites_its_latest_edition() -> None:
    data = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(CFF_SCHEMA).validate(data)
    latest = sorted(p.stem for p in (REPO / "editions").glob("*.json"))[-1]
    assert data["version"] == latest
