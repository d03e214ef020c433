"""Deterministic writes: the staging docs tree, and the atomic swap of a finished site into place."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def sync_tree(root: Path, files: dict[str, str | bytes]) -> int:
    """Make ``root`` hold exactly ``files`` (relative path -> text or bytes); unchanged files are not touched.

    Leaving unchanged files alone keeps their modification times, so a live preview reloads only
    what changed. Returns the number of files written.
    """
    root.mkdir(parents=True, exist_ok=True)
    base = str(root)
    written = 0
    for rel, text in sorted(files.items()):
        path = os.path.join(base, rel)
        data = text.encode("utf-8") if isinstance(text, str) else text
        if _holds(path, data):
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_atomic(Path(path), data)
        written += 1
    wanted = {os.path.join(base, rel) for rel in files}
    for dirpath, _dirnames, filenames in os.walk(base, topdown=False):
        for name in filenames:
            path = os.path.join(dirpath, name)
            if path not in wanted:
                os.unlink(path)
        if dirpath != base and not os.listdir(dirpath):
            os.rmdir(dirpath)
    return written


def _holds(path: str, data: bytes) -> bool:
    """Whether the regular file ``path`` holds exactly ``data`` (its size is compared before its bytes)."""
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            return stat.S_ISREG(info.st_mode) and info.st_size == len(data) and handle.read() == data
    except OSError:  # missing, a folder, unreadable: written anew
        return False


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one rename: readers see the old file or the new one, never a part."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def new_output_dir(out: Path) -> Path:
    """An empty directory beside ``out`` (same file system, so the final rename is atomic)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.new-"))


def swap_into_place(new: Path, out: Path) -> None:
    """Replace ``out`` with ``new`` atomically; the old tree is deleted afterwards.

    On Linux ``renameat2(RENAME_EXCHANGE)`` swaps the two directories in one step, so a reader (or
    a crash) sees either the old site or the new one, never a missing or half-written ``out``.
    Elsewhere two renames are used, leaving ``out`` absent for an instant.
    """
    if not out.exists():
        os.rename(new, out)
        return
    if not _exchange(new, out):
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.rename(out, old)
        os.rename(new, out)
        new = old
    shutil.rmtree(new)


def _exchange(a: Path, b: Path) -> bool:
    import ctypes  # only for the swap, at the very end of a build

    try:
        libc = ctypes.CDLL(None, use_errno=True)  # the C library this process runs on (no ldconfig lookup)
    except (OSError, TypeError):  # TypeError: Windows has no "this process" library
        return False
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def remove_stale(out: Path) -> None:
    """Delete leftovers of builds that were killed before their swap."""
    for path in out.parent.glob(f".{out.name}.new-*"):
        shutil.rmtree(path, ignore_errors=True)
    for path in out.parent.glob(f".{out.name}.old-*"):
        shutil.rmtree(path, ignore_errors=True)
