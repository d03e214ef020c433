"""The outlines of Markdown bodies kept between runs (.cache/markdown.json): reused, and rebuilt when stale."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from livingreview.markdown import parse, safety

BODY = """Prose with <span title="x">inline HTML</span> and [@key].

```
<script>not HTML: code</script>
```

<div class="note">
a block
</div>

    indented code
"""


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The bodies markdown-it really parses (the in-process memos are emptied first and after)."""
    seen: list[str] = []
    real = parse._outline_of

    def counting(body: str) -> parse.Outline:
        seen.append(body)
        return real(body)

    for memo in (parse._outline, parse.code_lines, parse.tokens):
        memo.cache_clear()
    monkeypatch.setattr(parse, "_outline_of", counting)
    yield seen
    for memo in (parse._outline, parse.code_lines, parse.tokens):
        memo.cache_clear()
    parse._known.clear()


def _fresh(body: str) -> parse.Outline:
    parse._outline.cache_clear()
    parse._known.clear()
    return parse.outline(body)


def test_outline_records_code_html_blocks_and_inline_html(parses: list[str]) -> None:
    found = parse.outline(BODY)
    assert found.code == frozenset({2, 3, 4, 10})
    assert found.html_blocks == ((6, 9),)
    assert found.html == ((0, '<span title="x">'), (0, "</span>"), (6, '<div class="note">\na block\n</div>\n'))
    assert parse.code_lines(BODY, html=True) == frozenset({2, 3, 4, 6, 7, 8, 10})


def test_a_second_run_reads_the_outlines_instead_of_parsing(tmp_path: Path, parses: list[str]) -> None:
    file = tmp_path / ".cache" / "markdown.json"
    parse.prepare([BODY, "plain"], file)
    assert parses == [BODY, "plain"] and file.is_file()
    expected = _fresh(BODY)
    parses.clear()
    parse._outline.cache_clear()

    parse.prepare([BODY, "plain"], file)
    assert parses == []
    assert parse.outline(BODY) == expected
    assert [p.message for p in safety.check(BODY, 1)] == []
    assert safety.sanitize(BODY) == BODY


def test_a_changed_body_is_parsed_again_and_the_file_keeps_only_current_bodies(
    tmp_path: Path, parses: list[str]
) -> None:
    file = tmp_path / "markdown.json"
    parse.prepare([BODY, "old text"], file)
    parses.clear()
    parse._outline.cache_clear()
    changed = BODY.replace('<div class="note">', "<script>")
    parse.prepare([changed, BODY], file)
    assert parses == [changed]
    assert parse.outline(changed).html[-1][1].startswith("<script>")
    assert len(json.loads(file.read_text())["entries"]) == 2


def test_another_markdown_it_or_generator_version_drops_the_file(
    tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "markdown.json"
    parse.prepare([BODY], file)
    parses.clear()
    parse._outline.cache_clear()
    monkeypatch.setattr(parse, "_version", lambda: "another version")
    parse.prepare([BODY], file)
    assert parses == [BODY]
    assert json.loads(file.read_text())["version"] == "another version"


@pytest.mark.parametrize(
    "damage",
    [
        "not json {",
        "[]",
        '{"version": 1}',
        "entries",
        "wrong entry",
    ],
)
def test_a_damaged_file_is_ignored_and_rewritten(tmp_path: Path, parses: list[str], damage: str) -> None:
    file = tmp_path / "markdown.json"
    parse.prepare([BODY], file)
    data = json.loads(file.read_text())
    if damage == "entries":
        data["entries"] = ["not", "a", "mapping"]
        file.write_text(json.dumps(data))
    elif damage == "wrong entry":
        key = next(iter(data["entries"]))
        data["entries"][key] = [[1, "two"], None, [[0]]]
        file.write_text(json.dumps(data))
    else:
        file.write_text(damage)
    parses.clear()
    parse._outline.cache_clear()
    parse.prepare([BODY], file)
    assert parses == [BODY]
    assert parse.outline(BODY) == _fresh(BODY)
    assert json.loads(file.read_text())["entries"]
