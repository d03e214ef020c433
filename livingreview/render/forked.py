"""Pages rendered on two cores: a forked copy of the process renders a share of the pages.

Rendering is pure: a page's text depends only on the checked site, never on which pages were
rendered before it (memoised cells and links are caches, not state). So on Linux, with a second core
free and no other thread running (``fork`` copies only the calling thread), :func:`render_all`
forks: the copy renders the pages the caller gives it and sends the texts back through a pipe,
pickled, while this process renders the others. The copy leaves with ``os._exit`` (nothing of the
parent's is flushed or cleaned up twice). The result is the same mapping, in the same order, as
rendering serially; tests build the same site both ways and compare the bytes. A failure in the
copy is a bug of ours and is raised here with the copy's traceback.

No library fits: ``multiprocessing`` and ``concurrent.futures`` would pickle the whole site (or
import it again) for every task; a fork shares it for free.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

MIN_ITEMS = 40
"""Fewer items than this are rendered here: forking and pickling would cost more than they save."""


def can_fork(count: int) -> bool:
    """Whether sharing ``count`` items with a forked copy is safe and worth it on this machine."""
    if count < MIN_ITEMS or not sys.platform.startswith("linux") or threading.active_count() != 1:
        return False
    return len(os.sched_getaffinity(0)) >= 2


def render_all(
    render: Callable[[T], str], items: Sequence[T], key: Callable[[T], str], to_copy: Callable[[T], bool]
) -> dict[str, str]:
    """``{key(item): render(item)}`` for every item, in order; on two cores where :func:`can_fork`.

    ``to_copy`` picks the items the forked copy renders; items that share memoised work are best
    kept on one side, so that the work is done once.
    """
    if not can_fork(len(items)):
        return {key(item): render(item) for item in items}
    theirs: list[T] = []
    here: list[T] = []
    for item in items:
        (theirs if to_copy(item) else here).append(item)
    gc.freeze()  # collections in the copy then skip what exists now, so they copy none of its memory
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except BaseException:
        os.close(read_end)
        os.close(write_end)
        gc.unfreeze()
        raise
    if pid == 0:  # pragma: no cover (the forked copy; its work is checked by what it sends back)
        _child(render, theirs, key, read_end, write_end)
    os.close(write_end)
    try:
        mine = {key(item): render(item) for item in here}
        with os.fdopen(read_end, "rb") as pipe:
            read_end = -1
            sent = pipe.read()
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        if read_end != -1:
            os.close(read_end)
        os.waitpid(pid, 0)
        gc.unfreeze()
    if not sent:
        raise RuntimeError("the second rendering process ended without sending its pages")
    ok, value = pickle.loads(sent)
    if not ok:
        raise RuntimeError(f"rendering failed in the second rendering process:\n{value}")
    mine.update(value)
    return {key(item): mine[key(item)] for item in items}


def _child(
    render: Callable[[T], str], items: Sequence[T], key: Callable[[T], str], read_end: int, write_end: int
) -> None:
    """The forked copy: render ``items``, send ``(True, texts)`` or ``(False, traceback)``, and leave."""
    try:
        os.close(read_end)
        try:
            payload = pickle.dumps((True, {key(item): render(item) for item in items}), pickle.HIGHEST_PROTOCOL)
        except BaseException:
            payload = pickle.dumps((False, traceback.format_exc()), pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(0)


__all__ = ["MIN_ITEMS", "can_fork", "render_all"]
