"""new-study asks for what the flags leave out when a person is at a terminal (driven through a pty)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time
from pathlib import Path

from sitefactory import REPO


def test_prompts_fill_a_valid_record(site) -> None:  # type: ignore[no-untyped-def]
    root: Path = site()
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "build_site.py"), "new-study", "--study-type", "animal"],
        cwd=root,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        close_fds=True,
    )
    os.close(follower)
    for answer in ("wang-2017-prompted", "Prompted record", "cisplatin-nephrotoxicity", "heo2018mesenchymal:12"):
        time.sleep(0.4)
        os.write(leader, (answer + "\n").encode())
    assert proc.wait(timeout=30) == 0
    os.close(leader)
    text = (root / "content/studies/wang-2017-prompted.md").read_text()
    assert "title: Prompted record" in text and "review: heo2018mesenchymal" in text
    done = subprocess.run(
        [sys.executable, str(REPO / "build_site.py"), "check"], cwd=root, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout
