"""The bad-input catalogue: each case is a real `check` run with its exact diagnostic, never a traceback.

A case is (files to write or replace, the exact first line of the diagnostic, its hint). One more
test puts every case into a single site and checks they are all reported in one run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import Run
from sitefactory import base

STUDY = "content/studies/zhou-2013-cisplatin-aki.md"
DISEASE = "content/diseases/kidney/cisplatin-nephrotoxicity.md"
EXTRA = "content/studies/li-2020-extra.md"
EXTRA_OK = (
    base(STUDY)
    .replace("zhou-2013-cisplatin-aki", "li-2020-extra")
    # another study, not a second record of the first (that would be E-DUPLICATE-STUDY)
    .replace("title: Umbilical cord", "title: Bone marrow")
    .replace("reference: zhou2013exosomes", "mechanism: not stated")
    .replace('ref: "52"', 'ref: "53"')
)


def study(**replace: str) -> str:
    text = base(STUDY)
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


CASES: dict[str, tuple[dict[str, str | bytes], str, str]] = {
    "malformed yaml": (
        {EXTRA: EXTRA_OK.replace("conditions: [cisplatin-nephrotoxicity]", "conditions: [cisplatin-nephrotoxicity")},
        f"{EXTRA}:4: [E-YAML] invalid YAML: the '[' on this line is never closed (the parser stopped at line 5: "
        "did not find expected ',' or ']')",
        "add the missing ']' on this line, or quote the whole value",
    ),
    "front matter not a mapping": (
        {EXTRA: "---\n- just\n- a list\n---\nbody\n"},
        f"{EXTRA}:2: [E-FRONTMATTER-TYPE] front matter is a list, not a mapping of fields",
        "write 'field: value' lines",
    ),
    "missing closing ---": (
        {EXTRA: "---\nid: li-2020-extra\ntitle: x\n"},
        f"{EXTRA}:1: [E-FRONTMATTER-UNCLOSED] front matter opened on line 1 is never closed",
        "add a line '---' after the last field",
    ),
    "misspelled field": (
        {EXTRA: EXTRA_OK.replace("outcomes:", "outcome:")},
        f"{EXTRA}:17: [E-UNKNOWN-FIELD] unknown field 'outcome'",
        "did you mean 'outcomes'?",
    ),
    "wrong type": (
        {EXTRA: EXTRA_OK.replace("year: 2013", "year: [2013]")},
        f"{EXTRA}:20: [E-SCHEMA] field 'year' = list: Input should be a valid integer",
        "",
    ),
    "value outside vocabulary": (
        {EXTRA: EXTRA_OK.replace("species: rat", "species: ratt")},
        f"{EXTRA}:11: [E-VOCAB] models.0.species 'ratt' is not a known species",
        "did you mean 'rat'?",
    ),
    "id differs from file name": (
        {EXTRA: EXTRA_OK.replace("id: li-2020-extra", "id: zhou-2013-cisplatin-aki")},
        f"{EXTRA}:2: [E-ID-MISMATCH] id 'zhou-2013-cisplatin-aki' differs from the file name 'li-2020-extra'",
        "rename the file to zhou-2013-cisplatin-aki.md or set id: li-2020-extra",
    ),
    "duplicate condition slug": (
        {"content/diseases/liver/cisplatin-nephrotoxicity.md": base(DISEASE).replace("kidney", "liver")},
        "content/diseases/liver/cisplatin-nephrotoxicity.md:1: [E-DUPLICATE-SLUG] condition slug "
        "'cisplatin-nephrotoxicity' is also used by content/diseases/kidney/cisplatin-nephrotoxicity.md",
        "condition slugs must be unique across organ systems",
    ),
    "odd characters in a file name": (
        {"content/studies/Bad Name!.md": EXTRA_OK},
        "content/studies/Bad Name!.md: [E-SLUG] study file name 'Bad Name!.md' is not a valid slug",
        "use lowercase letters, digits and single hyphens",
    ),
    "invalid utf-8": (
        {EXTRA: EXTRA_OK.encode().replace(b"Zhou", b"Zh\xffou")},
        f"{EXTRA}:19: [E-ENCODING] invalid UTF-8 byte 0xff at byte",
        "save the file as UTF-8",
    ),
    "empty file": ({EXTRA: ""}, f"{EXTRA}:1: [E-EMPTY] file is empty", "start it with a front matter block"),
    "10 MB file": (
        {EXTRA: EXTRA_OK + "x" * 10_000_000},
        f"{EXTRA}: [E-TOO-LARGE] file is 10,000,",
        "split the page, or move bulk data into content/data/",
    ),
    "tab in yaml": (
        {EXTRA: EXTRA_OK.replace("  - species: rat", "\t- species: rat")},
        f"{EXTRA}:11: [E-YAML] invalid YAML: found character that cannot start any token",
        "YAML does not allow tabs for indentation; use spaces",
    ),
    "unknown citation key": (
        {EXTRA: EXTRA_OK + "\nAs shown before [@zhou2013exosome].\n"},
        f"{EXTRA}:28: [E-CITE-UNKNOWN] citation key 'zhou2013exosome' is not in references.bib",
        "did you mean 'zhou2013exosomes'?",
    ),
    "bibtex syntax error": (
        {"references.bib": base("references.bib") + "\n@article{broken, title = {unbalanced\n\n@book{ok, title={x}}\n"},
        "references.bib:23: [E-BIBTEX-SYNTAX] the entry that starts here is not closed before the '@' on line 25",
        "check that braces and quotes are balanced",
    ),
    "duplicate bibtex key": (
        {"references.bib": base("references.bib") + "\n@misc{zhou2013exosomes, title = {again}}\n"},
        "references.bib:23: [E-BIB-DUPLICATE-KEY] key 'zhou2013exosomes' is already used by the entry on line 10",
        "give each entry its own key",
    ),
    "crossref": (
        {"references.bib": base("references.bib") + "\n@misc{part, title = {x}, crossref = {nowhere}}\n"},
        "references.bib:23: [E-BIB-CROSSREF] entry 'part': crossref names 'nowhere', which is not in references.bib",
        "add that entry, or copy the needed fields",
    ),
    "malformed doi": (
        {"references.bib": base("references.bib").replace("10.1186/scrt194", "10.1186 scrt194")},
        "references.bib:19: [E-IDENTIFIER] entry 'zhou2013exosomes': '10.1186 scrt194' is not a valid DOI",
        "",
    ),
    "same paper under two keys": (
        {"references.bib": base("references.bib") + "\n@misc{copy2013, title = {x}, doi = {10.1186/SCRT194}}\n"},
        "references.bib:23: [E-BIB-DUPLICATE-WORK] entry 'copy2013' is the same work as 'zhou2013exosomes' "
        "(same DOI 10.1186/scrt194)",
        "keep one entry and cite 'zhou2013exosomes' everywhere",
    ),
    "link to a missing page": (
        {EXTRA: EXTRA_OK + "\nSee [the kidney page](../diseases/kidney/cisplatin-nephrotoxcity.md).\n"},
        f"{EXTRA}:28: [E-LINK] link '../diseases/kidney/cisplatin-nephrotoxcity.md' points to "
        "'diseases/kidney/cisplatin-nephrotoxcity.md', which is not a page",
        "did you mean 'diseases/kidney/cisplatin-nephrotoxicity.md'?",
    ),
    "unsafe html": (
        {EXTRA: EXTRA_OK + "\n<script>alert(1)</script>\n"},
        f"{EXTRA}:28: [E-UNSAFE-HTML] raw HTML tag <script> is not allowed",
        "allowed tags:",
    ),
}


def first_match(stdout: str, expected: str) -> tuple[str, str]:
    lines = stdout.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(expected):
            hint = lines[i + 1] if i + 1 < len(lines) and lines[i + 1].startswith("    hint: ") else ""
            return line, hint
    raise AssertionError(f"no diagnostic starting with {expected!r} in:\n{stdout}")


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_gives_exact_diagnostic(name: str, site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    files, expected, hint = CASES[name]
    done = cli(site(files), "check")
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    _, hint_line = first_match(done.stdout, expected)
    assert hint in hint_line


def test_bom_and_crlf_are_warnings_not_errors(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    text = "\ufeff" + EXTRA_OK.replace("\n", "\r\n")
    done = cli(site({EXTRA: text.encode()}), "check")
    assert done.returncode == 0, done.stdout
    assert f"{EXTRA}:1: warning [W-BOM] file starts with a UTF-8 byte-order mark" in done.stdout
    assert f"{EXTRA}:1: warning [W-CRLF] file has CR or CRLF line endings" in done.stdout


def test_symlink_outside_content_is_refused(site, cli: Run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = site()
    secret = tmp_path / "secret.md"
    secret.write_text(EXTRA_OK)
    os.symlink(secret, root / EXTRA)
    done = cli(root, "check")
    assert done.returncode == 1
    first_match(done.stdout, f"{EXTRA}: [E-SYMLINK] symbolic link points outside content/")


def test_every_case_is_reported_in_one_run(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    files: dict[str, str | bytes] = {}
    bib = base("references.bib")
    for name, (case_files, _, _) in CASES.items():
        if "references.bib" in case_files:
            bib += str(case_files["references.bib"])[len(base("references.bib")) :]
            continue
        for path, content in case_files.items():
            if path == EXTRA:
                path = f"content/studies/case-{abs(hash(name)) % 10**6}.md"
            files[path] = content
    files["references.bib"] = bib
    done = cli(site(files), "check")
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    errors = int(done.stdout.strip().splitlines()[-2].split()[0])
    assert errors >= len(CASES) - 4  # some cases share a file in this combined run
