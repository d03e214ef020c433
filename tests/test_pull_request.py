"""The contributor's pull request, end to end: three mistakes give three precise annotations; fixed, it builds."""

from __future__ import annotations

import os

from conftest import Run
from pytest_httpserver import HTTPServer
from sitefactory import base

NEW = "content/studies/li-2020-new-study.md"


def new_study(cite: str, link: str, url: str) -> str:
    text = base("content/studies/zhou-2013-cisplatin-aki.md").replace("zhou-2013-cisplatin-aki", "li-2020-new-study")
    # a different study (another title, author, year and review number, no primary paper yet), not a copy
    for old, new in (
        ("title: Umbilical cord", "title: Bone marrow"),
        ("first_author: Zhou", "first_author: Li"),
        ("year: 2013", "year: 2020"),
        ("reference: zhou2013exosomes", "mechanism: not stated"),
        ('ref: "52"', 'ref: "53"'),
    ):
        text = text.replace(old, new)
    return text + f"\nSee [@{cite}], the [kidney page]({link}) and [the data]({url}).\n"


def test_three_mistakes_three_annotations_then_fixed(site, cli: Run, httpserver: HTTPServer) -> None:  # type: ignore[no-untyped-def]
    httpserver.expect_request("/data").respond_with_data("here")
    httpserver.expect_request("/gone").respond_with_data("gone", status=404)
    env = {**os.environ, "GITHUB_ACTIONS": "true", "LIVINGREVIEW_CONTACT": "t@example.org"}
    broken = new_study("zhou2013exosome", "../diseases/kidney/cisplatin.md", httpserver.url_for("/gone"))
    root = site({NEW: broken})
    check = cli(root, "check", env=env)
    links = cli(root, "linkcheck", "--online", "--timeout", "2", env=env)
    annotations = [line for line in (check.stdout + links.stdout).splitlines() if line.startswith("::error")]
    assert check.returncode == 1 and links.returncode == 1
    assert len(annotations) == 3, annotations
    assert annotations[0].startswith(f"::error file={NEW},line=28,title=E-CITE-UNKNOWN::citation key 'zhou2013exosome'")
    assert annotations[1].startswith(f"::error file={NEW},line=28,title=E-LINK::link '../diseases/kidney/cisplatin.md'")
    assert annotations[2].startswith(f"::error file={NEW},line=28,title=E-LINK-DEAD::{httpserver.url_for('/gone')}")

    fixed = new_study("zhou2013exosomes", "../diseases/kidney/cisplatin-nephrotoxicity.md", httpserver.url_for("/data"))
    (root / NEW).write_text(fixed)
    assert cli(root, "check", env=env).returncode == 0
    assert cli(root, "linkcheck", "--online", env=env).returncode == 0
    assert cli(root, "build", env=env).returncode == 0
    assert (root / "site/studies/li-2020-new-study.html").is_file()
