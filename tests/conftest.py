from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import hermetic
from leaks import no_process_left_behind  # noqa: F401  (autouse: fails the run if a test leaves a process)
from sitefactory import REPO, make_site

Run = Callable[..., subprocess.CompletedProcess[str]]
_SUMMARY_KEY = pytest.StashKey[tuple[str, int]]()


def pytest_configure(config: pytest.Config) -> None:
    """Forget the caller's CI environment before any test module is imported (see tests/hermetic.py).

    The caller's job summary file is remembered so the session can prove nothing was written to it.
    """
    summary = os.environ.get("GITHUB_STEP_SUMMARY", "")
    size = Path(summary).stat().st_size if summary and Path(summary).is_file() else -1
    config.stash[_SUMMARY_KEY] = (summary, size)
    for name in hermetic.ci_variables():
        del os.environ[name]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    summary, size = session.config.stash.get(_SUMMARY_KEY, ("", -1))
    now = Path(summary).stat().st_size if summary and Path(summary).is_file() else -1
    if now != size:
        print(f"\nthe tests wrote to the caller's job summary {summary} ({size} -> {now} bytes)")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def no_ci_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts without CI variables, whatever an earlier test set."""
    for name in hermetic.ci_variables():
        monkeypatch.delenv(name)


@pytest.fixture
def site(tmp_path: Path) -> Callable[..., Path]:
    """A factory: ``site({"content/x.md": "..."})`` writes the minimal valid site plus the files given."""

    def factory(files: dict[str, str | bytes | None] | None = None) -> Path:
        return make_site(tmp_path / "project", files)

    return factory


def run_cli(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``build_site.py`` for real, in ``root``; ``env`` defaults to this environment without CI variables."""
    return subprocess.run(
        [sys.executable, str(REPO / "build_site.py"), *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=hermetic.env() if env is None else env,
        check=False,
        timeout=300,
    )


@pytest.fixture
def cli() -> Run:
    return run_cli
