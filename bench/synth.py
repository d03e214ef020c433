"""Synthetic living-review projects of any size, made with the real schema and vocabularies.

N studies, 10·N references, N/25 conditions spread over the organ systems, cargo drawn from a pool
with a Zipf-like skew (a few molecules in many studies, most in one or two), ~600-word disease
pages. Deterministic for a given N (seeded).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
WORDS = tuple(
    [
        "exosomes",
        "vesicles",
        "mesenchymal",
        "stromal",
        "cells",
        "injury",
        "repair",
        "fibrosis",
        "apoptosis",
        "inflammation",
        "model",
        "rats",
        "mice",
        "dose",
        "route",
        "outcome",
        "recovery",
        "pathway",
        "signalling",
        "tissue",
        "regeneration",
        "marker",
        "protein",
        "microRNA",
        "delivery",
        "function",
        "improved",
        "reduced",
        "increased",
        "measured",
        "compared",
        "control",
        "treated",
        "serum",
        "levels",
        "histology",
    ]
)


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def make(root: Path, n: int, seed: int = 7) -> Path:
    rng = random.Random(seed + n)
    if root.exists():
        shutil.rmtree(root)
    (root / "content" / "studies").mkdir(parents=True)
    for name in ("mkdocs.yml",):
        shutil.copy(REPO / name, root / name)
    for folder in ("templates", "assets"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    vocab = yaml.safe_load((REPO / "content" / "vocabularies.yaml").read_text())
    shutil.copy(REPO / "content" / "vocabularies.yaml", root / "content" / "vocabularies.yaml")
    shutil.copy(REPO / "content" / "profile.yaml", root / "content" / "profile.yaml")
    (root / "content" / "index.md").write_text("---\ntitle: Benchmark review\nsummary: Synthetic.\n---\nIntro.\n")

    systems = list(vocab["organ_systems"])
    conditions = [(f"condition-{i:04d}", systems[i % len(systems)]) for i in range(max(10, n // 25))]
    refs = [f"ref{i:06d}" for i in range(10 * n)]
    bib = [
        "@misc{review-a, title = {Review A}, year = {2020}}\n",
        "@misc{review-b, title = {Review B}, year = {2021}}\n",
    ]
    for i, key in enumerate(refs):
        bib.append(
            f"@article{{{key},\n  author = {{Author{i % 997}, A. and Second, B. and others}},\n"
            f"  title = {{{{{words(rng, 10).capitalize()}}}}},\n  journal = {{Journal {i % 53}}},\n"
            f"  year = {{{2000 + i % 24}}},\n  volume = {{{i % 40}}},\n  pages = {{{i % 900}--{i % 900 + 9}}},\n"
            f"  doi = {{10.5555/bench.{i}}}\n}}\n"
        )
    (root / "references.bib").write_text("\n".join(bib))

    for slug, system in conditions:
        folder = root / "content" / "diseases" / system
        folder.mkdir(parents=True, exist_ok=True)
        cites = "; ".join(f"@{rng.choice(refs)}" for _ in range(3))
        body = "\n\n".join(f"{words(rng, 100).capitalize()} [{cites}]." for _ in range(6))
        (folder / f"{slug}.md").write_text(
            f"---\ntitle: Condition {slug[-4:]}\norgan_system: {system}\naliases: [C{slug[-4:]}]\n"
            f"summary: Synthetic condition.\n---\n## Overview\n\n{body}\n\n<!-- evidence-table -->\n"
        )

    pool = [f"miR-{i}" for i in range(max(20, n // 5))]
    weights = [1 / (i + 1) for i in range(len(pool))]
    for i in range(n):
        slug, _ = conditions[i % len(conditions)]
        record = {
            "id": f"study-{i:05d}",
            "title": f"Synthetic study {i}",
            "conditions": [slug],
            "agent": "msc-ev",
            "ev_type": rng.choice(vocab["ev_types"]),
            "msc_source": {"tissue": rng.choice(vocab["msc_tissues"]), "species": "human"},
            "models": [{"species": rng.choice(["rat", "mouse"]), "model": words(rng, 4)}],
            "study_type": ["animal"],
            "cargo": [{"name": name, "kind": "miRNA"} for name in set(rng.choices(pool, weights, k=2))],
            "outcomes": [words(rng, 6)],
            "first_author": f"Author{i % 997}",
            "year": 2000 + i % 24,
            "reference": refs[i],
            "reported_in": [{"review": rng.choice(["review-a", "review-b"]), "ref": str(i + 1)}],
        }
        text = "---\n" + yaml.safe_dump(record, sort_keys=False) + "---\n" + words(rng, 60).capitalize() + ".\n"
        (root / "content" / "studies" / f"study-{i:05d}.md").write_text(text)
    return root
