"""Parsed front matter kept between runs, keyed by the SHA-256 of the YAML text.

``check`` runs on every save, and most files have not changed since the last run: their YAML is
read back from one JSON file instead of being parsed again (libyaml builds nodes in C, but PyYAML
turns them into Python objects in Python, about 1 ms a file). Only parses without problems whose
data round-trips through JSON exactly are kept (no dates, no non-string keys). The file lives in
the git-ignored ``.cache/`` folder; deleting or damaging it only costs one slower run.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from livingreview.writer import write_atomic

Path_ = tuple[str | int, ...]
_VERSION = 1


class YamlCache:
    def __init__(self, file: Path | None) -> None:
        self.file = file
        self._old: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        if file is not None:
            try:
                data = json.loads(file.read_text(encoding="utf-8"))
                if isinstance(data, dict) and data.get("version") == _VERSION and isinstance(data.get("entries"), dict):
                    self._old = data["entries"]
            except (OSError, ValueError):
                pass

    @staticmethod
    def digest(text: str, first_line: int) -> str:
        return hashlib.sha256(f"{first_line}\0{text}".encode()).hexdigest()

    def get(self, text: str, first_line: int) -> tuple[Any, dict[Path_, int]] | None:
        key = self.digest(text, first_line)
        entry = self._used.get(key) or self._old.get(key)
        if not isinstance(entry, list) or len(entry) != 2:
            return None
        self._used[key] = entry
        data, lines = entry
        try:
            return data, {tuple(path): line for path, line in lines}
        except (TypeError, ValueError):
            return None

    def put(self, text: str, first_line: int, data: Any, lines: dict[Path_, int]) -> None:
        if self.file is None or not _json_exact(data):
            return
        self._used[self.digest(text, first_line)] = [data, [[list(path), line] for path, line in lines.items()]]

    def save(self) -> None:
        """Keep what this run used (so the file never grows past the content); write only on change."""
        if self.file is None or self._used == self._old:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.file, json.dumps({"version": _VERSION, "entries": self._used}).encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written only makes the next run slower


def _json_exact(value: Any) -> bool:
    """Whether ``value`` comes back from JSON as an equal object of the same types."""
    if value is None or isinstance(value, bool | str):
        return True
    if isinstance(value, int | float):
        return type(value) in (int, float) and value == value and value not in (float("inf"), float("-inf"))
    if isinstance(value, list):
        return all(_json_exact(v) for v in value)
    if isinstance(value, dict):
        return all(type(k) is str and _json_exact(v) for k, v in value.items())
    return False
