"""Process settings for short-lived batch work: fewer cyclic garbage collections.

Loading thousands of records allocates millions of small objects and almost no reference cycles,
yet CPython's default thresholds (700, 10, 10) run a full collection over every live object again
and again: on 5,000 studies and 50,000 references that is about 3 s of a 7 s ``check``. Raising
the thresholds keeps collection (cycles are still freed) at a cost of some tens of MB of memory.
MkDocs is started with the same setting (:data:`MKDOCS_BOOT`).
"""

from __future__ import annotations

import gc
import os
import sys
from typing import NoReturn

THRESHOLDS = (50_000, 20, 1_000)


def tune_gc() -> None:
    gc.set_threshold(*THRESHOLDS)


def leave(code: int) -> NoReturn:
    """End a command-line run now, with ``code``, once its output is flushed.

    Every file the command wrote is closed by then; what is skipped is the interpreter's teardown,
    which frees a build's objects one by one (about 0.1 s) and runs no code of ours.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


MKDOCS_BOOT = (
    f"import gc, sys; gc.set_threshold{THRESHOLDS}; sys.argv[0] = 'mkdocs'; from mkdocs.__main__ import cli; cli()"
)
"""``python -c MKDOCS_BOOT build ...`` runs the ``mkdocs`` command line with :data:`THRESHOLDS`."""


MKDOCS_WAITING_BOOT = "\n".join(
    (
        "import gc, json, os, sys",
        f"gc.set_threshold{THRESHOLDS}",
        "sys.argv[0] = 'mkdocs'",
        "from mkdocs.__main__ import cli",
        "import mkdocs.commands.build, mkdocs.config.defaults, markdown.extensions.codehilite",
        "import material.plugins.search.plugin, pymdownx.util",
        "line = sys.stdin.readline()",
        "if line.strip():",
        "    sys.argv[1:] = json.loads(line)",
        "    try:",
        "        cli()",
        "        code = 0",
        "    except SystemExit as done:",
        "        code = done.code",
        "    if code is not None and not isinstance(code, int):",
        "        print(code, file=sys.stderr)",
        "        code = 1",
        "    sys.stdout.flush()",
        "    sys.stderr.flush()",
        "    os._exit(code or 0)",
    )
)
"""Like :data:`MKDOCS_BOOT`, but MkDocs is imported first (its build, the Material search plugin and
the Markdown extensions' shared modules, all pinned in requirements/site.txt) and its arguments come
later, as one JSON line on standard input (end of input without a line: exit, having done nothing).
Once MkDocs is done (its files written and closed, its output flushed), the child leaves with
``os._exit`` and its exit status: tearing the interpreter down, object by object, would only add
about 0.1 s to every build."""
