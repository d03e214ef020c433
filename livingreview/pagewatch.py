"""What happens to the files of a folder tree while another process writes it (Linux inotify).

The post-build pass uses it to read each page as soon as MkDocs has closed it, while MkDocs still
writes the others. :meth:`Watch.events` reports, in order, every close after writing, write,
truncation, creation, deletion or rename of a file in the tree; a folder created meanwhile is
watched as soon as it is reported. inotify itself is reached through ``inotify_simple`` (a thin,
maintained wrapper); where it is missing (not Linux) :func:`open_watch` gives None.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inotify_simple import INotify

# the kernel's values (inotify_simple.flags has them too, but that module is imported only once
# MkDocs has started, and these are needed when this one is imported)
IN_MODIFY = 0x002
IN_CLOSE_WRITE = 0x008
IN_MOVED_FROM = 0x040
IN_MOVED_TO = 0x080
IN_CREATE = 0x100
IN_DELETE = 0x200
IN_DELETE_SELF = 0x400
IN_MOVE_SELF = 0x800
IN_Q_OVERFLOW = 0x4000
IN_IGNORED = 0x8000
IN_ONLYDIR = 0x01000000
IN_ISDIR = 0x40000000
_MASK = IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF


class Watch:
    """An inotify instance watching ``root`` and every folder created under it."""

    def __init__(self, inotify: INotify, root: Path, writer: int | None) -> None:
        self._inotify = inotify
        self.root = Path(os.path.realpath(root))
        self.writer = writer
        """The process id of the only process writing the tree, if known."""
        self.lost = False
        """Events of reported files may be missing (queue overflow, a watched folder moved or deleted)."""
        self._folders: dict[int, str] = {}
        self._early: list[tuple[str, int]] = []
        """Files the writer had finished before the watch began: the first :meth:`events` reports them."""
        self._add(self.root, "", self._early)

    def _add(self, folder: Path, rel: str, found: list[tuple[str, int]]) -> None:
        """Watch ``folder``, and report as closed its files the writer has closed already.

        A file listed before the writer's open files are, and not among them, was opened (made)
        and closed before: later changes are the watch's to report.
        """
        try:
            wd = self._inotify.add_watch(folder, _MASK | IN_ONLYDIR)
        except OSError:
            return  # gone again, or no watch left: its files are simply never reported
        self._folders[wd] = rel
        try:
            entries = [(entry.name, entry.is_dir(follow_symlinks=False)) for entry in os.scandir(folder)]
        except OSError:
            return
        files = [name for name, is_folder in entries if not is_folder]
        if files and self.writer is not None:
            writing = self._open_files(self.writer)
            if writing is not None:
                found += [(rel + name, IN_CLOSE_WRITE) for name in files if str(folder / name) not in writing]
        for name, is_folder in entries:  # made before the watch existed: their own folders are not reported
            if is_folder:
                self._add(folder / name, rel + name + "/", found)

    @staticmethod
    def _open_files(pid: int) -> set[str] | None:
        """The paths ``pid`` has open (Linux ``/proc``), or None if they cannot be listed."""
        fds = f"/proc/{pid}/fd"
        try:
            names = os.listdir(fds)
        except OSError:
            return None
        paths = set()
        for name in names:
            try:
                paths.add(os.readlink(f"{fds}/{name}"))
            except FileNotFoundError:
                continue  # closed meanwhile
            except OSError:
                return None
        return paths

    def events(self) -> list[tuple[str, int]]:
        """Every event since the last call: (path relative to the root, inotify mask); never blocks."""
        found, self._early = self._early, []
        while True:
            batch = self._inotify.read(timeout=0)
            if not batch:
                return found
            for event in batch:
                gone = event.mask & (IN_Q_OVERFLOW | IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)
                if gone or event.wd not in self._folders:
                    self.lost = True
                    continue
                rel = self._folders[event.wd] + event.name
                if event.mask & IN_ISDIR:
                    if event.mask & IN_CREATE:
                        self._add(self.root / rel, rel + "/", found)
                    else:
                        self.lost = True  # a folder moved or deleted: its files' names are no longer known
                    continue
                found.append((rel, event.mask))

    def close(self) -> None:
        self._inotify.close()


def open_watch(root: Path, writer: int | None = None) -> Watch | None:
    """A :class:`Watch` of ``root`` (``writer``: the pid of the process that writes it), or None without inotify."""
    if not sys.platform.startswith("linux"):
        return None
    from inotify_simple import INotify  # loaded when MkDocs has started, not before

    try:
        inotify = INotify(nonblocking=True)
    except OSError:
        return None  # too many instances, say: the pages are then read after MkDocs
    try:
        return Watch(inotify, root, writer)
    except BaseException:
        inotify.close()
        raise


__all__ = ["IN_CLOSE_WRITE", "Watch", "open_watch"]
