#!/usr/bin/env python3
"""Benchmark (not a test): a site whose bibliography is a large real-world-looking library.

    .venv/bin/python bench/bib_library.py              # 2,500 entries
    .venv/bin/python bench/bib_library.py --entries 10000

The library has what real ones have: @string macros and concatenation, braced corporate authors,
'von'/'Jr' names, LaTeX accents and math, arXiv preprints, theses, crossrefs. Every entry is cited
from topic pages. Prints `check` (cold and warm, in-process and as a command), `build` (warm) and a
plain `mkdocs build` of the same generated docs, median and fastest of --repeat runs (the fastest is
the fairer figure on a shared machine). Targets: check ≤ 1.5 s warm, build ≤ 1.2 × plain.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

from livingreview import build  # noqa: E402

KINDS = (
    '@article{{{key},\n  author = {{M{{\\"u}}ller, J{{\\"o}}rg and van der Berg, Anna and Smith, Jr., John}},\n'
    "  title = {{Uptake of CO$_2$ in ``{word}'' cells (part {i})}},\n  journal = jphys,\n"
    "  year = {{{year}}},\n  volume = {{{i}}},\n  pages = {{1--{i}}},\n  doi = {{10.1000/bench.{i}}},\n}}\n",
    "@misc{{{key},\n  author = {{{{ATLAS Collaboration}}}},\n  title = {{A preprint on {word} {i}}},\n"
    "  eprint = {{2101.{i:05d}}},\n  archivePrefix = {{arXiv}},\n  year = {{{year}}},\n}}\n",
    "@phdthesis{{{key},\n  author = {{Doe, Jane}},\n  title = {{A thesis on {word} {i}}},\n"
    "  school = {{University of Somewhere}},\n  year = {{{year}}},\n}}\n",
    "@inproceedings{{{key},\n  author = {{{{World Health Organization}} and Roe, R.}},\n"
    "  title = {{Proceedings paper {word} {i}}},\n  crossref = {{proc}},\n  pages = {{{i}}},\n}}\n",
    "@book{{{key},\n  editor = {{Roe, Richard}},\n  title = {{Handbook of {word} (vol. {i})}},\n"
    "  publisher = {{Springer}},\n  edition = {{2}},\n  year = {{{year}}},\n}}\n",
)
HEAD = (
    '@string{jphys = "Journal of " # "Physics"}\n'
    "@proceedings{proc,\n  title = {Proceedings of the Meeting},\n  publisher = {ACM},\n  year = {2020},\n}\n"
)


def library(n: int, rng: random.Random) -> tuple[str, list[str]]:
    keys = [f"lib{i:05d}" for i in range(n)]
    words = ["stromal", "vesicle", "kinase", "lattice", "muon", "graphene", "cohort", "renal"]
    entries = [
        KINDS[i % len(KINDS)].format(key=key, i=i + 1, word=rng.choice(words), year=2000 + i % 25)
        for i, key in enumerate(keys)
    ]
    return HEAD + "\n".join(entries), keys


def make(root: Path, n: int) -> Path:
    synth.make(root, 20)
    text, keys = library(n, random.Random(n))
    with (root / "references.bib").open("a", encoding="utf-8") as out:
        out.write("\n" + text)
    topics = root / "content" / "topics"
    topics.mkdir(parents=True, exist_ok=True)
    per_page = 100
    for page, start in enumerate(range(0, len(keys) + 1, per_page)):
        chunk = keys[start : start + per_page] + (["proc"] if start == 0 else [])
        lines = [" ".join(f"Finding [@{k}]." for k in chunk[j : j + 10]) for j in range(0, len(chunk), 10)]
        body = "\n\n".join(lines)
        (topics / f"library-{page:03d}.md").write_text(
            f"---\ntitle: Library part {page}\nsummary: Cites part of the library.\n---\n{body}\n", encoding="utf-8"
        )
    return root


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        root = make(work / "site", args.entries)
        cold = timed(lambda: build.check(root))
        outcome = build.check(root)
        errors = [d for d in outcome.diagnostics if d.is_error]
        assert not errors, errors[:3]
        warm = statistics.median(timed(lambda: build.check(root)) for _ in range(args.repeat))
        command = [sys.executable, str(REPO / "build_site.py"), "check"]
        cli = statistics.median(
            timed(lambda: subprocess.run(command, cwd=root, check=True, capture_output=True))
            for _ in range(args.repeat)
        )
        build.build(root, work / "out")  # fills the caches
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "build/mkdocs.yml")]
        plain_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        totals: list[float] = []
        plains: list[float] = []
        for _ in range(args.repeat):  # interleaved: on a shared machine both see the same load
            totals.append(timed(lambda: build.build(root, work / "out")))
            plains.append(
                timed(lambda: subprocess.run([*mkdocs, "-d", str(work / "plain")], check=True, env=plain_env))
            )
    total, plain = statistics.median(totals), statistics.median(plains)
    print(f"{args.entries} entries: check cold {cold:.2f}s, warm {warm:.2f}s (command {cli:.2f}s)")
    print(f"build warm {total:.2f}s, plain mkdocs build {plain:.2f}s, ratio {total / plain:.2f} (median)")
    print(f"fastest: build {min(totals):.2f}s, plain {min(plains):.2f}s, ratio {min(totals) / min(plains):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
