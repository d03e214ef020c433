"""`serve` really previews: it serves the site, shows an edited study without a restart, shows the
errors of a broken edit on the page until they are fixed, and stops cleanly on every stop signal."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import hermetic
import leaks
import pytest
from sitefactory import REPO

STUDY = "content/studies/zhou-2013-cisplatin-aki.md"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float, present: bool = True) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if (text in fetch(url)) is present:
            return True
        time.sleep(0.2)
    return False


def start(root: Path, port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(REPO / "build_site.py"), "serve", "--address", f"127.0.0.1:{port}"],
        cwd=root,
        env=hermetic.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture
def served(site) -> Iterator[tuple[Path, str, subprocess.Popen[bytes]]]:  # type: ignore[no-untyped-def]
    """A fixture site served on a free port; the study page's URL once it answers."""
    root: Path = site()
    port = free_port()
    server = start(root, port)
    url = f"http://127.0.0.1:{port}/studies/zhou-2013-cisplatin-aki.html"
    try:
        assert wait_for(url, "Umbilical cord MSC exosomes", 60)
        yield root, url, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_regenerates_on_save(served) -> None:  # type: ignore[no-untyped-def]
    root, url, _ = served
    study = root / STUDY
    study.write_text(study.read_text().replace("in cisplatin kidney injury", "in cisplatin nephrotoxicity"))
    assert wait_for(url, "in cisplatin nephrotoxicity", 30)


def test_errors_show_on_the_page_until_fixed(served) -> None:  # type: ignore[no-untyped-def]
    root, url, _ = served
    study = root / STUDY
    good = study.read_text()
    study.write_text(good.replace("tissue: umbilical cord", "tissue: umbilical_cord <b>"))
    assert wait_for(url, "Preview not updated: the sources have errors", 30)
    page = fetch(url)
    assert (
        f"{STUDY}:8: [E-VOCAB] msc_source.tissue &#39;umbilical_cord &lt;b&gt;&#39; is not a known MSC tissue" in page
        or f"{STUDY}:8: [E-VOCAB] msc_source.tissue 'umbilical_cord &lt;b&gt;' is not a known MSC tissue" in page
    ), page[page.find("Preview not updated") : page.find("Preview not updated") + 1500]
    assert "Umbilical cord MSC exosomes" in page  # the last good page, under the banner
    study.write_text(good.replace("in cisplatin kidney injury", "in cisplatin nephrotoxicity"))
    assert wait_for(url, "in cisplatin nephrotoxicity", 30)
    assert "Preview not updated" not in fetch(url)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda s: s.name)
def test_stop_signal_stops_mkdocs_and_frees_the_port(site, stop: signal.Signals) -> None:  # type: ignore[no-untyped-def]
    root: Path = site()
    port = free_port()
    server = start(root, port)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/index.html", "Test review", 60)
        children = leaks.descendants(server.pid)
        assert children, "serve runs MkDocs as a child"
        server.send_signal(stop)
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert [pid for pid in children if leaks.state(pid) not in (None, "Z")] == []
    with socket.socket() as sock:  # as a new serve would: closed connections in TIME_WAIT do not count
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen()


def test_port_in_use_is_a_clear_error(site) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, str(REPO / "build_site.py"), "serve", "--address", f"127.0.0.1:{port}"],
            cwd=site(),
            env=hermetic.env(),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert f"serve: cannot listen on 127.0.0.1:{port}: Address already in use" in done.stderr


def test_error_banner_escapes_the_messages_and_sits_under_the_front_matter() -> None:
    from livingreview import errorpage
    from livingreview.diagnostics import error, warning

    problems = [
        error("content/studies/a.md", 3, "E-VOCAB", "value '*x* [y](z) <b>' is not known", "did you mean 'x'?"),
        warning("references.bib", 9, "W-BIB-INCOMPLETE", "a warning stays in the terminal"),
    ]
    pages = errorpage.with_banner({"a.md": "---\ntitle: A\n---\n\n# A\n", "x.css": "body {}"}, problems)
    assert pages["x.css"] == "body {}"
    assert pages["a.md"].startswith(f'---\ntitle: A\n---\n\n!!! failure "{errorpage.TITLE}"\n')
    assert (
        r"    - content/studies/a\.md\:3\: \[E\-VOCAB\] value \'\*x\* \[y\]\(z\) &lt;b&gt;\' is not known "
        r"\(hint\: did you mean \'x\'?\)" in pages["a.md"]
    )
    assert "W-BIB-INCOMPLETE" not in pages["a.md"]
    assert pages["a.md"].endswith("\n# A\n")
