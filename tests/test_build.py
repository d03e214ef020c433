"""Real builds of fixture sites: the pipeline end to end, through mkdocs build --strict."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from conftest import Run


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", **extra}


def test_build_makes_home_disease_and_study_pages(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    root = site()
    done = cli(root, "build", env=env())
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 errors, 0 warnings" in done.stdout
    out = root / "site"
    home = (out / "index.html").read_text()
    assert "Test review" in home
    assert "Last built: 2023-11-14" in home
    disease = (out / "diseases/kidney/cisplatin-nephrotoxicity.html").read_text()
    # the evidence-table row comes from the study record and links to the study page
    assert 'href="../../studies/zhou-2013-cisplatin-aki.html"' in disease
    assert "lower serum creatinine and BUN" in disease
    assert 'human <a href="../../sources/umbilical-cord.html">umbilical cord</a> (exosomes)' in disease
    study = (out / "studies/zhou-2013-cisplatin-aki.html").read_text()
    assert "NRK-52E" in study and "renal subcapsular" in study
    bib = (out / "bibliography.html").read_text()
    assert 'id="ref-zhou2013exosomes"' in bib
    assert "https://doi.org/10.1186/scrt194" in bib
    assert "Stem Cell Research &amp; Therapy" in bib  # LaTeX {\&} decoded, then HTML-escaped once
    # study pages are reached from tables, not from the navigation
    assert "zhou-2013-cisplatin-aki" not in (out / "diseases/index.html").read_text()
    # self-contained: no script, style or font from another host
    for page in out.rglob("*.html"):
        assert not re.search(r'(src|href)="https?://[^"]*\.(js|css|woff2?)', page.read_text()), page


def test_two_builds_are_byte_identical(site, cli: Run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = site()
    assert cli(root, "build", "--out", str(tmp_path / "a"), env=env()).returncode == 0
    assert (
        cli(root, "build", "--out", str(tmp_path / "b"), env=env(PYTHONHASHSEED="123", TZ="Asia/Tokyo")).returncode == 0
    )
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


def test_failed_build_leaves_previous_site_untouched(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    root = site()
    assert cli(root, "build", env=env()).returncode == 0
    before = tree_digest(root / "site")
    (root / "content/diseases/kidney/cisplatin-nephrotoxicity.md").write_text(
        "---\ntitle: Cisplatin nephrotoxicity\norgan_system: kidney\nsummary: s\n---\n"
        "Intro.\n\nAn [absolute link](/index.md), which only MkDocs rejects.\n"
    )
    done = cli(root, "build", env=env())
    assert done.returncode == 1
    assert (
        "content/diseases/kidney/cisplatin-nephrotoxicity.md:8: [E-MKDOCS] Doc file "
        "'diseases/kidney/cisplatin-nephrotoxicity.md' contains an absolute link '/index.md', it was left as is. "
        "Did you mean '../../index.md'?\n"
        "    hint: MkDocs found this after our own checks passed: fix the link on this line as MkDocs says"
    ) in done.stdout
    assert "build failed: the previous site was left as it was" in done.stdout
    assert tree_digest(root / "site") == before
    assert not list(root.glob(".site.new-*"))


def test_a_check_after_render_failing_while_mkdocs_builds_stops_it(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    # links and anchors are checked while MkDocs already builds: a bad anchor stops it, reported as `check` does
    root = site()
    assert cli(root, "build", env=env()).returncode == 0
    before = tree_digest(root / "site")
    (root / "content/diseases/kidney/cisplatin-nephrotoxicity.md").write_text(
        "---\ntitle: Cisplatin nephrotoxicity\norgan_system: kidney\nsummary: s\n---\n"
        "Intro.\n\nSee [the methods](#no-such-heading).\n"
    )
    done = cli(root, "build", env=env())
    checked = cli(root, "check", env=env())
    assert done.returncode == checked.returncode == 1
    problems = [line for line in done.stdout.splitlines() if "[E-" in line]
    assert problems == [line for line in checked.stdout.splitlines() if "[E-" in line]
    assert problems and all("[E-ANCHOR]" in line for line in problems), problems
    assert "build failed: the previous site was left as it was" in done.stdout
    assert tree_digest(root / "site") == before
    assert not list(root.glob(".site.*"))


def test_check_writes_nothing_but_its_cache(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    root = site()
    before = tree_digest(root)
    done = cli(root, "check")
    assert done.returncode == 0, done.stdout
    assert "checked 1 studies, 1 conditions, 0 topics, 2 references" in done.stdout
    after = {k: v for k, v in tree_digest(root).items() if not k.startswith(".cache/")}
    assert after == before


def test_caches_are_safe_to_damage_or_delete(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    import shutil

    root = site()
    assert cli(root, "build", "--out", str(root / "a"), env=env()).returncode == 0
    for cached in (root / ".cache").glob("*.json"):
        cached.write_text("{ not json")
    assert cli(root, "build", "--out", str(root / "b"), env=env()).returncode == 0
    shutil.rmtree(root / ".cache")
    assert cli(root, "build", "--out", str(root / "c"), env=env()).returncode == 0
    assert tree_digest(root / "a") == tree_digest(root / "b") == tree_digest(root / "c")
    # an edited bibliography is parsed again, not served from the cache
    bib = root / "references.bib"
    bib.write_text(bib.read_text().replace("applications in cell-free therapy", "applications in therapy"))
    assert cli(root, "build", "--out", str(root / "d"), env=env()).returncode == 0
    assert "applications in therapy" in (root / "d/bibliography.html").read_text()


def test_same_bytes_from_another_path_locale_and_hash_seed(site, cli: Run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    root = site()
    other = tmp_path / "elsewhere" / "deeper" / "copy"
    shutil.copytree(root, other)
    assert cli(root, "build", env=env(PYTHONHASHSEED="1", TZ="UTC", LC_ALL="C")).returncode == 0
    done = cli(other, "build", env=env(PYTHONHASHSEED="4242", TZ="America/Los_Angeles", LC_ALL="C.UTF-8"))
    assert done.returncode == 0, done.stdout
    assert tree_digest(root / "site") == tree_digest(other / "site")


def test_sigkill_mid_build_leaves_previous_site_intact(site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import signal
    import subprocess
    import sys
    import time

    from sitefactory import REPO

    root = site()
    first = subprocess.run([sys.executable, str(REPO / "build_site.py"), "build"], cwd=root, env=env(), check=False)
    assert first.returncode == 0
    before = tree_digest(root / "site")
    (root / "content/index.md").write_text("---\ntitle: Changed\nsummary: s\n---\nNew text.\n")
    new = tmp_path / "expected-new"
    cmd = [sys.executable, str(REPO / "build_site.py"), "build", "--out", str(new)]
    assert subprocess.run(cmd, cwd=root, env=env(), check=False, capture_output=True).returncode == 0
    after = tree_digest(new)
    outcomes = set()
    for delay in (0.2, 0.5, 0.8, 1.1, 1.4):
        proc = subprocess.Popen(
            [sys.executable, str(REPO / "build_site.py"), "build"],
            cwd=root,
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)  # the build and its mkdocs child
        proc.wait()
        now = tree_digest(root / "site")
        assert now in (before, after), f"site/ is neither the old nor the new build after SIGKILL at {delay}s"
        outcomes.add("old" if now == before else "new")
    assert "old" in outcomes, "no kill landed before the swap; the test proved nothing"
    # the next build cleans up what the killed ones left and succeeds
    assert subprocess.run([sys.executable, str(REPO / "build_site.py"), "build"], cwd=root, env=env()).returncode == 0
    assert "Changed" in (root / "site/index.html").read_text()
    assert not list(root.glob(".site.*"))


def test_build_never_modifies_sources(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    root = site()
    sources = {k: v for k, v in tree_digest(root).items() if k.startswith(("content/", "references.bib", "templates/"))}
    assert cli(root, "build", env=env()).returncode == 0
    after = {k: v for k, v in tree_digest(root).items() if k.startswith(("content/", "references.bib", "templates/"))}
    assert after == sources
