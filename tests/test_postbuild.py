"""The post-build pass (CSP + ids and links of every page) gives exactly what the plain text version gives."""

from __future__ import annotations

import os
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
    page = postbuild.finish_page(spliced, "")
    postbuild.write_page(spliced, page)
    text = csp.add_meta(plain.read_text(encoding="utf-8", errors="replace"))
    plain.write_text(text, encoding="utf-8")
    assert spliced.read_bytes() == plain.read_bytes()
    parsed = postbuild._parse(plain, text)
    assert (page.collector.ids, page.collector.links) == (parsed.ids, parsed.links)


def _early(root: Path) -> postbuild.Early:
    early = postbuild.Early(root)
    if early._watch is None:
        pytest.skip("no inotify here: every page is read after MkDocs")
    return early


def _settle(early: postbuild.Early) -> None:
    """What ``follow`` does on each wake-up (the events so far are all queued: the writes were ours)."""
    assert early._watch is not None
    early._take(early._watch.events())


def test_a_page_is_read_once_closed_and_dropped_while_written_again(tmp_path: Path) -> None:
    early = _early(tmp_path)
    try:
        (tmp_path / "a.html").write_bytes(PAGE.encode("utf-8"))
        (tmp_path / "style.css").write_text("p {}")
        _settle(early)
        assert set(early.pages) == {"a.html"}
        assert early.pages["a.html"].data == postbuild.finish_page(tmp_path / "a.html", "").data
        with (tmp_path / "a.html").open("wb") as handle:  # written again: open, not yet closed
            handle.write(b"<html><head></head>")
            handle.flush()
            _settle(early)
            assert "a.html" not in early.pages
        _settle(early)  # closed: read again, the new content
        assert early.pages["a.html"].data == csp.add_meta("<html><head></head>").encode()
    finally:
        early.close()


def test_pages_in_folders_made_later_are_read_and_moves_drop_everything(tmp_path: Path) -> None:
    early = _early(tmp_path)
    try:
        (tmp_path / "a/b").mkdir(parents=True)
        _settle(early)  # MkDocs makes a folder, then writes into it
        (tmp_path / "a/b/c.html").write_bytes(PAGE.encode("utf-8"))
        _settle(early)
        assert set(early.pages) == {"a/b/c.html"}
        assert early.pages["a/b/c.html"].collector.targets == {"#t\u00e9": ("", "t\u00e9"), "s.js": ("a/b/s.js", "")}
        (tmp_path / "a/b").rename(tmp_path / "a/d")  # names no longer known: nothing read early counts
        _settle(early)
        assert early.pages == {}
        (tmp_path / "a/d/e.html").write_bytes(PAGE.encode("utf-8"))
        _settle(early)
        assert early.pages == {}
    finally:
        early.close()


def test_follow_returns_once_the_writer_has_exited(tmp_path: Path) -> None:
    early = _early(tmp_path)
    exited, writer = os.pipe()  # readable (end of file) once the write end is closed, like a pidfd
    try:
        (tmp_path / "a.html").write_bytes(PAGE.encode("utf-8"))
        os.close(writer)
        early.follow(exited, lambda: True)
        assert set(early.pages) == {"a.html"}
    finally:
        os.close(exited)
        early.close()


def test_a_folder_seen_late_gives_the_pages_its_writer_has_closed(tmp_path: Path) -> None:
    early = postbuild.Early(tmp_path, os.getpid())  # this test is the writer
    if early._watch is None:
        pytest.skip("no inotify here: every page is read after MkDocs")
    try:
        (tmp_path / "a").mkdir()
        (tmp_path / "a/done.html").write_bytes(PAGE.encode("utf-8"))
        with (tmp_path / "a/busy.html").open("wb") as handle:  # both before the folder's watch exists
            handle.write(b"<html><head>")
            handle.flush()
            _settle(early)
            assert set(early.pages) == {"a/done.html"}
            handle.write(b"</head></html>")
        _settle(early)
        assert set(early.pages) == {"a/done.html", "a/busy.html"}
        assert early.pages["a/busy.html"].data == csp.add_meta("<html><head></head></html>").encode()
    finally:
        early.close()


def test_pages_finished_before_the_watch_began_are_read_and_open_ones_wait(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "done.html").write_bytes(PAGE.encode("utf-8"))
    (tmp_path / "a/done.html").write_bytes(PAGE.encode("utf-8"))
    with (tmp_path / "busy.html").open("wb") as handle:  # this test is the writer, still writing it
        handle.write(b"<html><head>")
        handle.flush()
        early = postbuild.Early(tmp_path, os.getpid())  # the watch begins after MkDocs has started
        if early._watch is None:
            pytest.skip("no inotify here: every page is read after MkDocs")
        try:
            _settle(early)
            assert set(early.pages) == {"done.html", "a/done.html"}
            handle.write(b"</head></html>")
        except BaseException:
            early.close()
            raise
    try:
        _settle(early)
        assert set(early.pages) == {"done.html", "a/done.html", "busy.html"}
    finally:
        early.close()
