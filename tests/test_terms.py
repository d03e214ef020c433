"""Internal terms (extra.livingreview.internal_terms) never reach readers: real builds of fixture sites."""

from __future__ import annotations

from pathlib import Path

from conftest import Run
from sitefactory import MKDOCS_YML, base

from livingreview import terms

STUDY = "content/studies/zhou-2013-cisplatin-aki.md"
HINT = (
    "    hint: say it in the reader's words (name a review by its authors or its label on the methods page);"
    " the list is extra.livingreview.internal_terms in mkdocs.yml"
)


def with_terms(*entries: str) -> str:
    """The project's mkdocs.yml with its internal_terms replaced by ``entries``."""
    head, _, _ = MKDOCS_YML.partition("    internal_terms:")
    assert head != MKDOCS_YML, "mkdocs.yml lists internal_terms"
    return head + "    internal_terms:\n" + "".join(f"      - '{e}'\n" for e in entries)


def test_the_project_lists_the_production_words() -> None:
    assert "internal_terms:" in MKDOCS_YML
    patterns, problems = terms.compile_terms(["seed"])
    assert problems == []
    assert patterns[0][1].search("as the seed review says")
    assert not patterns[0][1].search("seedling")


def test_a_term_in_a_study_summary_fails_the_build_at_its_source_line(site, cli: Run) -> None:
    text = base(STUDY).replace("from cisplatin [@zhou2013exosomes].", "from cisplatin (seed 004) [@zhou2013exosomes].")
    root: Path = site({STUDY: text})
    done = cli(root, "build")
    assert done.returncode == 1
    line = text.splitlines().index(next(ln for ln in text.splitlines() if "seed 004" in ln)) + 1
    assert (
        f"{STUDY}:{line}: [E-INTERNAL-TERM] internal term 'seed' (matches '\\bseeds?\\b') reaches readers on"
        f" studies/zhou-2013-cisplatin-aki.md\n{HINT}"
    ) in done.stdout
    assert not (root / "site").exists()


def test_a_term_in_a_bibliography_field_is_reported_in_references_bib(site, cli: Run) -> None:
    note = "  note = {Found with the search tool.}"
    bib = base("references.bib").replace("pages = {391--398}", "pages = {391--398},\n" + note)
    root: Path = site({"references.bib": bib})
    done = cli(root, "build")
    assert done.returncode == 1
    line = bib.splitlines().index(note) + 1
    assert f"references.bib:{line}: [E-INTERNAL-TERM] internal term 'search tool'" in done.stdout


def test_terms_in_ids_link_targets_and_citation_keys_do_not_count(site, cli: Run) -> None:
    # 'cisplatin-aki' is part of the study's id, so only its URL carries it; 'zhou2013' only the citation key.
    root: Path = site({"mkdocs.yml": with_terms("cisplatin-aki", "zhou2013")})
    done = cli(root, "build")
    assert done.returncode == 0, done.stdout
    assert "E-INTERNAL-TERM" not in done.stdout


def test_a_malformed_term_is_a_config_problem(site, cli: Run) -> None:
    root: Path = site({"mkdocs.yml": with_terms("seed(")})
    done = cli(root, "build")
    assert done.returncode == 1
    assert (
        "mkdocs.yml: [E-CONFIG] extra.livingreview.internal_terms entry 'seed(' is not a valid regular expression:"
        " missing ), unterminated subpattern at position 4"
    ) in done.stdout


def test_reader_text_keeps_lines_and_link_titles_but_not_targets() -> None:
    page = '[a](../studies/seed-1.md "the seed title") <span id="seed-x">b</span> {#seed}\n<!-- seed -->'
    text = terms.reader_text(page)
    assert len(text) == len(page) and text.count("\n") == 1
    assert "seed-1" not in text and "seed-x" not in text and "{#seed}" not in text and "<!--" not in text
    assert "the seed title" in text


def test_pages_found_clean_are_remembered_but_an_edit_or_a_hit_is_searched_again(site, cli: Run) -> None:
    root: Path = site()
    assert cli(root, "check").returncode == 0
    assert (root / ".cache" / "terms.json").is_file()
    text = base(STUDY).replace("from cisplatin [@zhou2013exosomes].", "from cisplatin (seed 004) [@zhou2013exosomes].")
    (root / STUDY).write_text(text, encoding="utf-8")
    for _ in range(2):  # a page with a hit is never recorded as clean: the second run reports it too
        done = cli(root, "check")
        assert done.returncode == 1
        assert "[E-INTERNAL-TERM] internal term 'seed'" in done.stdout
    (root / "mkdocs.yml").write_text(with_terms("cisplatin"), encoding="utf-8")  # other terms: search everything
    done = cli(root, "check")
    assert done.returncode == 1
    assert "internal term 'cisplatin' (matches 'cisplatin')" in done.stdout
