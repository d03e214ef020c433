"""Compiled templates kept in ``.cache/jinja/``: reused, recompiled when a template changes, never a failure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment

from livingreview.render.environment import DEFAULTS, Templates


def folder(root: Path, **templates: str) -> Path:
    for name, text in templates.items():
        path = root / f"{name}.md.j2"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("compiled although the cache held the code")

    monkeypatch.setattr(Environment, "compile", refuse)


def test_a_second_run_uses_the_cached_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    review = folder(tmp_path / "templates", page="Hello {{ name|md }}!\n")
    cache = tmp_path / ".cache" / "jinja"
    assert Templates(review, cache)["page"].render(name="a*b") == "Hello a\\*b!\n"
    assert len(list(cache.iterdir())) == 1
    no_compiling(monkeypatch)
    assert Templates(review, cache)["page"].render(name="a*b") == "Hello a\\*b!\n"


def test_an_edited_template_is_compiled_again(tmp_path: Path) -> None:
    review = folder(tmp_path / "templates", page="first {{ x }}\n")
    cache = tmp_path / "cache"
    assert Templates(review, cache)["page"].render(x=1) == "first 1\n"
    folder(review, page="second {{ x }}\n")
    assert Templates(review, cache)["page"].render(x=1) == "second 1\n"


def test_same_names_in_different_folders_do_not_share_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    one = folder(tmp_path / "one", page="one\n", home="this review's own home\n")
    two = folder(tmp_path / "two", page="two\n")
    assert Templates(one, cache)["page"].render() == "one\n"
    assert Templates(two, cache)["page"].render() == "two\n"
    assert Templates(one, cache)["home"].render() == "this review's own home\n"
    assert Templates(two, cache)["home"].filename == str(DEFAULTS / "home.md.j2")
    no_compiling(monkeypatch)  # each file's code has its own entry: none replaced another
    assert Templates(one, cache)["page"].render() == "one\n"
    assert Templates(two, cache)["page"].render() == "two\n"
    assert Templates(one, cache)["home"].render() == "this review's own home\n"
    assert Templates(two, cache)["home"].filename == str(DEFAULTS / "home.md.j2")


def test_damaged_entries_are_compiled_again(tmp_path: Path) -> None:
    review = folder(tmp_path / "templates", page="ok {{ x }}\n")
    cache = tmp_path / "cache"
    Templates(review, cache)["page"].render(x=1)
    for entry in cache.iterdir():
        checksum = entry.read_bytes().partition(b"\n")[0]
        entry.write_bytes(checksum + b"\n\x00garbage")
    assert Templates(review, cache)["page"].render(x=2) == "ok 2\n"
    for entry in cache.iterdir():
        entry.write_bytes(b"")
    assert Templates(review, cache)["page"].render(x=3) == "ok 3\n"


def test_an_unwritable_cache_folder_is_no_failure(tmp_path: Path) -> None:
    review = folder(tmp_path / "templates", page="ok\n")
    blocker = tmp_path / ".cache"
    blocker.write_text("a file where the cache folder should be")
    assert Templates(review, blocker / "jinja")["page"].render() == "ok\n"
    assert blocker.read_text() == "a file where the cache folder should be"
