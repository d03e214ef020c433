"""Bad input gives exact diagnostics (path:line [CODE] message + hint) and exit code 1."""

from __future__ import annotations

from conftest import Run

STUDY = "content/studies/zhou-2013-cisplatin-aki.md"


def broken_study(**replace: str) -> str:
    from sitefactory import base

    text = base(STUDY)
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    return text


def test_invalid_record_fails_check_with_file_and_line(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    root = site({STUDY: broken_study(**{"tissue: umbilical cord": "tissue: umbilicalcord"})})
    done = cli(root, "check")
    assert done.returncode == 1
    assert (
        "content/studies/zhou-2013-cisplatin-aki.md:8: [E-VOCAB] msc_source.tissue 'umbilicalcord' "
        "is not a known MSC tissue" in done.stdout
    )
    assert "did you mean 'umbilical cord'?" in done.stdout
    assert done.stdout.strip().endswith(
        "1 error, 0 warnings\nchecked 1 studies, 1 conditions, 0 topics, 2 references in "
        + done.stdout.strip().rsplit(" in ", 1)[1]
    )


def test_all_problems_are_reported_in_one_run(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    text = broken_study(
        **{
            "title: Umbilical": "titel: Umbilical",
            "year: 2013": "year: twenty",
        }
    )
    root = site({STUDY: text, "content/index.md": "---\ntitle: T\nsummary: s\n---\nSee [@zhou2013exosome].\n"})
    done = cli(root, "check")
    assert done.returncode == 1
    lines = [line for line in done.stdout.splitlines() if not line.startswith("    ")]
    assert lines[:-2] == [
        "content/diseases/kidney/cisplatin-nephrotoxicity.md:1: warning [W-NO-STUDIES] no study record lists "
        "condition 'cisplatin-nephrotoxicity'",
        "content/index.md:5: [E-CITE-UNKNOWN] citation key 'zhou2013exosome' is not in references.bib",
        "content/studies/zhou-2013-cisplatin-aki.md:2: [E-MISSING-FIELD] required field 'title' is missing",
        "content/studies/zhou-2013-cisplatin-aki.md:3: [E-UNKNOWN-FIELD] unknown field 'titel'",
        "content/studies/zhou-2013-cisplatin-aki.md:20: [E-SCHEMA] field 'year' = 'twenty': "
        "Input should be a valid integer, unable to parse string as an integer",
    ]
    assert "hint: did you mean 'title'?" in done.stdout
    assert "hint: did you mean 'zhou2013exosomes'?" in done.stdout
    assert lines[-2] == "4 errors, 1 warning"


def test_unknown_condition_and_github_annotations(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    import os

    root = site({STUDY: broken_study(**{"conditions: [cisplatin-nephrotoxicity]": "conditions: [cisplatin-aki]"})})
    done = cli(root, "check", env={**os.environ, "GITHUB_ACTIONS": "true"})
    assert done.returncode == 1
    assert (
        "content/studies/zhou-2013-cisplatin-aki.md:4: [E-UNKNOWN-CONDITION] condition 'cisplatin-aki'" in done.stdout
    )
    assert "::error file=content/studies/zhou-2013-cisplatin-aki.md,line=4,title=E-UNKNOWN-CONDITION::" in done.stdout
    assert (
        "::warning file=content/diseases/kidney/cisplatin-nephrotoxicity.md,line=1,title=W-NO-STUDIES::" in done.stdout
    )


def test_github_job_summary_lists_every_problem_once(site, cli: Run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    summary = tmp_path / "summary.md"
    root = site({STUDY: broken_study(**{"conditions: [cisplatin-nephrotoxicity]": "conditions: [cisplatin-aki]"})})
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    assert cli(root, "check", env=env).returncode == 1
    text = summary.read_text()
    assert text.startswith("### build_site.py check: 1 error, 1 warning")
    assert "| content/studies/zhou-2013-cisplatin-aki.md:4 | E-UNKNOWN-CONDITION | condition 'cisplatin-aki'" in text
    assert text.count("E-UNKNOWN-CONDITION") == 1


def test_usage_error_exits_2(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    done = cli(site(), "frobnicate")
    assert done.returncode == 2
    assert "invalid choice" in done.stderr


def test_new_study_scaffolds_and_refuses_existing_id(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    root = site()
    done = cli(
        root,
        "new-study",
        "--id",
        "li-2020-test",
        "--title",
        "A test study",
        "--condition",
        "cisplatin-nephrotoxicity",
        "--study-type",
        "animal",
        "--reported-in",
        "heo2018mesenchymal:7",
    )
    assert done.returncode == 0, done.stdout
    assert "replace the 3 FILL-IN placeholder(s)" in done.stdout
    text = (root / "content/studies/li-2020-test.md").read_text()
    assert text.startswith(
        "---\nid: li-2020-test\ntitle: A test study\nconditions: [cisplatin-nephrotoxicity]\nagent: FILL-IN\n"
        "study_type: [animal]\nreference: FILL-IN\nreported_in:\n  - review: heo2018mesenchymal\n    ref: '7'\n"
    )
    # nothing invented: what was not given is a placeholder that check rejects at its line
    check = cli(root, "check")
    assert check.returncode == 1
    assert [line for line in check.stdout.splitlines() if line.startswith("content/studies/li-2020-test")] == [
        "content/studies/li-2020-test.md:5: [E-PLACEHOLDER] field 'agent' is still the placeholder 'FILL-IN'",
        "content/studies/li-2020-test.md:7: [E-PLACEHOLDER] field 'reference' is still the placeholder 'FILL-IN'",
        "content/studies/li-2020-test.md:16: [E-PLACEHOLDER] the text still holds the placeholder FILL-IN",
    ]
    assert "3 errors, 0 warnings" in check.stdout
    assert "li-2020-test" not in cli(root, "fmt", "--check").stdout  # the scaffold is already in fmt's layout
    filled = text.replace("agent: FILL-IN", "agent: msc-ev").replace("reference: FILL-IN\n", "")
    filled = filled.replace(filled.splitlines()[-1], "Exosomes helped the kidney [@heo2018mesenchymal].")
    (root / "content/studies/li-2020-test.md").write_text(filled)
    assert cli(root, "check").returncode == 0
    again = cli(root, "new-study", "--id", "li-2020-test", "--title", "x")
    assert again.returncode == 1
    assert "[E-EXISTS] a study with id 'li-2020-test' already exists" in again.stdout
    bad = cli(root, "new-study", "--id", "../evil", "--title", "x")
    assert bad.returncode == 1
    assert "[E-SLUG]" in bad.stdout
    assert cli(root, "new-study", "--title", "no id").returncode == 2  # no terminal to ask in


def test_new_study_flags_are_checked_before_anything_is_written(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    root = site()
    done = cli(
        root,
        "new-study",
        *("--id", "li-2020-test", "--title", "T", "--condition", "cisplatin-nephrotoxicty", "--agent", "msc-evs"),
        *("--reference", "zhou2013exosome", "--reported-in", "heo2018mesenchymal"),
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "--condition: 'cisplatin-nephrotoxicty' is not a known condition; did you mean 'cisplatin-nephrotoxicity'? "
        "(disease pages: cisplatin-nephrotoxicity)",
        "--agent: 'msc-evs' is not a known agent; did you mean 'msc-ev'? (vocabulary 'agents': msc-ev, msc-cells, "
        "msc-conditioned-medium, non-msc-ev, ev-unspecified)",
        "--reference: 'zhou2013exosome' is not a key in references.bib; did you mean 'zhou2013exosomes'? (add the "
        "paper to references.bib first, or leave it out and fill it in later)",
        "--reported-in: 'heo2018mesenchymal' is not REVIEWKEY:NUMBER, e.g. heo2018mesenchymal:52",
    ]
    assert not (root / "content/studies/li-2020-test.md").exists()
