#!/usr/bin/env python3
"""How long after `serve` starts does the preview answer, against one `build`? (benchmark, not a test)

    .venv/bin/python bench/serve_startup.py            # the real site, 3 starts of each

A copy of the project (without .venv, caches and build output) is made first; then, in turn,
`build_site.py build --out <tmp>` is timed, and `build_site.py serve` is started on a free port and
timed until a study page answers with the full page. Each serve is stopped with SIGTERM, and the
script checks that the port can be bound again (nothing was left running).
"""

from __future__ import annotations

import argparse
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAGE = "studies/zhou-2013-cisplatin-aki.html"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return "</html>" in response.read().decode("utf-8", "replace")
    except OSError:
        return False


def time_build(root: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(root / "build_site.py"), "build", "--out", str(out)],
        cwd=root,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def time_serve(root: Path, timeout: float = 120) -> float | None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/{PAGE}"
    start = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, str(root / "build_site.py"), "serve", "--address", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    elapsed = None
    try:
        while time.perf_counter() - start < timeout and server.poll() is None:
            if answers(url):
                elapsed = time.perf_counter() - start
                break
            time.sleep(0.05)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    time.sleep(0.5)
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
            sock.listen()
        except OSError:
            print(f"port {port} still in use after serve was stopped: a child was left running")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lr-serve-start-"))
    root = work / "site"
    shutil.copytree(
        REPO, root, ignore=shutil.ignore_patterns(".git", ".venv", "site", "build", "tests", "_work", ".*cache")
    )
    try:
        builds, serves = [], []
        for run in range(args.runs):
            builds.append(time_build(root, work / f"out{run}"))
            started = time_serve(root)
            if started is None:
                print("serve did not answer")
                return 1
            serves.append(started)
            print(f"run {run + 1}: build {builds[-1]:.2f} s, serve answered after {started:.2f} s")
        print(f"median: build {statistics.median(builds):.2f} s, serve first answer {statistics.median(serves):.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
