"""When each source file last changed, from git history: one ``git log`` walk for every file.

The date is the committer date of the last commit that touched the file, so it is the same for every
build of a given commit. Outside a git checkout (a source archive, a temporary copy) there is no
history and nothing is returned: pages then simply do not show the date.
"""

from __future__ import annotations

import locale
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

_MARK = "\x01"


_COMMAND = ("git", "-c", "core.quotepath=off", "log", f"--format={_MARK}%cs", "--name-only", "--relative", "--", ".")


class Pending:
    """``git log`` started by :func:`start`, writing to a temporary file; :meth:`dates` waits and reads it.

    The output goes to a file, not a pipe, so git runs to its end while the caller does other work.
    """

    def __init__(self, root: Path) -> None:
        self._out = tempfile.TemporaryFile()  # noqa: SIM115 (read and closed in dates())
        try:
            self._git: subprocess.Popen[bytes] | None = subprocess.Popen(
                _COMMAND, cwd=root, stdout=self._out, stderr=subprocess.DEVNULL
            )
        except OSError:
            self._git = None
        self._dates: dict[str, str] | None = None

    def dates(self) -> dict[str, str]:
        """Path relative to the root -> the date (YYYY-MM-DD) of the last commit that changed it."""
        if self._dates is None:
            self._dates = self._wait()
            self._out.close()
        return self._dates

    def discard(self) -> None:
        """Stop git if its dates were never read (the build stopped before rendering) and let go of its file."""
        if self._dates is not None:
            return
        if self._git is not None and self._git.poll() is None:
            self._git.kill()
        if self._git is not None:
            self._git.wait()
        self._dates = {}
        self._out.close()

    def _wait(self) -> dict[str, str]:
        if self._git is None:
            return {}
        try:
            code = self._git.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self._git.kill()
            self._git.wait()
            return {}
        if code != 0:
            return {}
        self._out.seek(0)
        # as subprocess.run(text=True) decodes: the locale's encoding, universal newlines
        text = self._out.read().decode(locale.getpreferredencoding(False))
        return _parse(text.replace("\r\n", "\n").replace("\r", "\n"))


def start(root: Path) -> Pending:
    """Start reading the history of ``root`` (see :class:`Pending`)."""
    return Pending(root)


def last_changed(root: Path) -> dict[str, str]:
    """Path relative to ``root`` -> the date (YYYY-MM-DD) of the last commit that changed it."""
    return start(root).dates()


def _parse(stdout: str) -> dict[str, str]:
    dates: dict[str, str] = {}
    date = ""
    for line in stdout.splitlines():
        if line.startswith(_MARK):
            date = line[1:].strip()
        elif line and date:
            dates[line] = max(dates.get(line, ""), date)
    return dates


def newest(dates: dict[str, str], files: Iterable[str]) -> str:
    """The latest date among ``files`` ('' when none of them is in the history)."""
    return max((dates[f] for f in files if f in dates), default="")


__all__ = ["Pending", "last_changed", "newest", "start"]
