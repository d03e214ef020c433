"""'Edit this page' and 'Report a problem with this page' open the page's SOURCE file under content/,
only when mkdocs.yml names the repository; without one, no such line and no broken link."""

from __future__ import annotations

import hermetic
from conftest import Run
from sitefactory import MKDOCS_YML

REPO_SETTINGS = "repo_url: https://example.org/team/review\nrepo_name: team/review\nedit_uri: edit/main/content/\n"


def build(site, cli: Run, mkdocs_yml: str):  # type: ignore[no-untyped-def]
    root = site({"mkdocs.yml": mkdocs_yml})
    done = cli(root, "build", env=hermetic.env(SOURCE_DATE_EPOCH="1700000000"))
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "site"


def test_pages_made_from_a_source_file_link_to_edit_it_and_to_report_a_problem(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    out = build(site, cli, MKDOCS_YML.replace('site_url: ""\n', 'site_url: ""\n' + REPO_SETTINGS))
    study = (out / "studies/zhou-2013-cisplatin-aki.html").read_text()
    edit = "https://example.org/team/review/edit/main/content/studies/zhou-2013-cisplatin-aki.md"
    assert f'<a href="{edit}">Edit this page</a>' in study
    assert "https://example.org/team/review/issues/new?title=Problem%20on%20page" in study
    assert "Source%20file%3A%20content/studies/zhou-2013-cisplatin-aki.md" in study
    disease = (out / "diseases/kidney/cisplatin-nephrotoxicity.html").read_text()
    assert "edit/main/content/diseases/kidney/cisplatin-nephrotoxicity.md" in disease
    assert "edit/main/content/index.md" in (out / "index.html").read_text()
    for generated in ("bibliography.html", "evidence-map.html", "studies/index.html"):
        assert "lr-source-links" not in (out / generated).read_text(), generated


def test_without_a_repository_there_is_no_edit_or_report_line(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    out = build(site, cli, MKDOCS_YML)
    for page in ("index.html", "studies/zhou-2013-cisplatin-aki.html", "diseases/kidney/cisplatin-nephrotoxicity.html"):
        text = (out / page).read_text()
        assert "lr-source-links" not in text and "Edit this page" not in text, page
