"""Split a Markdown file into YAML front matter and body, keeping file-absolute line numbers.

MkDocs silently drops malformed front matter; here every problem becomes a diagnostic that names
the file and the line, and the caller still gets whatever could be read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from livingreview.content.yamlcache import YamlCache
from livingreview.diagnostics import Diagnostic, error, warning

MAX_FILE_BYTES = 1_000_000
"""Content files larger than this are refused (a study record is a few kilobytes)."""

Path_ = tuple[str | int, ...]
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Document:
    """A content file after splitting: metadata, body text and where each part starts."""

    path: str
    meta: dict[str, Any]
    body: str
    body_line: int
    """File-absolute number of the body's first line."""
    lines: dict[Path_, int] = field(default_factory=dict)
    """File-absolute line of every key and list item in the front matter, by its path."""

    def line_of(self, *path: str | int) -> int:
        """The line of the deepest known ancestor of ``path`` (1 when there is no front matter)."""
        key: Path_ = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), 1)


MAX_BIBLIOGRAPHY_BYTES = 64_000_000
"""references.bib may be large (about 300 bytes an entry: 200,000 entries)."""


def decode(path: str, raw: bytes, limit: int = MAX_FILE_BYTES) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text: UTF-8 only; a byte-order mark and CRLF endings are accepted with a warning."""
    problems: list[Diagnostic] = []
    if len(raw) > limit:
        return None, [
            error(
                path,
                0,
                "E-TOO-LARGE",
                f"file is {len(raw):,} bytes; such files are limited to {limit:,}",
                "split the page, or move bulk data into content/data/",
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        problems.append(
            warning(path, 1, "W-BOM", "file starts with a UTF-8 byte-order mark", "save the file as UTF-8 without BOM")
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(
            error(
                path,
                line,
                "E-ENCODING",
                f"invalid UTF-8 byte 0x{raw[exc.start]:02x} at byte {exc.start}",
                "save the file as UTF-8",
            )
        )
        return None, problems
    if "\r" in text:
        problems.append(
            warning(path, 1, "W-CRLF", "file has CR or CRLF line endings", "use LF line endings (git: core.autocrlf)")
        )
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, problems


def split(
    path: str, text: str, *, require: bool = True, cache: YamlCache | None = None
) -> tuple[Document, list[Diagnostic]]:
    """Parse ``---``-delimited YAML front matter at the top of ``text``."""
    problems: list[Diagnostic] = []
    lines = text.split("\n")
    if not text.strip():
        problems.append(error(path, 1, "E-EMPTY", "file is empty", "start it with a front matter block"))
        return Document(path, {}, "", 1), problems
    if lines[0].rstrip() != "---":
        if require:
            problems.append(
                error(
                    path,
                    1,
                    "E-FRONTMATTER-MISSING",
                    "file does not start with a '---' front matter block",
                    "put the YAML fields between two lines of '---' at the top",
                )
            )
        return Document(path, {}, text, 1), problems
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        problems.append(
            error(
                path,
                1,
                "E-FRONTMATTER-UNCLOSED",
                "front matter opened on line 1 is never closed",
                "add a line '---' after the last field",
            )
        )
        return Document(path, {}, "", len(lines)), problems
    yaml_text = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :])
    meta, line_map, yaml_problems = parse_yaml(path, yaml_text, first_line=2, cache=cache)
    problems += yaml_problems
    if meta is None:
        meta = {}
    elif not isinstance(meta, dict):
        problems.append(
            error(
                path,
                2,
                "E-FRONTMATTER-TYPE",
                f"front matter is a {_yaml_type(meta)}, not a mapping of fields",
                "write 'field: value' lines",
            )
        )
        meta = {}
    line_map.setdefault((), 1)
    return Document(path, meta, body, end + 2, line_map), problems


def parse_yaml(
    path: str, text: str, *, first_line: int = 1, cache: YamlCache | None = None
) -> tuple[Any, dict[Path_, int], list[Diagnostic]]:
    """Load YAML safely; return the data, a line for every key path, and problems.

    libyaml's C parser is used when PyYAML has it (about 10x faster on thousands of records), and
    with ``cache`` an unchanged text is not parsed again.
    """
    if cache is not None:
        found = cache.get(text, first_line)
        if found is not None:
            return found[0], found[1], []
    data, lines, problems = _parse_yaml(path, text, first_line)
    if cache is not None and not problems and data is not None:
        cache.put(text, first_line, data, lines)
    return data, lines, problems


def _parse_yaml(path: str, text: str, first_line: int) -> tuple[Any, dict[Path_, int], list[Diagnostic]]:
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        source_lines = text.split("\n")
        mark = exc.problem_mark or exc.context_mark
        index = mark.line if mark else 0
        what = (exc.problem or "invalid YAML").strip()
        unclosed = _unclosed(exc, source_lines)
        if unclosed is not None and exc.context_mark and exc.context_mark.line < index:
            # a bracket or quote left open: the parser notices only on a later line; point at the opening
            seen_at = first_line + index
            index = exc.context_mark.line
            what = f"the {unclosed[0]} on this line is never closed (the parser stopped at line {seen_at}: {what})"
            return None, {}, [error(path, first_line + index, "E-YAML", f"invalid YAML: {what}", unclosed[1])]
        if exc.context_mark and (index >= len(source_lines) or not source_lines[index].strip()):
            index = exc.context_mark.line  # found at the end: point at the construct left open
        offending = source_lines[index] if index < len(source_lines) else ""
        if "\t" in offending or "\\t" in what:
            hint = "YAML does not allow tabs for indentation; use spaces"
        else:
            hint = "check indentation, quotes and colons; quote values that contain ': ' or start with '@', '[', '{'"
        return None, {}, [error(path, first_line + index, "E-YAML", f"invalid YAML: {what}", hint)]
    except yaml.YAMLError as exc:
        return None, {}, [error(path, first_line, "E-YAML", f"invalid YAML: {exc}", "")]
    except ValueError as exc:  # a value that looks like a date but is none, e.g. 2026-13-01
        line = max(_bad_date_line(node), 0) if node is not None else 0
        hint = "write a real date as YYYY-MM-DD, or quote the value if it is not a date"
        return None, {}, [error(path, first_line + line, "E-YAML", f"invalid date in YAML: {exc}", hint)]
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    problems: list[Diagnostic] = []
    _walk(path, node, (), first_line, lines, problems)
    return data, lines, problems


_OPENERS = {
    "[": ("'['", "add the missing ']' on this line, or quote the whole value"),
    "{": ("'{'", "add the missing '}' on this line, or quote the whole value"),
    '"': ("quote '\"'", "add the closing '\"' at the end of the value"),
    "'": ('quote "\'"', "add the closing \"'\" at the end of the value (write '' for an apostrophe inside)"),
}


def _unclosed(exc: yaml.MarkedYAMLError, source_lines: list[str]) -> tuple[str, str] | None:
    """(what was left open, how to close it) when the error is an unclosed bracket or quote."""
    context = exc.context or ""
    mark = exc.context_mark
    if mark is None or not any(kind in context for kind in ("flow", "quoted scalar")):
        return None
    line = source_lines[mark.line] if mark.line < len(source_lines) else ""
    opener = line[mark.column] if mark.column < len(line) else ""
    return _OPENERS.get(opener)


def _bad_date_line(node: yaml.Node) -> int:
    """The line (0-based) of the first date-tagged scalar that is not a real date."""
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
        try:
            yaml.SafeLoader("").construct_yaml_timestamp(node)
        except ValueError:
            return node.start_mark.line
        return -1
    children: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        children = [item for pair in node.value for item in pair]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    return next((line for line in map(_bad_date_line, children) if line >= 0), -1)


def _walk(path: str, node: yaml.Node, at: Path_, first: int, out: dict[Path_, int], problems: list[Diagnostic]) -> None:
    out.setdefault(at, first + node.start_mark.line)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = first + key_node.start_mark.line
            if key in seen:
                problems.append(
                    error(path, line, "E-YAML-DUPLICATE-KEY", f"field '{key}' appears twice", "keep one of them")
                )
            seen.add(key)
            out[(*at, key)] = line
            _walk(path, value_node, (*at, key), first, out, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(path, item, (*at, index), first, out, problems)


def _yaml_type(value: object) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(value), type(value).__name__
    )
