#!/usr/bin/env python3
"""Benchmark harness (not a test): prints one table of build costs for synthetic sites of N studies.

    .venv/bin/python bench/run.py                 # N = 100, 1000, 5000 (5000 once; others median of 3)
    .venv/bin/python bench/run.py --sizes 100 1000 --repeat 5
    .venv/bin/python bench/run.py --profile 1000  # the top costs of the generator at N = 1000
    .venv/bin/python bench/run.py --refs 10000    # load + check + format 10,000 references, cold and warm

Columns: check (load + checks), generate (check + render), mkdocs (the MkDocs build the pipeline
runs), post (link checks + CSP), total (the whole `build`), plain (a plain `mkdocs build` of the
same generated docs, side by side), peak memory, site size, search index size, median page size.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import io
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

from livingreview import build, checks, citing, runtime  # noqa: E402
from livingreview.refs import bibtex, csl  # noqa: E402


def median_time(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def row(n: int, repeat: int, work: Path) -> dict[str, float]:
    root = synth.make(work / f"site-{n}", n)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    check = median_time(lambda: build.check(root), repeat)
    generate = median_time(lambda: build.generate(root), repeat)
    totals, mk, post = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        outcome = build.build(root, work / f"out-{n}")
        totals.append(time.perf_counter() - start)
        errors = [d for d in outcome.diagnostics if d.is_error]
        assert not errors, errors[:3]
        mk.append(outcome.timings["mkdocs"])
        post.append(outcome.timings["postbuild"])
    plain = median_time(
        lambda: subprocess.run(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "-q",
                "-f",
                str(root / "build/mkdocs.yml"),
                "-d",
                str(work / "plain"),
            ],
            check=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        ),
        repeat,
    )
    out = work / f"out-{n}"
    pages = sorted(p.stat().st_size for p in out.rglob("*.html"))
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    return {
        "N": n,
        "check": check,
        "generate": generate,
        "mkdocs": statistics.median(mk),
        "post": statistics.median(post),
        "total": statistics.median(totals),
        "plain": plain,
        "peak_mb": peak / 1024,
        "site_mb": size(out) / 1e6,
        "index_mb": (out / "search/search_index.json").stat().st_size / 1e6,
        "page_kb": pages[len(pages) // 2] / 1e3,
        "max_page_kb": pages[-1] / 1e3,
    }


def print_table(rows: list[dict[str, float]]) -> None:
    head = (
        "N",
        "check s",
        "generate s",
        "mkdocs s",
        "post s",
        "total s",
        "plain mkdocs s",
        "total/plain",
        "gen share",
        "peak MB",
        "site MB",
        "index MB",
        "median page KB",
        "max page KB",
    )
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        cells = [
            f"{r['N']:.0f}",
            f"{r['check']:.2f}",
            f"{r['generate']:.2f}",
            f"{r['mkdocs']:.2f}",
            f"{r['post']:.2f}",
            f"{r['total']:.2f}",
            f"{r['plain']:.2f}",
            f"{r['total'] / r['plain']:.2f}",
            f"{(r['total'] - r['mkdocs']) / r['total']:.0%}",
            f"{r['peak_mb']:.0f}",
            f"{r['site_mb']:.1f}",
            f"{r['index_mb']:.2f}",
            f"{r['page_kb']:.0f}",
            f"{r['max_page_kb']:.0f}",
        ]
        print("| " + " | ".join(cells) + " |")
    by_n = {int(r["N"]): r for r in rows}
    if 1000 in by_n and 5000 in by_n:
        print(f"\nscaling: total(5000) / total(1000) = {by_n[5000]['total'] / by_n[1000]['total']:.2f}")


def references(count: int, work: Path) -> None:
    """Load, check and format ``count`` references: cold (no caches), then warm (caches on disk)."""
    root = synth.make(work / "refs", max(1, count // 10))
    text = (root / "references.bib").read_text()
    cache_dir = work / "cache"
    base_site = build.check(root).site
    assert base_site is not None
    for label in ("cold", "warm"):
        csl._DISK.clear()
        csl._format.cache_clear()
        start = time.perf_counter()
        if label == "warm":
            csl.load_cache(cache_dir / "csl.json")
        refs, _problems = bibtex.load("references.bib", text, cache_dir)
        loaded = time.perf_counter()
        site = dataclasses.replace(base_site, references=tuple(refs))
        index = citing.CitationIndex()
        checks.check_bibliography(site, index)
        checked = time.perf_counter()
        csl.prefetch(refs)
        for ref in refs:
            csl.full(ref)
        done = time.perf_counter()
        csl.save_cache(cache_dir / "csl.json")
        print(
            f"{len(refs)} references {label}: load {loaded - start:.2f}s, check {checked - loaded:.2f}s, "
            f"format {done - checked:.2f}s, total {done - start:.2f}s"
        )


def profile(n: int, work: Path) -> None:
    root = synth.make(work / f"profile-{n}", n)
    profiler = cProfile.Profile()
    profiler.enable()
    build.generate(root)
    profiler.disable()
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(25)
    print(stream.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=int, help="profile the generator at this N instead")
    parser.add_argument("--refs", type=int, help="time loading, checking and formatting this many references")
    args = parser.parse_args()
    runtime.tune_gc()  # as the command line does
    work = Path(tempfile.mkdtemp(prefix="lr-bench-"))
    try:
        if args.profile:
            profile(args.profile, work)
        elif args.refs:
            references(args.refs, work)
        else:
            rows = [row(n, 1 if n >= 5000 else args.repeat, work) for n in args.sizes]
            print_table(rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
