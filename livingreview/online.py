"""What every network command shares: progress lines, and stopping fast when the network is down.

``verify --online`` and ``linkcheck --online`` make one request after another for minutes; they
print where they are, and when the first requests cannot even connect they stop with one message
instead of retrying every item with backoff. The requests themselves go through the one client in
:mod:`livingreview.httpclient`.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass, field
from typing import TextIO

import requests


class Unreachable(Exception):
    """No request could connect: the network (or a proxy, or DNS) is down. Nothing was written."""


@dataclass(slots=True)
class Reachability:
    """The network counts as unreachable once the first ``limit`` attempts failed to connect and none answered."""

    limit: int = 3
    answered: bool = False
    failures: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self) -> None:
        self.answered = True

    def failed(self, host: str, exc: Exception) -> bool:
        """Record a failed attempt; True when it was a failure to connect (not worth retrying yet)."""
        if not isinstance(exc, requests.ConnectionError) or self.answered:
            return False
        with self._lock:
            self.failures.append(f"{host}: {type(exc).__name__}")
        return True

    @property
    def down(self) -> bool:
        return not self.answered and len(self.failures) >= self.limit

    @property
    def never_connected(self) -> bool:
        return not self.answered and bool(self.failures)

    def error(self, command: str) -> Unreachable:
        tried = ", ".join(sorted(set(self.failures)))
        return Unreachable(
            f"{command}: the network is unreachable: no request could connect ({tried}); nothing was written. "
            "Check the connection (or HTTPS_PROXY) and run again."
        )


@dataclass(slots=True)
class Progress:
    """``label 12/129 item`` lines, flushed: the first, every ``every``-th and the last."""

    label: str
    total: int
    every: int = 10
    out: TextIO = field(default_factory=lambda: sys.stdout)
    done: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def step(self, item: str) -> None:
        with self._lock:
            self.done += 1
            if self.done == 1 or self.done % self.every == 0 or self.done == self.total:
                print(f"{self.label} {self.done}/{self.total} {item}", file=self.out, flush=True)
