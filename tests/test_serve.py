"""`serve` really previews: it serves the site and shows an edited study without a restart."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from sitefactory import REPO


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


def wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.2)
    return False


def test_serve_regenerates_on_save(site) -> None:  # type: ignore[no-untyped-def]
    root: Path = site()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(REPO / "build_site.py"), "serve", "--address", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/studies/zhou-2013-cisplatin-aki.html"
    try:
        assert wait_for(url, "Umbilical cord MSC exosomes", 60)
        study = root / "content/studies/zhou-2013-cisplatin-aki.md"
        study.write_text(study.read_text().replace("in cisplatin kidney injury", "in cisplatin nephrotoxicity"))
        assert wait_for(url, "in cisplatin nephrotoxicity", 30)
    finally:
        server.terminate()
        server.wait(timeout=20)
