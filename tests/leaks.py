"""No test leaves a process behind: a pytest plugin that fails the run naming every survivor.

Each pytest process (every xdist worker on its own) makes itself a *child subreaper* (Linux
``prctl(PR_SET_CHILD_SUBREAPER)``), so a grandchild whose parent died, such as a server's child
left running when the server was terminated, is re-parented to the test process instead of to
init and stays visible as a descendant. At the end of the session, after every other fixture is
torn down, the descendants are listed from ``/proc`` (parent-pid chains); any still running fail
the run with their command lines, and are then killed so the machine is left clean.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

PR_SET_CHILD_SUBREAPER = 36
GRACE_SECONDS = 5.0
"""How long a process that is already exiting (a closing browser, say) may take to go."""


def become_subreaper() -> bool:
    """Adopt orphaned descendants (Linux); False where the kernel does not offer it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def state(pid: int) -> str | None:
    """The state letter of ``pid`` ('R', 'S', 'Z' for a zombie...), or None when it is gone."""
    stat = _stat(pid)
    return None if stat is None else stat[0]


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of ``pid``, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[1])


def command_line(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "?"
    return " ".join(part.decode("utf-8", "replace") for part in raw.split(b"\0") if part) or "?"


def descendants(root: int | None = None) -> dict[int, str]:
    """Every descendant of ``root`` (default: this process) with its state letter ('Z' = zombie)."""
    root = os.getpid() if root is None else root
    children: dict[int, list[int]] = {}
    states: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat is not None:
                states[int(entry.name)] = stat[0]
                children.setdefault(stat[1], []).append(int(entry.name))
    found: dict[int, str] = {}
    todo = list(children.get(root, []))
    while todo:
        pid = todo.pop()
        found[pid] = states[pid]
        todo += children.get(pid, [])
    return found


def reap_zombies() -> None:
    """Collect the exit status of dead children (adopted orphans end up as our zombies)."""
    for pid, state in descendants().items():
        if state == "Z":
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)


def survivors(grace: float = GRACE_SECONDS) -> dict[int, str]:
    """Descendants still running after ``grace`` seconds, with their command lines."""
    deadline = time.monotonic() + grace
    while True:
        reap_zombies()
        alive = {pid: command_line(pid) for pid, state in descendants().items() if state != "Z"}
        if not alive or time.monotonic() >= deadline:
            return alive
        time.sleep(0.1)


def kill(pids: dict[int, str]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    time.sleep(0.2)
    reap_zombies()


@pytest.fixture(scope="session", autouse=True)
def no_process_left_behind() -> Iterator[None]:
    """Set up before, torn down after, every other fixture of this pytest process."""
    become_subreaper()
    yield
    left = survivors()
    if left:
        kill(left)
        lines = "\n".join(f"  pid {pid}: {cmd}" for pid, cmd in sorted(left.items()))
        pytest.fail(f"{len(left)} process(es) left running by the tests (now killed):\n{lines}", pytrace=False)
