"""Parsed front matter kept between runs, keyed by the SHA-256 of the YAML text.

``check`` runs on every save, and most files have not changed since the last run: their YAML is
read back from one JSON file instead of being parsed again (libyaml builds nodes in C, but PyYAML
turns them into Python objects in Python, about 1 ms a file). Only parses without problems whose
data round-trips through JSON exactly are kept (no non-string keys), calendar dates written as
``{"\u0000date": "YYYY-MM-DD"}`` (a key no YAML text of ours gives: data with keys starting with
NUL is not kept), and an entry holding dates says so, so that only those are walked. The file lives in
the git-ignored ``.cache/`` folder; deleting or damaging it only costs one slower run.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path
from typing import Any

from livingreview.writer import write_atomic

Path_ = tuple[str | int, ...]
_VERSION = 2
_DATE = "\0date"


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
        if not isinstance(entry, list) or len(entry) not in (2, 3):
            return None
        data, lines = entry[0], entry[1]
        try:
            if len(entry) == 3:
                data = _with_dates(data)
            found = data, {tuple(path): line for path, line in lines}
        except (TypeError, ValueError):
            return None
        self._used[key] = entry
        return found

    def put(self, text: str, first_line: int, data: Any, lines: dict[Path_, int]) -> None:
        if self.file is None:
            return
        dated = [False]
        stored = _stored(data, dated)
        if stored is _NOT_EXACT:
            return
        entry = [stored, [[list(path), line] for path, line in lines.items()]]
        self._used[self.digest(text, first_line)] = [*entry, 1] if dated[0] else entry

    def save(self) -> None:
        """Keep what this run used (so the file never grows past the content); write only on change."""
        if self.file is None or self._used == self._old:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.file, json.dumps({"version": _VERSION, "entries": self._used}).encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written only makes the next run slower


_NOT_EXACT = object()


def _stored(value: Any, dated: list[bool]) -> Any:
    """``value`` as JSON gives it back exactly (dates marked, ``dated[0]`` set), or ``_NOT_EXACT``."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        exact = type(value) in (int, float) and value == value and value not in (float("inf"), float("-inf"))
        return value if exact else _NOT_EXACT
    if type(value) is datetime.date:
        dated[0] = True
        return {_DATE: value.isoformat()}
    if isinstance(value, list):
        items = [_stored(v, dated) for v in value]
        return _NOT_EXACT if any(item is _NOT_EXACT for item in items) else items
    if isinstance(value, dict):
        if not all(type(k) is str and not k.startswith("\0") for k in value):
            return _NOT_EXACT
        mapping = {k: _stored(v, dated) for k, v in value.items()}
        return _NOT_EXACT if any(item is _NOT_EXACT for item in mapping.values()) else mapping
    return _NOT_EXACT


def _with_dates(value: Any) -> Any:
    """A stored value with its marked dates made dates again (ValueError/TypeError: not a stored value)."""
    if isinstance(value, list):
        return [_with_dates(v) for v in value]
    if isinstance(value, dict):
        if len(value) == 1 and _DATE in value:
            return datetime.date.fromisoformat(value[_DATE])
        return {k: _with_dates(v) for k, v in value.items()}
    return value
