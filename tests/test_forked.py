"""Rendering on two cores (livingreview/render/forked.py) gives exactly the pages of rendering on one.

Each test runs in a fresh interpreter: a pytest worker has threads of its own, and ``fork`` is only
used by a process with a single thread.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import hermetic
from sitefactory import GOLDEN_EXTRA

REPO = Path(__file__).resolve().parent.parent


NO_CHILD_LEFT = """
try:
    os.waitpid(-1, os.WNOHANG)
except ChildProcessError:
    print("no child left")
"""
"""Appended to a script: prints 'no child left' when the forked copy was reaped."""


def _python(code: str, cwd: Path, then: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code) + then],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**hermetic.env(), "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1700000000"},
        check=False,
        timeout=300,
    )


def test_a_site_rendered_on_two_cores_is_byte_identical_to_one_rendered_on_one(site) -> None:  # type: ignore[no-untyped-def]
    root = site(GOLDEN_EXTRA)
    done = _python(
        """
        import os
        from pathlib import Path
        from livingreview import build
        from livingreview.render import forked
        forked.MIN_ITEMS = 1
        shared = build.generate(Path("."))
        assert shared.ok, [d.format() for d in shared.diagnostics]
        assert forked.can_fork(2) == (len(os.sched_getaffinity(0)) >= 2)
        forked.MIN_ITEMS = 10**9  # one core
        alone = build.generate(Path("."))
        assert list(shared.pages) == list(alone.pages)
        assert shared.pages == alone.pages
        assert shared.generated == alone.generated
        assert shared.index.numbers == alone.index.numbers
        print(len(shared.pages), forked.can_fork(2))
        """,
        root,
    )
    assert done.returncode == 0, done.stderr
    pages, _ = done.stdout.split()
    assert int(pages) > 20


def test_the_work_is_shared_in_order_and_a_failure_in_the_copy_is_raised_with_its_traceback(tmp_path) -> None:  # type: ignore[no-untyped-def]
    done = _python(
        """
        import os
        from livingreview.render import forked
        if not forked.can_fork(100):
            print("one core")
            raise SystemExit(0)
        pid = os.getpid()
        where = lambda n: f"{n}:{'here' if os.getpid() == pid else 'copy'}"
        texts = forked.render_all(where, list(range(100)), str, lambda n: n % 2 == 1)
        assert list(texts) == [str(n) for n in range(100)]
        assert texts["0"] == "0:here" and texts["1"] == "1:copy", texts
        picked = forked.render_all(where, list(range(100)), str, lambda n: n >= 50)
        assert list(picked) == [str(n) for n in range(100)]
        assert picked["49"] == "49:here" and picked["50"] == "50:copy" and picked["99"] == "99:copy", picked
        def fails_in_the_copy(n):
            if os.getpid() != pid:
                raise ValueError(f"page {n} broke")
            return str(n)
        try:
            forked.render_all(fails_in_the_copy, list(range(100)), str, lambda n: n % 2 == 1)
        except RuntimeError as error:
            message = str(error)
        assert "rendering failed in the second rendering process" in message, message
        assert "ValueError: page 1 broke" in message, message
        """,
        tmp_path,
        NO_CHILD_LEFT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() in ("no child left", "one core")


def test_a_failure_here_stops_the_copy(tmp_path) -> None:  # type: ignore[no-untyped-def]
    done = _python(
        """
        import os
        from livingreview.render import forked
        if not forked.can_fork(100):
            raise SystemExit(0)
        pid = os.getpid()
        def fails_here(n):
            if os.getpid() == pid and n == 10:
                raise KeyError("ours")
            return str(n)
        try:
            forked.render_all(fails_here, list(range(100)), str, lambda n: n % 2 == 1)
        except KeyError:
            pass
        """,
        tmp_path,
        NO_CHILD_LEFT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() in ("no child left", "")  # empty: one core here, nothing was forked
