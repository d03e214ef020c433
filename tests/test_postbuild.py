"""The post-build pass (CSP + ids and links of every page) gives exactly what the plain text version gives."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from livingreview import csp, postbuild

TRICKY = [
    '<a id="x" href="y">',
    'id="at-start" <b id="b">',
    '<p data-id="no" id="yes" name="n"></p>',
    ' id="a name="b"',
    ' name="x id="y" z"',
    '\tid="tab"\nname="newline"\u00a0id="nbsp"\u2003name="em-space"',
    ' id="" id="empty-before"',
    ' id="unterminated',
    ' name="ok" id="unterminated',
    'xid="foo id="bar"',
    ' id="a"id="glued" id="c"',
    ' id="a" id="b"',
    ' id="&amp;" name="caf\u00e9"',
    "",
    "id=",
]


@pytest.mark.parametrize("text", TRICKY)
def test_id_scan_finds_what_the_id_regex_finds(text: str) -> None:
    assert postbuild._id_values(text) == postbuild._ID.findall(text)


def test_id_scan_on_random_soup() -> None:
    pieces = [" ", "\t", "x", "id", "name", "=", '"', "id=", 'id="', 'name="', "\u00a0", "-", "a"]
    rng = random.Random(16)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert postbuild._id_values(text) == postbuild._ID.findall(text), repr(text)


PAGE = (
    '<!doctype html><html><head lang="en"><script>var a = "caf\u00e9";</script></head>'
    '<body><h2 id="t\u00e9">T</h2><a href="#t\u00e9">x</a><script src="s.js"></script></body></html>\n'
)


@pytest.mark.parametrize(
    "data",
    [
        PAGE.encode("utf-8"),
        PAGE.replace("\n", "\r\n").encode("utf-8"),  # text mode turns \r\n into \n
        PAGE.encode("utf-8").replace(b"caf\xc3\xa9", b"caf\xe9"),  # not UTF-8: replaced
        b"<html><body>no head \xe2\x80\x94 here</body></html>",
        b"<html><body>no head \xff here</body></html>",
    ],
)
def test_finished_page_is_what_rewriting_the_text_gives(tmp_path: Path, data: bytes) -> None:
    spliced, plain = tmp_path / "a.html", tmp_path / "b.html"
    spliced.write_bytes(data)
    plain.write_bytes(data)
    page = postbuild.finish_page(spliced)
    postbuild.write_page(spliced, page)
    text = csp.add_meta(plain.read_text(encoding="utf-8", errors="replace"))
    plain.write_text(text, encoding="utf-8")
    assert spliced.read_bytes() == plain.read_bytes()
    assert page.collector == postbuild._parse(plain, text)
