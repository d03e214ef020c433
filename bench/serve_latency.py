#!/usr/bin/env python3
"""How long after saving a study file does `serve` show the change? (benchmark, not a test)

    .venv/bin/python bench/serve_latency.py            # the real site, 5 edits, prints each and the median

A copy of the project is served on a free port; the script appends a unique word to one study's
text, then polls the served page every 20 ms until the word appears. That is what a reader of
`make serve` waits for (the browser's live reload fires as soon as MkDocs has rebuilt the page).
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STUDY = "content/studies/zhou-2013-cisplatin-aki.md"
PAGE = "studies/zhou-2013-cisplatin-aki.html"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8", "replace"))
    except OSError:
        return ""


def wait_for(url: str, word: str, timeout: float) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if word in fetch(url):
            return time.perf_counter() - start
        time.sleep(0.02)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lr-serve-"))
    root = work / "site"
    shutil.copytree(
        REPO, root, ignore=shutil.ignore_patterns(".git", ".venv", "site", "build", "tests", "_work", ".*cache")
    )
    port = free_port()
    url = f"http://127.0.0.1:{port}/{PAGE}"
    server = subprocess.Popen(
        [sys.executable, str(root / "build_site.py"), "serve", "--address", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        if wait_for(url, "</html>", 120) is None:
            print("serve did not start")
            return 1
        time.sleep(1.0)
        study = root / STUDY
        original = study.read_text(encoding="utf-8")
        times = []
        for i in range(args.edits):
            word = f"benchmarkword{i}x{time.time_ns()}"
            study.write_text(original.rstrip("\n") + f" {word}\n", encoding="utf-8")
            elapsed = wait_for(url, word, 30)
            if elapsed is None:
                print(f"edit {i + 1}: not visible after 30 s")
                return 1
            times.append(elapsed)
            print(f"edit {i + 1}: visible after {elapsed:.2f} s")
            time.sleep(1.0)
        print(f"median {statistics.median(times):.2f} s over {len(times)} edits (target <= 2 s)")
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
