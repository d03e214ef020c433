"""MkDocs in a child process started early: it imports itself while the generator checks and renders.

``build`` starts :class:`Pending` before loading the site; the child imports MkDocs and waits on its
standard input. Once the staging docs are written, :meth:`Pending.start` hands it the command line
(``build --strict -f ... -d ...``) and MkDocs runs while the parent checks the rendered pages;
:meth:`Pending.finish` then waits for it. Leaving the ``with`` block (checks failed, an exception, an
interrupt) stops a child that is still running, so no process outlives the build. Output goes to
temporary files, so a talkative MkDocs never blocks on a full pipe while the parent is busy.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import IO

from livingreview import runtime


class Pending:
    """One ``mkdocs`` command line, started now and told what to do later."""

    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        self._files = ExitStack()
        self._out: IO[bytes] = self._files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115 (closed by stop)
        self._err: IO[bytes] = self._files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115 (closed by stop)
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-c", runtime.MKDOCS_WAITING_BOOT],
                cwd=cwd,
                env=env,
                stdin=subprocess.PIPE,
                stdout=self._out,
                stderr=self._err,
            )
        except BaseException:
            self._files.close()
            raise
        self._pidfd: int | None = None
        if hasattr(os, "pidfd_open"):  # opened before anything can reap the child, so never another's
            try:
                self._pidfd = os.pidfd_open(self._process.pid)
            except OSError:
                self._pidfd = None

    @property
    def pid(self) -> int:
        return self._process.pid

    def exit_fd(self) -> int | None:
        """A descriptor that becomes readable once the child has exited (Linux), else None."""
        return self._pidfd

    def has_exited(self) -> bool:
        return self._process.poll() is not None

    def start(self, args: list[str]) -> None:
        """Run ``mkdocs ARGS`` in the waiting child (it may still be importing)."""
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps(args).encode("utf-8") + b"\n")
        self._process.stdin.close()

    def finish(self) -> tuple[int, str]:
        """Wait for MkDocs; its exit status and everything it printed (standard output, then error)."""
        code = self._process.wait()
        texts = []
        for handle in (self._out, self._err):
            handle.seek(0)
            texts.append(handle.read().decode("utf-8", errors="replace"))
        return code, texts[0] + texts[1]

    def stop(self) -> None:
        """Kill the child if it still runs (never started, or no longer wanted) and reap it."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        if self._process.stdin is not None and not self._process.stdin.closed:
            self._process.stdin.close()
        if self._pidfd is not None:
            os.close(self._pidfd)
            self._pidfd = None
        self._files.close()

    def __enter__(self) -> Pending:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()


__all__ = ["Pending"]
