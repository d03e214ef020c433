"""The GitHub workflows are valid against the official schema and pass zizmor's audit, offline."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from sitefactory import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    assert found, f"{name} is not installed in the test environment (requirements/test.txt)"
    return found


def test_there_are_workflows() -> None:
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "pages.yml"}


def test_workflows_match_the_github_schema() -> None:
    done = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_finds_nothing_medium_or_worse() -> None:
    done = subprocess.run(
        [tool("zizmor"), "--offline", "--min-severity", "medium", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout + done.stderr


def test_actions_are_pinned_to_full_commit_shas() -> None:
    import re

    for path in WORKFLOWS:
        for match in re.finditer(r"uses:\s*(\S+)", path.read_text()):
            ref = match.group(1).split("@")[-1]
            assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{path.name}: {match.group(1)} is not pinned to a SHA"


def test_weekly_workflow_refreshes_ledger_and_links() -> None:
    text = (REPO / ".github/workflows/weekly.yml").read_text()
    assert "schedule:" in text and "verify --online" in text and "linkcheck --online" in text
    assert "gh pr create" in text and "gh issue create" in text
    assert "propose --online" in text and "identifier-proposals.json" in text


def test_pre_commit_and_pr_template() -> None:
    import yaml

    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    ids = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    assert {"build-site-check", "ruff", "trailing-whitespace"} <= ids
    assert "- [ ]" in (REPO / ".github/pull_request_template.md").read_text()


def test_pull_request_checks_focus_on_what_it_changes() -> None:
    import yaml

    steps = yaml.safe_load((REPO / ".github/workflows/ci.yml").read_text())["jobs"]["test"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] >= 2  # the merge commit's first parent is the base
    check = next(s for s in steps if s.get("run", "").startswith("make check"))
    assert check["env"]["BASE"] == "${{ github.event.pull_request.base.sha }}" and "--since $BASE" in check["run"]
    links = next(s for s in steps if "linkcheck --online" in s.get("run", ""))
    assert links["run"].endswith('--since "$BASE"') and links["env"]["LIVINGREVIEW_CONTACT"]
    cache = steps[steps.index(links) - 1]
    assert cache["uses"].startswith("actions/cache@") and cache["with"]["path"] == ".cache/linkcheck.json"
