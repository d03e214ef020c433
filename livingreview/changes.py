"""Which files a branch touches, from git: the focus of ``--changed`` and ``--since REF``.

The files are those that differ between the working tree and the merge base of ``REF`` and
``HEAD`` (committed, staged and unstaged changes), plus untracked files that git does not
ignore. Paths are relative to the project root, as diagnostics print them.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

DEFAULT_BRANCHES = ("origin/main", "origin/master", "main", "master")


class GitError(Exception):
    """git could not answer (not a repository, unknown revision): a usage problem, not a bug."""


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"git {args[0]} could not run: {exc}") from exc
    if done.returncode != 0:
        raise GitError(f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}")
    return done.stdout


def _exists(root: Path, ref: str) -> bool:
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError:
        return False
    return True


def default_branch(root: Path) -> str:
    """The first of origin/main, origin/master, main, master that exists."""
    for ref in DEFAULT_BRANCHES:
        if _exists(root, ref):
            return ref
    raise GitError(f"no default branch to compare with (tried {', '.join(DEFAULT_BRANCHES)}); use --since REF")


def base_of(root: Path, ref: str) -> str:
    """The merge base of ``ref`` and ``HEAD``, or ``ref`` itself when history is too shallow to find one."""
    if not _exists(root, ref):
        raise GitError(f"unknown revision '{ref}' (is it fetched? CI needs enough fetch depth)")
    try:
        return _git(root, "merge-base", ref, "HEAD").strip()
    except GitError:
        return ref


def changed_files(root: Path, ref: str) -> frozenset[str]:
    """Files under ``root`` changed since the merge base with ``ref``, plus untracked ones."""
    base = base_of(root, ref)
    diffed = _git(root, "diff", "--name-only", "--relative", "--no-renames", base, "--")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard")
    return frozenset(line for line in (diffed + untracked).splitlines() if line)


_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def changed_lines(root: Path, ref: str) -> dict[str, frozenset[int] | None]:
    """For each changed file, the lines added or changed since the merge base with ``ref``.

    ``None`` stands for every line (an untracked file). Deleted lines have no line to name.
    """
    base = base_of(root, ref)
    found: dict[str, frozenset[int] | None] = {}
    current = ""
    lines: set[int] = set()
    for text in _git(root, "diff", "-U0", "--relative", "--no-renames", "--no-color", base, "--").splitlines():
        if text.startswith("+++ "):
            if current:
                found[current] = frozenset(lines)
            current, lines = (text[6:] if text.startswith("+++ b/") else ""), set()
            continue
        match = _HUNK.match(text)
        if match and current:
            start, count = int(match.group(1)), int(match.group(2) or "1")
            lines.update(range(start, start + count))
    if current:
        found[current] = frozenset(lines)
    for name in _git(root, "ls-files", "--others", "--exclude-standard").splitlines():
        if name:
            found[name] = None
    return found
