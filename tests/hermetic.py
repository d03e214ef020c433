"""The suite never reads or writes the caller's CI environment (GitHub Actions or any other runner).

GitHub sets ``GITHUB_ACTIONS=true``, ``GITHUB_STEP_SUMMARY`` (a file every CLI run would append to),
``CI`` and many ``GITHUB_*``/``RUNNER_*`` variables. A test that wants GitHub behaviour sets the
variables it needs explicitly (and a summary file under ``tmp_path``); every other run gets none.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

PREFIXES = ("GITHUB_", "RUNNER_", "ACTIONS_")
NAMES = frozenset({"CI"})


def is_ci_variable(name: str) -> bool:
    return name in NAMES or name.startswith(PREFIXES)


def ci_variables(environ: Mapping[str, str] | None = None) -> list[str]:
    """The names of the CI variables set in ``environ`` (default: this process's environment)."""
    return sorted(name for name in (os.environ if environ is None else environ) if is_ci_variable(name))


def env(**extra: str) -> dict[str, str]:
    """A copy of this process's environment without CI variables, plus ``extra``."""
    clean = {name: value for name, value in os.environ.items() if not is_ci_variable(name)}
    return {**clean, **extra}
