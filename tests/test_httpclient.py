"""The one HTTP client of the network commands, against a local server; sleep and clock injected."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from livingreview import httpclient
from livingreview.online import Unreachable


class FakeTime:
    """A clock that moves only when the client sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


def client(fake: FakeTime, retries: int = 2, backoff: float = 1.0, min_interval: float = 0.0) -> httpclient.Client:
    return httpclient.Client(
        "verify --online",
        "t@example.org",
        timeout=2.0,
        retries=retries,
        backoff=backoff,
        min_interval=min_interval,
        sleep=fake.sleep,
        clock=fake.clock,
    )


def dead_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/gone"  # nothing listens there any more


def answers(*responses: Response) -> Callable[[Request], Response]:
    """A handler giving ``responses`` in turn, then the last one again."""
    queue = list(responses)

    def handler(request: Request) -> Response:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return handler


def test_every_request_names_the_command_and_the_contact(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_json({"ok": True})
    reply = client(FakeTime()).get(httpserver.url_for("/x"), {"q": "1"}, accept="application/json")
    assert reply.response is not None and reply.response.json() == {"ok": True}
    request = httpserver.log[0][0]
    assert request.headers["User-Agent"] == "livingreview/0.1 (verify --online; mailto:t@example.org)"
    assert request.headers["Accept"] == "application/json" and request.args["q"] == "1"


def test_429_and_5xx_are_retried_with_backoff_or_as_retry_after_asks(httpserver: HTTPServer) -> None:
    in_a_minute = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    httpserver.expect_request("/busy").respond_with_handler(
        answers(
            Response("wait", status=429, headers={"Retry-After": "7"}),
            Response("down", status=503),
            Response("wait", status=429, headers={"Retry-After": "3600"}),
            Response("wait", status=429, headers={"Retry-After": in_a_minute}),
            Response("fine"),
        )
    )
    fake = FakeTime()
    reply = client(fake, retries=4, backoff=1.5).get(httpserver.url_for("/busy"))
    assert reply.response is not None and reply.response.text == "fine"
    assert fake.slept[:3] == [7.0, 3.0, 60.0]  # as asked; backoff 1.5 * 2**1; capped at a minute
    assert 20 < fake.slept[3] <= 30  # an HTTP date: the seconds until then


def test_no_wait_after_the_last_attempt(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/broken").respond_with_data("oops", status=500)
    fake = FakeTime()
    reply = client(fake, retries=2).get(httpserver.url_for("/broken"))
    assert reply.response is None and reply.error == reply.detail == "HTTP 500"
    assert len(httpserver.log) == 3 and fake.slept == [1.0, 2.0]


def test_4xx_is_an_answer_not_retried(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/missing").respond_with_data("no", status=404)
    fake = FakeTime()
    reply = client(fake).get(httpserver.url_for("/missing"))
    assert reply.response is not None and reply.response.status_code == 404
    assert len(httpserver.log) == 1 and fake.slept == []


def test_a_connection_error_is_retried_once_the_network_has_answered(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/ok").respond_with_data("fine")
    fake = FakeTime()
    http = client(fake, retries=2)
    assert http.get(httpserver.url_for("/ok")).response is not None
    reply = http.get(dead_url())
    assert reply.response is None and reply.error == "ConnectionError"
    assert reply.detail.startswith("ConnectionError: ")
    assert fake.slept == [1.0, 2.0]


def test_fast_fail_while_nothing_has_answered() -> None:
    fake = FakeTime()
    http = client(fake, retries=4)
    first, second = http.get(dead_url()), http.get(dead_url())
    assert first.error == second.error == "ConnectionError" and fake.slept == []  # not retried
    with pytest.raises(Unreachable, match=r"^verify --online: the network is unreachable: no request could connect"):
        http.get(dead_url())
    with pytest.raises(Unreachable):  # and every request after that, without trying
        http.get("http://127.0.0.1:1/never-asked")
    assert fake.slept == []


def test_head_then_get_where_head_is_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/page", method="HEAD").respond_with_data("", status=405)
    httpserver.expect_request("/page", method="GET").respond_with_data("page")
    httpserver.expect_request("/moved", method="HEAD").respond_with_data("", status=301, headers={"Location": "/new"})
    httpserver.expect_request("/new", method="HEAD").respond_with_data("")
    http = client(FakeTime())
    reply = http.head(httpserver.url_for("/page"))
    assert reply.response is not None and reply.response.status_code == 200
    moved = http.head(httpserver.url_for("/moved"))
    assert moved.response is not None and moved.response.history and moved.response.url == httpserver.url_for("/new")
    assert [(r.method, r.path) for r, _ in httpserver.log] == [
        ("HEAD", "/page"),
        ("GET", "/page"),
        ("HEAD", "/moved"),
        ("HEAD", "/new"),
    ]
    http.close()


def test_starts_on_one_host_are_min_interval_apart(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data("fine")
    fake = FakeTime()
    http = client(fake, min_interval=0.5)
    for _ in range(3):
        http.get(httpserver.url_for("/x"))
    assert fake.slept == [0.5, 0.5]
    other = httpserver.url_for("/x").replace("localhost", "127.0.0.1")
    http.get(other)  # another host has its own interval
    assert fake.slept == [0.5, 0.5]


def test_the_interval_holds_across_threads(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data("fine")
    slept: list[float] = []
    lock = threading.Lock()

    def record(seconds: float) -> None:
        with lock:
            slept.append(round(seconds, 3))

    http = httpclient.Client("linkcheck --online", "t@example.org", min_interval=1.0, sleep=record, clock=lambda: 0.0)
    threads = [threading.Thread(target=http.get, args=(httpserver.url_for("/x"),)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(slept) == [1.0, 2.0, 3.0]  # each start got its own turn
    http.close()


@pytest.fixture
def threaded_server() -> Iterator[HTTPServer]:
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_at_most_per_host_requests_at_a_time(threaded_server: HTTPServer) -> None:
    busy = {"now": 0, "most": 0}
    lock = threading.Lock()

    def slow(request: Request) -> Response:
        with lock:
            busy["now"] += 1
            busy["most"] = max(busy["most"], busy["now"])
        time.sleep(0.1)
        with lock:
            busy["now"] -= 1
        return Response("fine")

    threaded_server.expect_request("/slow").respond_with_handler(slow)
    http = httpclient.Client("linkcheck --online", "t@example.org", per_host=2)
    threads = [threading.Thread(target=http.head, args=(threaded_server.url_for("/slow"),)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    http.close()
    assert len(threaded_server.log) == 6 and busy["most"] <= 2
