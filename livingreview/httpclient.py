"""The one HTTP client of every network command (``verify``, ``propose`` and ``linkcheck --online``).

Polite by construction: a User-Agent naming the command and a contact address, a timeout on every
request, per host at most ``per_host`` requests at a time and one start per ``min_interval`` seconds
(both thread-safe: the link checker is concurrent). Retries on 429, 5xx and network errors with
exponential backoff (``backoff * 2**attempt``), or what the server's ``Retry-After`` asks (seconds or
an HTTP date), capped at :data:`MAX_WAIT`; no wait after the last attempt. Fails fast: while nothing
has answered, a failure to connect is not retried, and once the first ``reach.limit`` requests could
not connect every request raises :class:`livingreview.online.Unreachable`. Sleep and clock are
injectable, so tests never wait. Nothing here runs during a build.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import requests

from livingreview.online import Reachability

USER_AGENT = "livingreview/0.1 ({command}; mailto:{contact})"
MAX_WAIT = 60.0
"""The longest a retry waits, whatever Retry-After asks."""
HEAD_REFUSED = (403, 405, 501)
"""HEAD answers that say nothing about the page: ask again with GET."""

Ask = Callable[[requests.Session, dict[str, str]], requests.Response]


@dataclass(frozen=True, slots=True)
class Reply:
    """The final answer (``response``), or why there is none.

    ``error`` is short and stable (``HTTP 503``, ``ReadTimeout``); ``detail`` adds the exception's text.
    """

    response: requests.Response | None
    error: str = ""
    detail: str = ""


@dataclass(slots=True)
class _Host:
    slots: threading.Semaphore
    next_start: float = 0.0


@dataclass(slots=True)
class Client:
    command: str
    """The command named in the User-Agent and when the network is unreachable (``verify --online``)."""
    contact: str
    timeout: float = 15.0
    retries: int = 2
    backoff: float = 1.0
    min_interval: float = 0.0
    per_host: int = 2
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    reach: Reachability = field(default_factory=Reachability)
    _hosts: dict[str, _Host] = field(default_factory=dict)
    _sessions: list[requests.Session] = field(default_factory=list)
    _local: threading.local = field(default_factory=threading.local)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def user_agent(self) -> str:
        return USER_AGENT.format(command=self.command, contact=self.contact)

    def get(self, url: str, params: dict[str, str] | None = None, accept: str = "") -> Reply:
        """GET ``url`` (redirects followed)."""
        extra = {"Accept": accept} if accept else {}

        def ask(session: requests.Session, headers: dict[str, str]) -> requests.Response:
            return session.get(url, params=params, headers={**headers, **extra}, timeout=self.timeout)

        return self.send(url, ask)

    def head(self, url: str) -> Reply:
        """HEAD ``url`` (redirects followed), then GET when the server refuses HEAD."""

        def ask(session: requests.Session, headers: dict[str, str]) -> requests.Response:
            response = session.head(url, headers=headers, timeout=self.timeout, allow_redirects=True)
            if response.status_code in HEAD_REFUSED:
                response = session.get(url, headers=headers, timeout=self.timeout, allow_redirects=True)
            return response

        return self.send(url, ask)

    def send(self, url: str, ask: Ask) -> Reply:
        """One request made by ``ask``, with the politeness, retries and fast fail described above."""
        if self.reach.down:
            raise self.reach.error(self.command)
        host = urlsplit(url).netloc.lower()
        state = self._host(host)
        error = detail = ""
        with state.slots:
            for attempt in range(self.retries + 1):
                last = attempt == self.retries
                self._wait_turn(state)
                try:
                    response = ask(self._session(), {"User-Agent": self.user_agent})
                except requests.RequestException as exc:
                    error, detail = type(exc).__name__, f"{type(exc).__name__}: {exc}"
                    if self.reach.failed(host, exc):
                        if self.reach.down:
                            raise self.reach.error(self.command) from exc
                        break  # nothing has answered yet: no backoff until the network is known to work
                    if not last:
                        self.sleep(self.backoff * 2**attempt)
                    continue
                self.reach.answer()
                if response.status_code == 429 or response.status_code >= 500:
                    error = detail = f"HTTP {response.status_code}"
                    if not last:
                        asked = retry_after(response)
                        self.sleep(min(self.backoff * 2**attempt if asked is None else asked, MAX_WAIT))
                    continue
                return Reply(response)
        return Reply(None, error or "no answer", detail or "no answer")

    def close(self) -> None:
        """Close the connections kept open (the client opens new ones if used again)."""
        with self._lock:
            sessions, self._sessions, self._local = self._sessions, [], threading.local()
        for session in sessions:
            session.close()

    def _host(self, host: str) -> _Host:
        with self._lock:
            return self._hosts.setdefault(host, _Host(threading.Semaphore(self.per_host)))

    def _wait_turn(self, state: _Host) -> None:
        """Wait until this host's next start: starts are ``min_interval`` apart, across threads."""
        with self._lock:
            now = self.clock()
            start = max(now, state.next_start)
            state.next_start = start + self.min_interval
        if start > now:
            self.sleep(start - now)

    def _session(self) -> requests.Session:
        """One session per thread (a session is not thread-safe), so connections are reused."""
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session


def retry_after(response: requests.Response) -> float | None:
    """Seconds the server asks to wait (``Retry-After: 120`` or an HTTP date); None when it does not say."""
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - datetime.now(UTC)).total_seconds(), 0.0)
