from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sitefactory import REPO, make_site

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def site(tmp_path: Path) -> Callable[..., Path]:
    """A factory: ``site({"content/x.md": "..."})`` writes the minimal valid site plus the files given."""

    def factory(files: dict[str, str | bytes | None] | None = None) -> Path:
        return make_site(tmp_path / "project", files)

    return factory


def run_cli(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``build_site.py`` for real, in ``root``."""
    return subprocess.run(
        [sys.executable, str(REPO / "build_site.py"), *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )


@pytest.fixture
def cli() -> Run:
    return run_cli
