"""Read every input file into the typed :class:`~livingreview.model.Site`, collecting problems.

Nothing is written here. Files are walked in sorted order so that the model, and everything built
from it, is the same on every machine.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from livingreview.config import Config
from livingreview.content import aliases, frontmatter, placeholders, records, schema
from livingreview.content import profile as profile_file
from livingreview.content.frontmatter import Document
from livingreview.content.yamlcache import YamlCache
from livingreview.diagnostics import Diagnostic, error, warning
from livingreview.markdown import parse
from livingreview.model import Disease, Home, Site, Study, Table, Topic
from livingreview.refs import bibproblems, bibtex, ledger
from livingreview.refs.ledger import Ledger

SLUG = re.compile(schema.SLUG_PATTERN)


class _Reader:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.problems: list[Diagnostic] = []
        self.cache = YamlCache(config.root / ".cache" / "frontmatter.json")
        self.bodies: list[str] = []
        """The Markdown bodies read, outlined in one go (:func:`livingreview.markdown.parse.prepare`)."""

    def rel(self, path: Path) -> str:
        return self.config.rel(path)

    def text(self, path: Path, limit: int = frontmatter.MAX_FILE_BYTES) -> str | None:
        """The decoded text of a file inside the project, or None (with a diagnostic)."""
        rel = self.rel(path)
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(self.config.content_dir.resolve()):
                self.problems.append(
                    error(
                        rel,
                        0,
                        "E-SYMLINK",
                        "symbolic link points outside content/",
                        "replace the link with the file itself",
                    )
                )
                return None
        try:
            raw = path.read_bytes()
        except OSError as exc:
            self.problems.append(error(rel, 0, "E-READ", f"cannot read file: {exc.strerror}", ""))
            return None
        text, problems = frontmatter.decode(rel, raw, limit)
        self.problems += problems
        return text

    def document(self, path: Path) -> Document | None:
        text = self.text(path)
        if text is None:
            return None
        doc, problems = frontmatter.split(self.rel(path), text, cache=self.cache)
        self.problems += problems
        self.bodies.append(doc.body)
        return None if problems and any(p.is_error for p in problems) and not doc.meta else doc

    def yaml_document(self, path: Path) -> Document | None:
        text = self.text(path)
        if text is None:
            return None
        rel = self.rel(path)
        if not text.strip():
            self.problems.append(error(rel, 1, "E-EMPTY", "file is empty", ""))
            return None
        data, lines, problems = frontmatter.parse_yaml(rel, text, cache=self.cache)
        self.problems += problems
        if data is None and problems:
            return None
        if not isinstance(data, dict):
            self.problems.append(error(rel, 1, "E-YAML-TYPE", "file must hold a mapping of fields", ""))
            return None
        lines.setdefault((), 1)
        return Document(rel, data, "", 1, lines)

    def slug_ok(self, path: Path, what: str) -> bool:
        if SLUG.fullmatch(path.stem) and len(path.stem) <= 80:
            return True
        self.problems.append(
            error(
                self.rel(path),
                0,
                "E-SLUG",
                f"{what} file name '{path.name}' is not a valid slug",
                "use lowercase letters, digits and single hyphens, e.g. 'renal-ischemia-reperfusion-injury.md'",
            )
        )
        return False


def _files(folder: Path, pattern: str) -> list[Path]:
    return sorted(p for p in folder.glob(pattern) if p.is_file() or p.is_symlink()) if folder.is_dir() else []


def load(config: Config) -> tuple[Site, list[Diagnostic]]:
    reader = _Reader(config)
    content = config.content_dir
    if not content.is_dir():
        reader.problems.append(error(reader.rel(content), 0, "E-CONTENT", "content folder not found", ""))
    review = _load_profile(reader, content / "profile.yaml")
    vocab = _load_vocab(reader, content / "vocabularies.yaml", review)
    home = _load_home(reader, content / "index.md")
    studies = tuple(_load_studies(reader, content / "studies", review.study)) if review else ()
    diseases = tuple(_load_diseases(reader, content / "diseases"))
    topics = tuple(_load_topics(reader, content / "topics"))
    tables = tuple(_load_tables(reader, content / "data"))
    _unexpected_files(reader, content)
    reader.cache.save()
    parse.prepare(reader.bodies, config.root / ".cache" / "markdown.json")
    loaded = _load_references(reader)
    references = tuple(loaded or ())
    ledger = _load_ledger(reader)
    links_report = _load_json_file(reader, config.root / "linkcheck-report.json")
    site = Site(
        config,
        vocab,
        home,
        studies,
        diseases,
        topics,
        tables,
        references,
        ledger,
        links_report,
        loaded is not None,
        review,
    )
    return site, reader.problems


def _load_profile(reader: _Reader, path: Path) -> records.ReviewProfile | None:
    """The review's profile and the models built from it; None (with diagnostics) when it is unusable,
    and then no study record is validated (every one would fail for the profile's fault)."""
    if not path.exists():
        hint = "every review declares its study record's own fields there (see CONTRIBUTING.md)"
        reader.problems.append(error(reader.rel(path), 0, profile_file.CODE, "profile file not found", hint))
        return None
    doc = reader.yaml_document(path)
    if doc is None:
        return None
    spec, problems = profile_file.load(doc)
    reader.problems += problems
    if spec is None:
        return None
    review = records.build(spec, doc)
    return review


def _load_vocab(reader: _Reader, path: Path, review: records.ReviewProfile | None) -> schema.Vocabularies | None:
    if not path.exists():
        reader.problems.append(error(reader.rel(path), 0, "E-VOCAB-FILE", "vocabulary file not found", ""))
        return None
    doc = reader.yaml_document(path)
    if doc is None or review is None:
        return None
    vocab, problems = schema.validate(review.vocabularies, doc)
    reader.problems += problems
    if vocab is None:
        return None
    reader.problems += aliases.problems(vocab, doc)
    reader.problems += aliases.primary_problems(vocab, review)
    return vocab  # type: ignore[no-any-return]


def _load_home(reader: _Reader, path: Path) -> Home | None:
    if not path.exists():
        reader.problems.append(error(reader.rel(path), 0, "E-HOME", "home page content/index.md not found", ""))
        return None
    doc = reader.document(path)
    if doc is None:
        return None
    record, problems = schema.validate(schema.HomePage, doc)
    reader.problems += problems
    return Home(record, doc) if record else None


def _validated(
    reader: _Reader, folder: Path, pattern: str, what: str, kind: type[schema.Schema]
) -> Iterator[tuple[Path, Any, Document]]:
    """(path, validated record, document) for every well-named, valid file matching ``pattern``."""
    for path in _files(folder, pattern):
        if not reader.slug_ok(path, what) or (
            pattern.startswith("*/") and not reader.slug_ok(path.parent, what + " folder")
        ):
            continue
        doc = reader.yaml_document(path) if path.suffix == ".yaml" else reader.document(path)
        if doc is None:
            continue
        record, problems = schema.validate(kind, doc)
        reader.problems += placeholders.without_shadowed(placeholders.find(doc, kind) + problems)
        if record is not None:
            yield path, record, doc


def _load_studies(reader: _Reader, folder: Path, model: type[schema.StudyRecord]) -> list[Study]:
    studies = []
    for path, record, doc in _validated(reader, folder, "*.md", "study", model):
        if record.id != path.stem:
            reader.problems.append(
                error(
                    doc.path,
                    doc.line_of("id"),
                    "E-ID-MISMATCH",
                    f"id '{record.id}' differs from the file name '{path.stem}'",
                    f"rename the file to {record.id}.md or set id: {path.stem}",
                )
            )
            continue
        studies.append(Study(record, doc))
    return studies


def _load_diseases(reader: _Reader, folder: Path) -> list[Disease]:
    found = _validated(reader, folder, "*/*.md", "disease page", schema.DiseasePage)
    return [Disease(path.stem, path.parent.name, record, doc) for path, record, doc in found]


def _load_topics(reader: _Reader, folder: Path) -> list[Topic]:
    found = _validated(reader, folder, "*.md", "topic page", schema.TopicPage)
    return [Topic(path.stem, record, doc) for path, record, doc in found]


def _load_tables(reader: _Reader, folder: Path) -> list[Table]:
    found = _validated(reader, folder, "*.yaml", "data table", schema.DataTable)
    return [Table(path.stem, record, doc) for path, record, doc in found]


KNOWN = (
    "index.md",
    "profile.yaml",
    "vocabularies.yaml",
    "studies/*.md",
    "diseases/*/*.md",
    "topics/*.md",
    "data/*.yaml",
)

_KNOWN_PARTS = tuple(tuple(pattern.split("/")) for pattern in KNOWN)


def _matches(parts: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    """``PurePath(*parts).match(pattern)`` with as many parts as the pattern (each part an fnmatch)."""
    return len(parts) == len(pattern) and all(map(fnmatch.fnmatchcase, parts, pattern))


def _unexpected_files(reader: _Reader, content: Path) -> None:
    if not content.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(content):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            parts = path.relative_to(content).parts
            if not any(_matches(parts, pattern) for pattern in _KNOWN_PARTS):
                reader.problems.append(
                    warning(
                        reader.rel(path),
                        0,
                        "W-UNUSED-FILE",
                        "file is not part of the site and is ignored",
                        "studies go in content/studies/, disease pages in content/diseases/<organ-system>/, "
                        "topics in content/topics/, tables in content/data/*.yaml",
                    )
                )


def _load_references(reader: _Reader) -> list[bibtex.Reference] | None:
    """The entries, or None when the file cannot be read at all (not found, not UTF-8, too large)."""
    path = reader.config.bibliography
    if not path.exists():
        reader.problems.append(error(reader.rel(path), 0, "E-BIB-FILE", "bibliography file not found", ""))
        return None
    text = reader.text(path, frontmatter.MAX_BIBLIOGRAPHY_BYTES)
    if text is None:
        return None
    wrong_encoding = bibproblems.utf16_problem(reader.rel(path), text)
    if wrong_encoding is not None:
        reader.problems.append(wrong_encoding)
        return None
    references, problems = bibtex.load(reader.rel(path), text, reader.config.root / ".cache")
    reader.problems += problems
    return references


def _load_json_file(reader: _Reader, path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        reader.problems.append(
            error(reader.rel(path), getattr(exc, "lineno", 0), "E-JSON", f"not valid JSON: {exc}", "")
        )
        return {}
    return data if isinstance(data, dict) else {}


def _load_ledger(reader: _Reader) -> Ledger:
    found, problems = ledger.load(reader.config.ledger, reader.rel(reader.config.ledger))
    reader.problems += problems
    return found
