#!/usr/bin/env python3
"""Benchmark (not a test): this checkout against another one, interleaved, as a user runs them.

    git worktree add /tmp/old 80b3e5e && ln -s "$PWD/.venv" /tmp/old/.venv
    .venv/bin/python bench/versions.py /tmp/old --studies 1000 --repeat 3

Each checkout makes its own synthetic site with its own ``bench/synth.py`` (N studies), builds it
once to warm its caches, then the two are timed alternately: ``build_site.py --root SITE build``
and a plain ``mkdocs build --strict`` of the docs that checkout generated. The machine's speed
drifts by several per cent within minutes, so only figures taken side by side are compared. Sites
are kept under the system's temporary folder and reused by later runs (delete them to start over).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def _run(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="the other checkout (a git worktree of another commit)")
    parser.add_argument("--studies", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as a user's machine: bytecode written and reused
    trees = {"other": args.other.resolve(), "this": HERE}
    python = sys.executable
    sites: dict[str, Path] = {}
    for name, tree in trees.items():
        tag = hashlib.sha256(str(tree).encode()).hexdigest()[:8]
        site = Path(tempfile.gettempdir()) / f"lr-versions-{tree.name}-{tag}-{args.studies}"
        if not site.exists():
            make = f"import sys; sys.path[:0] = [{str(tree)!r}, {str(tree / 'bench')!r}]; import synth, pathlib; "
            make += f"synth.make(pathlib.Path({str(site)!r}), {args.studies})"
            subprocess.run([python, "-c", make], check=True, env=env)
        subprocess.run([python, "-m", "compileall", "-q", str(tree / "livingreview")], check=True, env=env)
        warm = _run([python, str(tree / "build_site.py"), "--root", str(site), "build"], env)
        print(f"{name}: {tree} (warm-up build {warm:.1f}s)", flush=True)
        sites[name] = site
    times: dict[str, list[float]] = {f"{n} {what}": [] for n in trees for what in ("build", "plain")}
    for _ in range(args.repeat):
        for name, tree in trees.items():
            site = sites[name]
            build = [python, str(tree / "build_site.py"), "--root", str(site), "build"]
            times[f"{name} build"].append(_run(build, env))
            plain = [python, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(site / "build/mkdocs.yml")]
            times[f"{name} plain"].append(_run([*plain, "-d", str(site / "plain-site")], env))
    for key, values in times.items():
        print(f"{key}: median {statistics.median(values):.2f}s ({', '.join(f'{v:.2f}' for v in values)})")
    for name in trees:
        ratio = statistics.median(times[f"{name} build"]) / statistics.median(times[f"{name} plain"])
        print(f"{name}: build / plain = {ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
