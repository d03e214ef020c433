"""`check --changed` / `--since REF`: warnings only for the files a branch touches; errors always.

And under GitHub Actions: the branch's own problems are annotated first, the rest counted once.
"""

from __future__ import annotations

from pathlib import Path

from conftest import Run
from gitsite import clean_env, git
from sitefactory import make_site

DISEASE = """\
---
title: {title}
organ_system: kidney
summary: A condition no study informs yet.
last_reviewed: 2026-01-01
---
Prose.
"""


def branch_site(site, old_warnings: int = 1) -> Path:  # type: ignore[no-untyped-def]
    """A committed site on `main` with ``old_warnings`` conditions nobody studies, and a branch `work`."""
    files = {f"content/diseases/kidney/old-{i}.md": DISEASE.format(title=f"Old {i}") for i in range(old_warnings)}
    root: Path = site(files)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "work")
    return root


def test_changed_shows_only_warnings_of_changed_files(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    root = branch_site(site)
    (root / "content/diseases/kidney/committed.md").write_text(DISEASE.format(title="Committed"))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "a new page")
    (root / "content/diseases/kidney/untracked.md").write_text(DISEASE.format(title="Untracked"))

    everything = cli(root, "check", env=clean_env())
    assert everything.stdout.count("[W-NO-STUDIES]") == 3
    assert "0 errors, 3 warnings\n" in everything.stdout

    done = cli(root, "check", "--changed", env=clean_env())
    assert done.returncode == 0, done.stdout + done.stderr
    assert "content/diseases/kidney/committed.md:1: warning [W-NO-STUDIES]" in done.stdout
    assert "content/diseases/kidney/untracked.md:1: warning [W-NO-STUDIES]" in done.stdout
    assert "old-0.md" not in done.stdout
    assert "0 errors, 2 warnings (1 warning in unchanged files not shown)\n" in done.stdout

    since = cli(root, "check", "--since", "HEAD", env=clean_env())
    assert "committed.md" not in since.stdout and "untracked.md:1" in since.stdout
    assert "0 errors, 1 warning (2 warnings in unchanged files not shown)\n" in since.stdout


def test_errors_in_unchanged_files_are_always_shown(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    root = branch_site(site)
    study = root / "content/studies/zhou-2013-cisplatin-aki.md"
    study.write_text(study.read_text().replace("agent: msc-ev", "agent: msc-evs"))
    git(root, "commit", "-q", "-am", "a broken record, on main's side of the comparison")
    done = cli(root, "check", "--since", "HEAD", env=clean_env())
    assert done.returncode == 1
    assert "content/studies/zhou-2013-cisplatin-aki.md:5: [E-VOCAB] agent 'msc-evs'" in done.stdout
    assert "1 error, 0 warnings (1 warning in unchanged files not shown)\n" in done.stdout


def test_unknown_revision_or_no_repository_is_a_usage_error(site, cli: Run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = branch_site(site)
    done = cli(root, "check", "--since", "no-such-branch", env=clean_env())
    assert done.returncode == 2
    assert "unknown revision 'no-such-branch'" in done.stderr
    plain = make_site(tmp_path / "not-a-repository")
    done = cli(plain, "check", "--changed", env=clean_env(GIT_CEILING_DIRECTORIES=str(tmp_path)))
    assert done.returncode == 2 and "--changed/--since:" in done.stderr


def test_github_annotates_the_branch_first_and_counts_the_rest(site, cli: Run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = branch_site(site, old_warnings=12)
    (root / "content/diseases/kidney/mine.md").write_text(DISEASE.format(title="Mine"))
    summary = tmp_path / "summary.md"
    env = clean_env(GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary))

    everything = cli(root, "check", env=env)
    annotations = [line for line in everything.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 11
    assert annotations[-1] == (
        "::notice title=Not annotated::0 more errors and 3 more warnings are in the log and the job summary, "
        "not annotated (GitHub shows 10 of each kind)"
    )

    done = cli(root, "check", "--changed", env=env)
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::")]
    assert annotations == [
        "::warning file=content/diseases/kidney/mine.md,line=1,title=W-NO-STUDIES::no study record lists condition "
        "'mine' (hint: add the slug to the conditions of the studies that inform it)",
        "::notice title=Not annotated::12 warnings in unchanged files not shown",
    ]
    assert "### build_site.py check: 0 errors, 1 warning (12 warnings in unchanged files not shown)" in (
        summary.read_text()
    )
