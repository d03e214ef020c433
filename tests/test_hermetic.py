"""The suite is hermetic: the caller's GitHub environment changes nothing and receives nothing,
and a test that leaves a process running fails the run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import hermetic
import leaks
import pytest
from conftest import Run
from sitefactory import REPO

TESTS = REPO / "tests"


def pytest_run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider", "-q", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def test_cli_runs_get_no_ci_variables(site, cli: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    summary = tmp_path / "summary.md"
    summary.write_text("")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("CI", "true")
    root = site({"content/studies/zhou-2013-cisplatin-aki.md": "---\ntitle: [unclosed\n---\n"})
    done = cli(root, "check")
    assert done.returncode == 1
    assert not [line for line in done.stdout.splitlines() if line.startswith("::")]
    assert summary.read_text() == ""
    assert hermetic.ci_variables(hermetic.env()) == []


def test_suite_under_github_environment_passes_and_writes_no_summary(tmp_path: Path) -> None:
    """What `.ci/run` does for the whole suite, for the tests that compare CLI output exactly."""
    summary = tmp_path / "summary.md"
    summary.write_text("")
    env = hermetic.env(GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary), CI="true", RUNNER_OS="Linux")
    done = pytest_run(str(TESTS / "test_diagnostics.py"), cwd=REPO, env=env)
    assert done.returncode == 0, done.stdout[-3000:]
    assert not [line for line in done.stdout.splitlines() if line.startswith("::")]
    assert summary.read_text() == ""


def test_a_process_left_running_fails_the_run_and_is_killed(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    pid_file = tmp_path / "pid"
    (tmp_path / "test_leaky.py").write_text(
        "import subprocess\n"
        "def test_orphan():\n"
        "    # the shell exits at once; its background sleep is orphaned, as serve's MkDocs child was\n"
        f"    subprocess.run(['sh', '-c', 'sleep 300 >/dev/null 2>&1 & echo $! > {pid_file}'], check=True)\n"
    )
    env = hermetic.env(PYTHONPATH=str(TESTS))
    done = pytest_run("-p", "leaks", "test_leaky.py", cwd=tmp_path, env=env)
    assert done.returncode == 1, done.stdout
    assert "1 process(es) left running by the tests (now killed):" in done.stdout
    pid = int(pid_file.read_text())
    assert f"pid {pid}: sleep 300" in done.stdout
    assert leaks.state(pid) in (None, "Z")  # gone (or a zombie waiting to be reaped)
