"""The Jinja environment: compiled once, ``StrictUndefined``, autoescape, the escaping filters."""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, Template

from livingreview import escape
from livingreview.render.bytecode import DiskBytecode, fingerprint

DEFAULTS = Path(__file__).resolve().parents[2] / "templates"
"""The generator's own templates: a review's ``templates_dir`` holds only those it words differently."""


class Templates:
    """Templates by name (``templates/<name>.md.j2``, else the generator's), each compiled on first use.

    With ``cache`` (the project's ``.cache/jinja``), compiled code is kept there for the next run.
    """

    def __init__(self, folder: Path, cache: Path | None = None) -> None:
        self.env = Environment(
            loader=ChoiceLoader([FileSystemLoader(str(folder)), FileSystemLoader(str(DEFAULTS))]),
            undefined=StrictUndefined,
            autoescape=True,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # one environment per render: no template changes under it (saves a stat per import)
        )
        self.env.filters.update(md=escape.md, cell=escape.cell, yaml=escape.yaml_string, title=escape.link_title)
        if cache is not None:
            self.env.bytecode_cache = DiskBytecode(cache, fingerprint(self.env))
        self._compiled: dict[str, Template] = {}

    def load_all(self) -> None:
        """Load every template now (before the work is shared out, so a forked copy finds them loaded)."""
        for name in sorted(self.env.list_templates(filter_func=lambda n: n.endswith(".md.j2") and "/" not in n)):
            self[name.removesuffix(".md.j2")]

    def __getitem__(self, name: str) -> Template:
        found = self._compiled.get(name)
        if found is None:
            found = self._compiled[name] = self.env.get_template(f"{name}.md.j2")
        return found


__all__ = ["Templates"]
