"""How to cite the review: ``CITATION.cff`` (kept in step with the latest edition by ``release``) and the
citation of an edition in plain text, BibTeX and CSL-JSON, all from the same data.

Authors and title come from ``CITATION.cff`` (maintainers edit them there); version and date from the
latest edition. Without a ``CITATION.cff`` the site's name stands as the author.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from livingreview import urls
from livingreview.config import Config
from livingreview.diagnostics import Diagnostic, error, warning
from livingreview.editions import Edition

FILE = "CITATION.cff"
PAGE = urls.HOW_TO_CITE


@dataclass(frozen=True, slots=True)
class Citation:
    title: str
    authors: tuple[dict[str, str], ...]
    """CFF author mappings: ``family-names``/``given-names`` for people, ``name`` for groups."""
    version: str
    date: str
    url: str

    @property
    def key(self) -> str:
        words = re.findall(r"[a-z0-9]+", self.title.lower())[:3]
        return "-".join([*words, self.version.replace(".", "-")]) if self.version else "-".join(words)

    def author_names(self) -> list[str]:
        """'Family, Given' for people, the name for groups (as Highwire tags want them)."""
        return [
            f"{a['family-names']}, {a.get('given-names', '')}".rstrip(", ") if a.get("family-names") else a["name"]
            for a in self.authors
            if a.get("family-names") or a.get("name")
        ]

    def author_text(self) -> str:
        names = []
        for a in self.authors:
            if a.get("family-names"):
                initials = "".join(p[0] for p in re.split(r"[\s.\-]+", a.get("given-names", "")) if p)
                names.append(f"{a['family-names']} {initials}".strip())
            elif a.get("name"):
                names.append(a["name"])
        return ", ".join(names)

    def plain(self) -> str:
        edition = f" Edition {self.version}, {self.date}." if self.version else ""
        url = f" {self.url}" if self.url else ""
        return f"{self.author_text()}. {self.title} [living evidence review].{edition}{url}"

    def bibtex(self) -> str:
        people = []
        for a in self.authors:
            if a.get("family-names"):
                people.append(f"{_bib(a['family-names'])}, {_bib(a.get('given-names', ''))}".rstrip(", "))
            elif a.get("name"):
                people.append("{" + _bib(a["name"]) + "}")
        fields = [("author", " and ".join(people)), ("title", "{" + _bib(self.title) + "}")]
        if self.version:
            fields += [("year", self.date[:4]), ("date", self.date), ("version", _bib(self.version))]
            fields.append(("note", f"Living evidence review, edition {_bib(self.version)}"))
        if self.url:
            fields.append(("url", self.url))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@misc{{{self.key},\n{body}\n}}"

    def csl(self) -> dict[str, Any]:
        authors = [
            {"family": a["family-names"], "given": a.get("given-names", "")}
            if a.get("family-names")
            else {"literal": a.get("name", "")}
            for a in self.authors
        ]
        item: dict[str, Any] = {"id": self.key, "type": "report", "genre": "Living evidence review"}
        item |= {"title": self.title, "author": authors}
        if self.version:
            item["version"] = self.version
            item["issued"] = {"date-parts": [[int(p) for p in self.date.split("-")]]}
        if self.url:
            item["URL"] = self.url
        return item


def _bib(text: str) -> str:
    """Text safe inside a braced BibTeX field."""
    replace = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_"}
    return "".join(replace.get(c, c) for c in text).replace("$", r"\$")


def read_cff(path: Path) -> tuple[dict[str, Any], list[Diagnostic]]:
    if not path.is_file():
        return {}, []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        return {}, [error(FILE, line, "E-CITATION", f"invalid YAML: {exc.problem}", "")]
    if not isinstance(data, dict):
        return {}, [error(FILE, 1, "E-CITATION", "CITATION.cff must be a mapping", "")]
    return data, []


def citation(config: Config, latest: Edition | None) -> Citation:
    data, _ = read_cff(config.root / FILE)
    authors = tuple(
        {str(k): str(v) for k, v in a.items() if isinstance(v, str | int)}
        for a in data.get("authors") or []
        if isinstance(a, dict)
    )
    return Citation(
        title=str(data.get("title") or config.site_name),
        authors=authors or ({"name": config.site_name},),
        version=latest.version if latest else "",
        date=latest.date if latest else "",
        url=config.site_url,
    )


def check_cff(config: Config, latest: Edition | None) -> list[Diagnostic]:
    """CITATION.cff must parse and name the latest edition."""
    data, problems = read_cff(config.root / FILE)
    if problems or latest is None:
        return problems
    if not data:
        return [
            warning(
                FILE,
                0,
                "W-CITATION",
                f"no {FILE}, so citation managers cannot read how to cite the review",
                "run: build_site.py release VERSION",
            )
        ]
    if str(data.get("version", "")) != latest.version or str(data.get("date-released", "")) != latest.date:
        line = _line_of(config.root / FILE, "version")
        message = f"{FILE} names version {data.get('version')!r} ({data.get('date-released')}), "
        message += f"the latest edition is {latest.version} ({latest.date})"
        return [warning(FILE, line, "W-CITATION", message, "release writes both; or set version and date-released")]
    return []


def _line_of(path: Path, key: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(f"{key}:"):
            return number
    return 0


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def write_cff(config: Config, edition: Edition) -> Path:
    """Create ``CITATION.cff``, or set its ``version`` and ``date-released`` (everything else is kept)."""
    path = config.root / FILE
    stamp = {"version": _q(edition.version), "date-released": _q(edition.date)}
    if path.is_file():
        lines = path.read_text(encoding="utf-8").splitlines()
        for key, value in stamp.items():
            found = [i for i, line in enumerate(lines) if line.startswith(f"{key}:")]
            if found:
                lines[found[0]] = f"{key}: {value}"
            else:
                lines.append(f"{key}: {value}")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path
    lines = [
        "# How to cite this review. 'build_site.py release VERSION' keeps version and date-released in step",
        "# with the latest edition; edit the rest (authors first) by hand.",
        "cff-version: 1.2.0",
        "message: If you use this review, please cite the edition you read, as below.",
        "type: dataset",
        f"title: {_q(config.site_name)}",
    ]
    if config.site_description:
        lines.append(f"abstract: {_q(config.site_description)}")
    lines += ["authors:", f"  - name: {_q(config.site_name)}"]
    lines += [f"{key}: {value}" for key, value in stamp.items()]
    if config.site_url:
        lines.append(f"url: {_q(config.site_url)}")
    if config.repo_url:
        lines.append(f"repository-code: {_q(config.repo_url)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


__all__ = ["FILE", "PAGE", "Citation", "check_cff", "citation", "read_cff", "write_cff"]
