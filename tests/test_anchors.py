"""Links and anchors are checked before the build, exactly as MkDocs will see them."""

from __future__ import annotations

import os
import re
from pathlib import Path

from conftest import Run
from sitefactory import REPO, base

from livingreview import build, sitelinks
from livingreview.diagnostics import Diagnostic

STRESS = """\
    ---
    title: Anchor stress
    summary: Headings that stress the slugs.
    ---
    ## Overview

    ## Overview

    ## Overview_1

    ## Dose & timing: (mg/kg)?

    ## Café crème — naïve T-cells

    ## The `miR-21` *story* of <span>HTML</span> text

    ## Heading with a citation [@zhou2013exosomes]

    ## Custom id {#my-own}

    ## Attr list with class {: .wide #also-mine }

    ## 2013 &amp; later — 50% less

    ## Ünïcödé only: 東京

    Setext heading
    --------------

    A paragraph with its own id.
    {: #para-id }

    <span id="old-style"></span><div id="raw-div">raw</div>

    ### Overview

    ## &nbsp;

    #Hashtag heading, a heading to Python-Markdown only
    """

LINKS = """
    Links to each: [a](#overview) [b](#overview_1) [c](#overview_2) [d](#overview_3) [e](#dose-timing-mgkg)
    [f](#cafe-creme-naive-t-cells) [g](#the-mir-21-story-of-html-text) [h](#heading-with-a-citation-2)
    [i](#my-own) [j](#also-mine) [k](#2013-later-50-less) [l](#unicode-only) [m](#setext-heading)
    [n](#para-id) [o](#old-style) [p](#raw-div) [q](../index.md#test-review)
    [r](../bibliography.md#ref-zhou2013exosomes) [s](../diseases/kidney/cisplatin-nephrotoxicity.md#what-is-not-known)
    [t](../diseases/kidney/cisplatin-nephrotoxicity.md#references) [u](#references)
    [v](#hashtag-heading-a-heading-to-python-markdown-only)

    <span>
    Markdown to Python-Markdown: [w](#raw-div)
    </span>
    """

_HTML_ID = re.compile(r"""<(h[1-6]|[a-z]+)\b[^>]*?\s(?:id|name)="([^"]*)\"""")


def env() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}


def html_ids(html: str) -> tuple[set[str], set[str]]:
    """(ids of h1-h6, every id and name) in built HTML."""
    pairs = _HTML_ID.findall(html)
    return {i for tag, i in pairs if re.fullmatch(r"h[1-6]", tag)}, {i for _, i in pairs}


def predicted(root: Path) -> dict[str, tuple[str, ...]]:
    outcome = build.check(root)
    assert outcome.ok, [d.format() for d in outcome.diagnostics]
    assert outcome.site is not None
    shape = sitelinks.slugs(outcome.site)
    assert shape is not None
    return {page: sitelinks.scan(text, shape).anchors for page, text in outcome.pages.items()}


def assert_anchors_match(root: Path, out: Path) -> None:
    for page, anchors in predicted(root).items():
        headings, every = html_ids((out / page.replace(".md", ".html")).read_text(encoding="utf-8"))
        assert headings <= set(anchors), (page, headings - set(anchors))
        assert set(anchors) <= every, (page, set(anchors) - every)


def test_predicted_anchors_are_those_mkdocs_makes(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    root = site({"content/topics/anchors.md": STRESS + LINKS})
    done = cli(root, "check")
    assert done.returncode == 0, done.stdout
    done = cli(root, "build", env=env())
    assert done.returncode == 0, done.stdout
    html = (root / "site/topics/anchors.html").read_text(encoding="utf-8")
    headings, _ = html_ids(html)
    assert {"overview", "overview_1", "overview_2", "overview_3", "_1", "my-own", "also-mine"} <= headings
    assert_anchors_match(root, root / "site")


def test_unicode_slugs_and_another_separator_are_followed(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    toc = "permalink: true\n      slugify: !!python/name:markdown.extensions.toc.slugify_unicode\n      separator: _"
    mkdocs = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("permalink: true", toc)
    page = STRESS + "\n    [a](#café_crème_naïve_t-cells) [b](#ünïcödé_only_東京) [c](#overview_1)\n"
    root = site({"mkdocs.yml": mkdocs, "content/topics/anchors.md": page})
    done = cli(root, "build", env=env())
    assert done.returncode == 0, done.stdout
    assert_anchors_match(root, root / "site")


def test_a_slugify_we_cannot_mirror_leaves_anchors_to_mkdocs(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    toc = "permalink: true\n      slugify: !!python/name:pymdownx.slugs.uslugify"
    mkdocs = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("permalink: true", toc)
    page = base("content/diseases/kidney/cisplatin-nephrotoxicity.md") + "\nSee [x](#zzz) and [y](nowhere.md).\n"
    done = cli(site({"mkdocs.yml": mkdocs, "content/diseases/kidney/cisplatin-nephrotoxicity.md": page}), "check")
    assert "[E-LINK] link 'nowhere.md'" in done.stdout
    assert "E-ANCHOR" not in done.stdout


def test_real_site_anchors_and_links_pass_check_and_mkdocs(cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "site"
    done = cli(REPO, "build", "--out", str(out), env=env())
    assert done.returncode == 0, done.stdout
    assert "E-LINK" not in done.stdout and "E-ANCHOR" not in done.stdout
    assert_anchors_match(REPO, out)


BROKEN = {
    "content/topics/storage.md": """\
        ---
        title: Storage
        summary: Where links go.
        last_reviewed: 2026-01-01
        ---
        ## Temperatures

        See [the kidney page](../diseases/kidney/cisplatin-nephrotoxcity.md) first.

        Then [the temperatures](#temperature) and [the kidney](../diseases/kidney/cisplatin-nephrotoxicity.md#overveiw).
        Also [a good one](#temperatures) and
        [another](../diseases/kidney/cisplatin-nephrotoxicity.md#what-is-not-known).
        """,
}


def test_one_edit_with_three_broken_links_gives_three_errors_in_one_check(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    done = cli(site(BROKEN), "check")
    assert done.returncode == 1
    lines = [line for line in done.stdout.splitlines() if "E-" in line or "hint:" in line]
    assert lines == [
        "content/topics/storage.md:8: [E-LINK] link '../diseases/kidney/cisplatin-nephrotoxcity.md' points to "
        "'diseases/kidney/cisplatin-nephrotoxcity.md', which is not a page",
        "    hint: did you mean 'diseases/kidney/cisplatin-nephrotoxicity.md'? (links are relative to this page: "
        "topics/storage.md)",
        "content/topics/storage.md:10: [E-ANCHOR] link '#temperature' points to an anchor this page does not have",
        "    hint: did you mean '#temperatures'?",
        "content/topics/storage.md:10: [E-ANCHOR] link '../diseases/kidney/cisplatin-nephrotoxicity.md#overveiw' "
        "points to an anchor that page 'diseases/kidney/cisplatin-nephrotoxicity.md' does not have",
        "    hint: did you mean '../diseases/kidney/cisplatin-nephrotoxicity.md#overview'?",
    ]
    assert "3 errors" in done.stdout


def test_an_anchor_nothing_is_close_to_lists_the_page_anchors(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    page = base("content/diseases/kidney/cisplatin-nephrotoxicity.md") + "\nSee [x](#zzz).\n"
    done = cli(site({"content/diseases/kidney/cisplatin-nephrotoxicity.md": page}), "check")
    assert done.returncode == 1
    assert (
        "content/diseases/kidney/cisplatin-nephrotoxicity.md:18: [E-ANCHOR] link '#zzz' points to an anchor "
        "this page does not have\n"
        "    hint: its anchors are #cisplatin-nephrotoxicity, #overview, #what-is-not-known, "
        "#references; a heading's anchor is its text in lower case, punctuation dropped, spaces as '-'"
    ) in done.stdout


def test_mkdocs_link_warnings_land_on_the_source_line() -> None:
    sources = {"topics/a.md": "content/topics/a.md"}
    bodies = {"topics/a.md": ("One line.\n\nSee [x](#gone) here.\n", 5)}
    found = build.mkdocs_problem(
        "Doc file 'topics/a.md' contains a link '#gone', but there is no such anchor on this page.", sources, bodies
    )
    assert found == Diagnostic(
        "content/topics/a.md",
        7,
        "E-MKDOCS",
        "Doc file 'topics/a.md' contains a link '#gone', but there is no such anchor on this page.",
        "MkDocs found this after our own checks passed: fix the link on this line as MkDocs says",
    )
    elsewhere = build.mkdocs_problem("Doc file 'bibliography.md' contains a link 'x.md#y', but ...", sources, bodies)
    assert (elsewhere.path, elsewhere.line) == ("(generated) bibliography.md", 1)
    config = build.mkdocs_problem("Config value 'theme': bad", sources, bodies)
    assert (config.path, config.line) == ("mkdocs.yml", 1)


def test_links_python_markdown_reads_inside_an_inline_html_block_are_checked(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    page = base("content/diseases/kidney/cisplatin-nephrotoxicity.md") + "\n<span>\nSee [x](#overveiw).\n</span>\n"
    done = cli(site({"content/diseases/kidney/cisplatin-nephrotoxicity.md": page}), "check")
    assert (
        "content/diseases/kidney/cisplatin-nephrotoxicity.md:19: [E-ANCHOR] link '#overveiw' points to an anchor "
        "this page does not have\n    hint: did you mean '#overview'?"
    ) in done.stdout
