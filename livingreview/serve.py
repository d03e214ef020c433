"""Live preview: ``mkdocs serve`` on the staging docs, regenerated whenever the sources change.

The watch loop polls modification times (a few hundred files; a poll costs about 2 ms) so it
needs no extra dependency and behaves the same on every platform. Only changed pages are
rewritten, so MkDocs reloads just what changed. When an edit has errors, the last good pages are
shown with a red banner listing them (:mod:`livingreview.errorpage`) until the errors are fixed.

Stopping: Ctrl-C (SIGINT), SIGTERM and SIGHUP (the terminal closed) all stop the MkDocs child
(terminate, then kill if it has not gone within :data:`STOP_SECONDS`) and wait for it, so its
port is free when ``serve`` exits. On Linux the child is also told to stop if ``serve`` itself is
killed outright.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

from livingreview import build, diagnostics, errorpage, runtime

POLL_SECONDS = 0.25
STOP_SECONDS = 10.0
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_PARENT_DEATH = "import ctypes, signal; ctypes.CDLL(None).prctl(1, signal.SIGTERM); "
"""Linux ``prctl(PR_SET_PDEATHSIG, SIGTERM)``: MkDocs stops if ``serve`` dies without cleaning up."""


class Stopped(Exception):
    """A stop signal arrived."""


def _snapshot(root: Path) -> dict[str, float]:
    paths = [root / "mkdocs.yml", root / "references.bib"]
    for folder in (root / "content", root / "templates"):
        if folder.is_dir():
            paths += [p for p in folder.rglob("*") if p.is_file()]
    return {str(p): p.stat().st_mtime for p in paths if p.exists()}


class Preview:
    """The staging docs MkDocs serves: the current pages, or the last good ones with an error banner."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.good: build.Outcome | None = None

    def regenerate(self) -> Path | None:
        """Check and render, then write the staging docs; returns the MkDocs config (None before any good run)."""
        outcome = build.generate(self.root)
        if outcome.diagnostics:
            print(diagnostics.report(outcome.diagnostics), flush=True)
        if outcome.ok:
            self.good = outcome
            config_file = build.write_staging(outcome)
            print(f"regenerated {len(outcome.pages)} pages", flush=True)
            return config_file
        if self.good is None:
            print("preview not started: fix the errors above, then run serve again", flush=True)
            return None
        shown = dataclasses.replace(self.good, pages=errorpage.with_banner(self.good.pages, outcome.diagnostics))
        print("preview shows the errors above on every page until they are fixed", flush=True)
        return build.write_staging(shown)


def address_problem(address: str) -> str:
    """Why ``host:port`` cannot be listened on ('' when it can)."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        return f"--address {address!r} is not host:port (e.g. 127.0.0.1:8000)"
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host.strip("[]"), int(port)))
    except OSError as exc:
        return f"cannot listen on {address}: {exc.strerror or exc}; another serve may still be running there"
    return ""


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    raise Stopped(signal.Signals(signum).name)


def stop(server: subprocess.Popen[bytes]) -> int:
    """Terminate MkDocs, kill it if it lingers, and wait for it; returns its exit code."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            server.kill()
    return server.wait()


def serve(root: Path, address: str) -> int:
    problem = address_problem(address)
    if problem:
        print(f"serve: {problem}", file=sys.stderr)
        return 2
    preview = Preview(root)
    config_file = preview.regenerate()
    if config_file is None:
        return 1
    boot = (_PARENT_DEATH if sys.platform == "linux" else "") + runtime.MKDOCS_BOOT
    command = [sys.executable, "-c", boot, "serve", "-f", str(config_file), "-a", address, "--livereload", "--dirty"]
    previous = {sig: signal.signal(sig, _raise_stopped) for sig in STOP_SIGNALS}
    server: subprocess.Popen[bytes] | None = None
    try:
        server = subprocess.Popen(command, cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        seen = _snapshot(root)
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            now = _snapshot(root)
            if now != seen:
                seen = now
                preview.regenerate()
        print(f"serve: MkDocs stopped by itself (exit {server.returncode}); see its messages above", flush=True)
        return 1
    except (Stopped, KeyboardInterrupt):
        return 0
    finally:
        for sig in STOP_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)
        if server is not None:
            stop(server)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
