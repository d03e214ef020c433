"""Live preview: ``mkdocs serve`` on the staging docs, regenerated whenever the sources change.

The watch loop polls modification times (a few hundred files; a poll costs well under a
millisecond each) so it needs no extra dependency and behaves the same on every platform.
Only changed pages are rewritten, so MkDocs reloads just what changed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from livingreview import build, diagnostics, runtime

POLL_SECONDS = 0.25


def _snapshot(root: Path) -> dict[str, float]:
    paths = [root / "mkdocs.yml", root / "references.bib"]
    for folder in (root / "content", root / "templates"):
        if folder.is_dir():
            paths += [p for p in folder.rglob("*") if p.is_file()]
    return {str(p): p.stat().st_mtime for p in paths if p.exists()}


def regenerate(root: Path) -> Path | None:
    """Check and render; write the staging docs when there are no errors. Returns the MkDocs config."""
    outcome = build.generate(root)
    if outcome.diagnostics:
        print(diagnostics.report(outcome.diagnostics), flush=True)
    if not outcome.ok:
        print("preview not updated: fix the errors above", flush=True)
        return None
    config_file = build.write_staging(outcome)
    print(f"regenerated {len(outcome.pages)} pages", flush=True)
    return config_file


def serve(root: Path, address: str) -> int:
    config_file = regenerate(root)
    if config_file is None:
        return 1
    command = [sys.executable, "-c", runtime.MKDOCS_BOOT, "serve", "-f", str(config_file), "-a", address]
    server = subprocess.Popen(
        [*command, "--livereload", "--dirty"],
        cwd=root,
        env=dict(os.environ),
    )
    seen = _snapshot(root)
    try:
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            now = _snapshot(root)
            if now != seen:
                seen = now
                regenerate(root)
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0
