"""Orchestration only: load -> check -> render -> write staging docs -> mkdocs build -> post-checks -> swap.

Nothing is written before every check has passed, and the output folder is replaced only by a
complete, checked build.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml

from livingreview import (
    checks,
    citing,
    config,
    downloads,
    history,
    mkdocsproc,
    pages,
    postbuild,
    render,
    sitelinks,
    terms,
    writer,
)
from livingreview.citing import CitationIndex
from livingreview.content import loader, placeholders
from livingreview.diagnostics import Diagnostic, error
from livingreview.model import Site
from livingreview.pages import gather
from livingreview.refs import csl


@dataclass(slots=True)
class Outcome:
    """What a command did: its problems, and figures worth printing."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    site: Site | None = None
    index: CitationIndex | None = None
    pages: dict[str, str] = field(default_factory=dict)
    assets: dict[str, bytes] = field(default_factory=dict)
    """Static files copied verbatim into the docs (``assets/...`` -> bytes)."""
    generated: dict[str, bytes] = field(default_factory=dict)
    """Files the renderer makes besides pages (feeds, edition downloads)."""
    timings: dict[str, float] = field(default_factory=dict)
    rendered: bool = False
    """The pages were rendered (every check before rendering passed)."""

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def check(root: Path) -> Outcome:
    """Load and check everything, links and anchors included; write nothing but caches.

    When the checks find no error other than a link's, the pages are rendered in memory (kept in
    ``outcome.pages`` for :func:`generate`), so links and anchors are checked against what the
    generator really renders; otherwise page links are still checked, anchors once the rest is fixed.
    The checks of what pages cite (an unused entry, a cited entry's status) read the index recorded
    from the rendered pages; when the pages cannot be rendered, the sources' index stands in.
    """
    start = time.perf_counter()
    outcome = load_and_render(root)
    if outcome.site is not None:
        outcome.diagnostics += rendered_checks(outcome)
    outcome.timings["check"] = time.perf_counter() - start - outcome.timings.get("render", 0.0)
    return outcome


def load_and_render(root: Path) -> Outcome:
    """The first part of :func:`check`: load, check the sources and, when they pass, render the pages.

    ``outcome.site`` stays None when the configuration or the profile is unusable (nothing more
    can be checked); ``outcome.rendered`` says whether the pages were rendered.
    """
    outcome = Outcome()
    git_history = history.start(root)  # git walks the history while the site loads; pages show the dates
    try:
        cfg, problems = config.load(root)
        outcome.diagnostics += problems
        if cfg is None:
            return outcome
        site, problems = loader.load(cfg)
        outcome.diagnostics += problems
        if site.profile is None:  # records, entity pages and tables all rest on it: its problems come first
            return outcome
        index = citing.build(site)
        outcome.diagnostics += checks.run_all(site, index)
        outcome.diagnostics = placeholders.without_shadowed(outcome.diagnostics)
        outcome.site, outcome.index = site, index
        if outcome.ok:
            render_pages(outcome, git_history)
            outcome.rendered = True
        return outcome
    finally:
        git_history.discard()


def rendered_checks(outcome: Outcome) -> list[Diagnostic]:
    """The second part of :func:`check`: internal terms, what pages cite, links and anchors.

    Pure checks on what is in memory: ``build`` runs them while MkDocs is already at work.
    """
    assert outcome.site is not None and outcome.index is not None
    site = outcome.site
    problems = terms.check(site, outcome.pages) if outcome.rendered else []
    problems += checks.run_cited(site, outcome.index)
    problems += sitelinks.check(site, outcome.pages if outcome.rendered else None)
    return problems


def render_pages(outcome: Outcome, git_history: history.Pending | None = None) -> None:
    """Render every Markdown page of a checked site into ``outcome.pages`` (in memory)."""
    assert outcome.site is not None and outcome.index is not None
    start = time.perf_counter()
    epoch = source_date_epoch(outcome.site.config.root)
    date = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d") if epoch is not None else "unknown"
    cache = outcome.site.config.root / ".cache" / "csl.json"
    csl.load_cache(cache)
    csl.prefetch(list(outcome.site.references), outcome.site.config.csl_style)
    rendered = render.render_site(outcome.site, date, git_history)
    outcome.pages = rendered.pages
    outcome.generated = rendered.files
    outcome.index = rendered.index
    csl.save_cache(cache)
    outcome.timings["render"] = time.perf_counter() - start


def source_date_epoch(root: Path) -> int | None:
    """The build's date: ``SOURCE_DATE_EPOCH``, else the last commit's date; never the clock."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value.isdigit():
        return int(value)
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=False, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    stamp = done.stdout.strip()
    return int(stamp) if done.returncode == 0 and stamp.isdigit() else None


def generate(root: Path) -> Outcome:
    """Check (which renders the Markdown pages in memory), then gather the static files."""
    outcome = check(root)
    if not outcome.ok or outcome.site is None or outcome.index is None:
        return outcome
    gather_files(outcome)
    return outcome


def gather_files(outcome: Outcome) -> None:
    """The static files of a rendered site: assets, downloads and the renderer's other files."""
    assert outcome.site is not None
    outcome.assets = {**static_assets(outcome.site.config.assets_dir), **downloads.files(outcome.site)}
    outcome.assets.update(outcome.generated)


def static_assets(folder: Path) -> dict[str, bytes]:
    """Every file under the project's assets folder, keyed by its path in the docs tree."""
    return {name: path.read_bytes() for name, path in pages.asset_files(folder).items()}


def mkdocs_config(site: Site) -> str:
    """The generated MkDocs config: inherits the project's ``mkdocs.yml`` and adds the navigation."""
    staging = site.config.staging_dir
    sitemap = pages.gather(site)
    data: dict[str, object] = {
        "INHERIT": os.path.relpath(site.config.mkdocs_file, staging),
        "docs_dir": "docs",
        "nav": sitemap.nav(),
        "not_in_nav": "".join(pattern + "\n" for pattern in sitemap.not_in_nav()),
    }
    if overrides(site):
        data["theme"] = {"name": "material", "custom_dir": "overrides"}
    return "# Generated by build_site.py; edit mkdocs.yml instead.\n" + yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=1000
    )


def overrides(site: Site) -> dict[str, str | bytes]:
    """The theme override files (``templates/overrides/``), copied into the staging folder."""
    folder = site.config.templates_dir / "overrides"
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_staging(outcome: Outcome) -> Path:
    """Write the staging docs tree and its MkDocs config; return the config's path."""
    assert outcome.site is not None
    staging = outcome.site.config.staging_dir
    files: dict[str, str | bytes] = {**outcome.pages, **outcome.assets}
    writer.sync_tree(staging / "docs", files)
    writer.sync_tree(staging / "overrides", overrides(outcome.site))
    config_file = staging / "mkdocs.yml"
    text = mkdocs_config(outcome.site)
    if not config_file.is_file() or config_file.read_text(encoding="utf-8") != text:
        config_file.write_text(text, encoding="utf-8")
    return config_file


_MKDOCS_PROBLEM = re.compile(r"^(WARNING|ERROR)\s+-\s+(.*)$")
_DOC_FILE = re.compile(r"Doc file '([^']+)'")
_LINK_IN_MESSAGE = re.compile(r"contains (?:a link|an absolute link|an unrecognized relative link|a link to) '([^']+)'")
_MKDOCS_HINT = "MkDocs found this after our own checks passed: fix the link on this line as MkDocs says"


def _line_of(text: str, target: str, first_line: int) -> int:
    """The line of ``text`` that makes a link to ``target`` (else the first line), counted from ``first_line``."""
    lines = text.split("\n")
    for needle in (f"]({target}", target):
        for offset, line in enumerate(lines):
            if needle in line:
                return first_line + offset
    return first_line


def mkdocs_problem(
    message: str,
    sources: dict[str, str],
    bodies: dict[str, tuple[str, int]],
    pages: dict[str, str] | None = None,
) -> Diagnostic:
    """One MkDocs warning as a diagnostic at the source file and line (never line 0)."""
    doc = _DOC_FILE.search(message)
    if not doc:
        return error("mkdocs.yml", 1, "E-MKDOCS", message, "MkDocs rejected the configuration or the build")
    page = doc.group(1)
    link = _LINK_IN_MESSAGE.search(message)
    target = link.group(1) if link else ""
    if page in sources and page in bodies:
        body, first = bodies[page]
        line = _line_of(body, target, first) if target else first
        return error(sources[page], line, "E-MKDOCS", message, _MKDOCS_HINT)
    text = (pages or {}).get(page, "")
    line = _line_of(text, target, 1) if target and text else 1
    return error(f"(generated) {page}", line, "E-MKDOCS", message, "a generator bug: please report it with this line")


def mkdocs_env(root: Path) -> dict[str, str]:
    """MkDocs' environment: the build's date as ``SOURCE_DATE_EPOCH``, the MkDocs 2 notice off."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    epoch = source_date_epoch(root)
    env["SOURCE_DATE_EPOCH"] = str(epoch if epoch is not None else 0)
    return env


def mkdocs_problems(site: Site, code: int, output: str, pages: dict[str, str] | None = None) -> list[Diagnostic]:
    """MkDocs' warnings (its exit status and output) as diagnostics at the source file and line."""
    sitemap = gather(site)
    sources = sitemap.sources()
    bodies = {p.path: (p.doc.body, p.doc.body_line) for p in sitemap.reading_order() if p.doc is not None}
    problems: list[Diagnostic] = []
    for line in output.splitlines():
        match = _MKDOCS_PROBLEM.match(line.strip())
        if not match:
            continue
        message = match.group(2).strip()
        if message.startswith("Aborted with") and problems:
            continue
        problems.append(mkdocs_problem(message, sources, bodies, pages))
    if code != 0 and not problems:
        tail = " ".join(output.strip().splitlines()[-3:])
        problems.append(error("mkdocs.yml", 1, "E-MKDOCS", f"mkdocs build failed: {tail}", ""))
    return problems


def build(root: Path, out: Path | None = None) -> Outcome:
    """The whole pipeline. ``out`` (default ``site/``) is replaced only by a complete, checked build.

    MkDocs is started first and imports itself while the site is loaded, checked and rendered; it
    builds into a new folder while the checks of the rendered pages (the second half of
    :func:`check`) run here. Should they find an error, MkDocs is stopped and its folder deleted:
    ``out`` is only replaced after every check, MkDocs' and the post-build checks included, passed.
    """
    start = time.perf_counter()
    with mkdocsproc.Pending(root, mkdocs_env(root)) as mkdocs:
        outcome = load_and_render(root)
        if not outcome.rendered or outcome.site is None:
            if outcome.site is not None:
                outcome.diagnostics += rendered_checks(outcome)
            outcome.timings["check"] = time.perf_counter() - start - outcome.timings.get("render", 0.0)
            return outcome
        site = outcome.site
        gather_files(outcome)
        out = (out or root / "site").resolve()
        config_file = write_staging(outcome)
        writer.remove_stale(out)
        new = writer.new_output_dir(out)
        early: postbuild.Early | None = None
        try:
            mkdocs_start = time.perf_counter()
            mkdocs.start(["build", "--strict", "-f", str(config_file), "-d", str(new)])
            # pages are read as MkDocs finishes them; those it finished before the watch began are
            # found by listing the folders (pagewatch.Watch: a file MkDocs still holds open waits)
            early = postbuild.Early(new, mkdocs.pid)
            checks_start = time.perf_counter()
            outcome.diagnostics += rendered_checks(outcome)
            done = time.perf_counter()
            outcome.timings["check"] = done - start - outcome.timings["render"] - (checks_start - mkdocs_start)
            if not outcome.ok:
                return outcome
            early.follow(mkdocs.exit_fd(), mkdocs.has_exited)
            code, output = mkdocs.finish()
            outcome.timings["mkdocs"] = time.perf_counter() - mkdocs_start
            outcome.diagnostics += mkdocs_problems(site, code, output, outcome.pages)
            if outcome.ok:
                start = time.perf_counter()
                outcome.diagnostics += postbuild.run_all(new, site, early.pages)
                outcome.timings["postbuild"] = time.perf_counter() - start
            if outcome.ok:
                writer.swap_into_place(new, out)
        finally:
            if early is not None:
                early.close()
            mkdocs.stop()  # before its folder goes: it may still be writing there
            if new.exists():
                shutil.rmtree(new)
    return outcome


__all__ = ["Outcome", "build", "check", "generate"]
