"""Helpers for tests that run the CLI in a real git repository, in a clean environment."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def clean_env(**extra: str) -> dict[str, str]:
    """The caller's environment without any GitHub/CI variable or git config, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_") and k != "CI"}
    return {**env, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", **extra}


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        env=clean_env(),
    )
    return done.stdout
