"""Real CLI runs of sites whose bibliography has what real libraries have."""

from __future__ import annotations

from pathlib import Path

from conftest import Run
from sitefactory import base

FIXTURES = Path(__file__).parent / "fixtures" / "bib"
TOPIC = "content/topics/library.md"


def _topic(body: str) -> str:
    return f"---\ntitle: Library\nsummary: Works from a real library.\n---\n{body}\n"


def test_one_bad_byte_is_one_diagnostic_not_a_cascade(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    bib = base("references.bib").encode() + b"\n@misc{bad, title = {caf\xe9}}\n"
    done = cli(site({"references.bib": bib}), "check")
    assert done.returncode == 1
    errors = [line for line in done.stdout.splitlines() if "] " in line and not line.startswith(" ")]
    assert errors == ["references.bib:23: [E-ENCODING] invalid UTF-8 byte 0xe9 at byte 741"], done.stdout


def test_utf16_is_one_encoding_error(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    bib = base("references.bib").encode("utf-16-le")
    done = cli(site({"references.bib": bib}), "check")
    errors = [line for line in done.stdout.splitlines() if "] " in line and not line.startswith(" ")]
    expected = "references.bib:1: [E-ENCODING] the file is UTF-16 (a NUL byte beside every character), not UTF-8"
    assert errors == [expected], done.stdout


def test_unicode_braced_and_punctuated_keys_are_cited(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    lines = (FIXTURES / "keys.bib").read_text(encoding="utf-8").splitlines()
    bib = base("references.bib") + "\n".join(line for line in lines if line.startswith(("@article{ü", "@article{o'")))
    text = "Unicode [@ünicode2020], braced [@{o'brien/2020}] and narrative @{o'brien/2020}."
    root = site({"references.bib": bib, TOPIC: _topic(text)})
    done = cli(root, "build", "--out", "out")
    assert done.returncode == 0, done.stdout + done.stderr
    html = (root / "out" / "topics" / "library.html").read_text(encoding="utf-8")
    assert "@" not in html.split('<article class="md-content__inner', 1)[1].split("</article>")[0]
    assert "bibliography.html#ref-ufcnicode2020" in html and "bibliography.html#ref-o-brien-2020" in html


def test_a_left_over_bracket_citation_is_an_error_at_its_line(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    done = cli(site({TOPIC: _topic("Fine [@zhou2013exosomes].\n\nBroken [@o'brien] here.")}), "check")
    assert done.returncode == 1
    assert f"{TOPIC}:7: [E-CITE-SYNTAX] '[@o'brien] here.' is not a citation" in done.stdout
    assert "goes in braces: [@{o'brien-2020}]" in done.stdout


def test_a_citation_over_two_lines_is_one_citation(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    root = site({TOPIC: _topic("Two [@zhou2013exosomes;\n@heo2018mesenchymal] here.")})
    done = cli(root, "build", "--out", "out")
    assert done.returncode == 0, done.stdout
    html = (root / "out" / "topics" / "library.html").read_text(encoding="utf-8")
    assert "[@" not in html


def test_declared_distinct_works_are_not_duplicates(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    works = (FIXTURES / "duplicates.bib").read_text(encoding="utf-8")
    cites = _topic("Both [@conf2020; @journal2020].")
    done = cli(site({"references.bib": base("references.bib") + works, TOPIC: cites}), "check")
    assert done.returncode == 0, done.stdout
    undeclared = works.replace("  x-distinct = {conf2020},\n", "")
    done = cli(site({"references.bib": base("references.bib") + undeclared, TOPIC: cites}), "check")
    assert "[E-BIB-DUPLICATE-WORK] entry 'journal2020' is the same work as 'conf2020'" in done.stdout
    assert "add x-distinct = {conf2020} to 'journal2020'" in done.stdout


NASTY = r"""
@article{madonna,
  author = {Doe, Jane},
  title = {Black madonna (critique of the novel 'Paradise')},
  journal = {J},
  year = {2001},
}
@inproceedings{part2,
  author = {{World Health Organization}},
  title = {Proceedings (II) of ``the meeting''},
  booktitle = {(II) ``Quoted'' proceedings `with' backticks},
  year = {2002},
}
@misc{untitled,
  howpublished = {\href{https://example.org/x}{A page with a link}},
  year = {2003},
}
@article{hrefs,
  author = {Doe, Jane},
  title = {\href{https://example.org}{Linked title} with CO$_2$},
  journal = {\href{https://example.org/j}{Linked journal}},
  year = {2004},
}
"""


def test_what_check_accepts_build_builds(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    cites = _topic("One [@madonna], two [@part2], three [@untitled], four [@hrefs].")
    root = site({"references.bib": base("references.bib") + NASTY, TOPIC: cites})
    checked = cli(root, "check")
    assert checked.returncode == 0, checked.stdout
    built = cli(root, "build", "--out", "out")
    assert built.returncode == 0, built.stdout + built.stderr
    html = (root / "out" / "topics" / "library.html").read_text(encoding="utf-8")
    assert "[@" not in html and "](" not in html
    assert 'title="Doe J. Black madonna (critique of the novel ’Paradise’). J. 2001."' in html
    bibliography = (root / "out" / "bibliography.html").read_text(encoding="utf-8")
    assert "https://example.org/x" in bibliography and "CO₂" in bibliography
