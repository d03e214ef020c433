#!/usr/bin/env python3
"""Benchmark (not a test): the real site's ``build`` against a plain ``mkdocs build`` of the same docs.

    .venv/bin/python bench/real_site.py             # 3 rounds
    .venv/bin/python bench/real_site.py --repeat 5

Builds once (warm caches, generated docs in build/), then times ``build_site.py build`` and
``python -m mkdocs build --strict -f build/mkdocs.yml`` alternately (the machine may be shared, so
the two are interleaved and the ratio is of figures from the same run). Target (issue 16): the
median ratio ≤ 1.15.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, the command and its children) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.setdefault("SOURCE_DATE_EPOCH", "1765000000")
    # as on a contributor's machine or a CI runner: compiled bytecode is written and reused (a
    # PYTHONDONTWRITEBYTECODE left in the environment would compile the generator on every run,
    # while MkDocs' own bytecode was written when it was installed)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", "livingreview"], cwd=REPO, check=True, env=env)
    build = [sys.executable, str(REPO / "build_site.py"), "build"]
    subprocess.run(build, cwd=REPO, check=True, capture_output=True, env=env)  # warm the caches
    builds: list[tuple[float, float]] = []
    plains: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        plain = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", "build/mkdocs.yml", "-d", tmp]
        for _ in range(args.repeat):
            builds.append(timed(build, env))
            plains.append(timed(plain, env))
    pairs = ", ".join(f"({b[0]:.2f}, {p[0]:.2f})" for b, p in zip(builds, plains, strict=True))
    print(f"each round (build, plain mkdocs build), wall s: {pairs}")
    for label, pick in (("median", statistics.median), ("fastest", min)):
        for what, index in (("wall", 0), ("cpu", 1)):
            total, base = pick(b[index] for b in builds), pick(p[index] for p in plains)
            print(f"{label} {what}: build {total:.2f}s, plain mkdocs build {base:.2f}s, ratio {total / base:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
