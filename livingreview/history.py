"""When each source file last changed, from git history: one ``git log`` walk for every file.

The date is the committer date of the last commit that touched the file, so it is the same for every
build of a given commit. Outside a git checkout (a source archive, a temporary copy) there is no
history and nothing is returned: pages then simply do not show the date.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

_MARK = "\x01"


def last_changed(root: Path) -> dict[str, str]:
    """Path relative to ``root`` -> the date (YYYY-MM-DD) of the last commit that changed it."""
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", "log", f"--format={_MARK}%cs", "--name-only", "--relative", "--", "."],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if done.returncode != 0:
        return {}
    dates: dict[str, str] = {}
    date = ""
    for line in done.stdout.splitlines():
        if line.startswith(_MARK):
            date = line[1:].strip()
        elif line and date:
            dates[line] = max(dates.get(line, ""), date)
    return dates


def newest(dates: dict[str, str], files: Iterable[str]) -> str:
    """The latest date among ``files`` ('' when none of them is in the history)."""
    return max((dates[f] for f in files if f in dates), default="")


__all__ = ["last_changed", "newest"]
