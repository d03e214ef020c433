"""``--changed`` / ``--since REF`` for the commands: the files in focus, the report filtered by them,
and the usage problem when git cannot answer."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from livingreview import build, changes, diagnostics


def focus(args: argparse.Namespace) -> frozenset[str] | None:
    """The files the branch changed, for ``--changed`` / ``--since REF``; None means every file.

    Raises :class:`changes.GitError` when git cannot answer (a usage problem).
    """
    since = getattr(args, "since", None)
    if not since and not getattr(args, "changed", False):
        return None
    root = Path(args.root).resolve()
    return changes.changed_files(root, since or changes.default_branch(root))


def report(outcome: build.Outcome, command: str = "check", focus: frozenset[str] | None = None) -> int:
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    print(diagnostics.report(outcome.diagnostics, github=github, focus=focus))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY", "")
    if github and summary_file:
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(diagnostics.job_summary(outcome.diagnostics, f"build_site.py {command}", focus))
    return 0 if outcome.ok else 1


def usage_problem(exc: changes.GitError) -> int:
    print(f"--changed/--since: {exc}", file=sys.stderr)
    return 2
