"""`verify --online` and `linkcheck --online` print progress and stop at once when nothing connects."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from conftest import Run
from gitsite import clean_env, git
from pytest_httpserver import HTTPServer
from sitefactory import base

DISEASE = "content/diseases/kidney/cisplatin-nephrotoxicity.md"


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there any more: every connection is refused


def many_links(urls: list[str]) -> str:
    return base(DISEASE).replace("Dose and timing.", "Dose and timing.\n\n" + "\n".join(f"- <{u}>" for u in urls))


def test_verify_without_network_stops_at_once_and_writes_nothing(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    root = site()
    before = (root / "citation-ledger.json").read_text() if (root / "citation-ledger.json").exists() else None
    dead = closed_port_url()
    urls = ("--crossref-url", dead, "--ncbi-url", dead, "--ctgov-url", dead)
    done = cli(root, "verify", "--online", "--contact", "t@example.org", *urls, env=clean_env())
    assert done.returncode == 1, done.stdout + done.stderr
    assert "verify 1/2 heo2018mesenchymal\n" in done.stdout
    assert done.stdout.splitlines()[-1] == (
        "verify --online: the network is unreachable: no request could connect (127.0.0.1:"
        + dead.rsplit(":", 1)[1]
        + ": ConnectionError); nothing was written. Check the connection (or HTTPS_PROXY) and run again."
    )
    after = (root / "citation-ledger.json").read_text() if (root / "citation-ledger.json").exists() else None
    assert after == before
    assert "Traceback" not in done.stderr


def test_linkcheck_without_network_stops_after_the_first_failures(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    dead = closed_port_url()
    root = site({DISEASE: many_links([f"{dead}/page-{i}" for i in range(40)])})
    done = cli(root, "linkcheck", "--online", "--contact", "t@example.org", env=clean_env())
    assert done.returncode == 1, done.stdout + done.stderr
    assert "linkcheck: 40 links, 0 fresh in the cache, 40 to check\n" in done.stdout
    assert "linkcheck 40/40 " in done.stdout
    assert "linkcheck --online: the network is unreachable: no request could connect (127.0.0.1:" in done.stdout
    assert not (root / "linkcheck-report.json").exists() and not (root / ".cache" / "linkcheck.json").exists()


def test_linkcheck_prints_progress_and_one_dead_host_is_not_a_dead_network(
    site, cli: Run, httpserver: HTTPServer
) -> None:  # type: ignore[no-untyped-def]
    httpserver.expect_request("/ok").respond_with_data("fine")
    dead = closed_port_url()
    urls = [httpserver.url_for(f"/ok?n={i}") for i in range(12)] + [f"{dead}/gone"]
    root = site({DISEASE: many_links(urls)})
    done = cli(root, "linkcheck", "--online", "--contact", "t@example.org", "--timeout", "2", env=clean_env())
    assert done.returncode == 0, done.stdout + done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith("linkcheck ")]
    assert [line.split()[1] for line in lines] == ["1/13", "10/13", "13/13"]
    report = json.loads((root / "linkcheck-report.json").read_text())["links"]
    assert report[f"{dead}/gone"]["status"] == "error"
    assert {report[u]["status"] for u in urls[:-1]} == {"ok"}
    assert "W-LINK-UNREACHABLE" in done.stdout


def test_progress_lines_are_flushed_as_they_come(tmp_path: Path) -> None:
    from livingreview.online import Progress

    out = (tmp_path / "out.txt").open("w")
    progress = Progress("verify", 25, out=out)
    for i in range(25):
        progress.step(f"key{i}")
    out.close()
    assert (tmp_path / "out.txt").read_text().splitlines() == [
        "verify 1/25 key0",
        "verify 10/25 key9",
        "verify 20/25 key19",
        "verify 25/25 key24",
    ]


def test_linkcheck_since_checks_only_links_on_changed_lines(site, cli: Run, httpserver: HTTPServer) -> None:  # type: ignore[no-untyped-def]
    for name in ("old", "changed", "added", "elsewhere"):
        httpserver.expect_request(f"/{name}").respond_with_data("fine")
    old, changed, added = (httpserver.url_for(f"/{n}") for n in ("old", "changed", "added"))
    root = site({DISEASE: many_links([old, changed])})
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    page = root / DISEASE
    page.write_text(page.read_text().replace(changed, changed + "?v=2") + f"\nSee <{added}>.\n")
    new_page = root / "content/topics/new.md"
    new_page.parent.mkdir(parents=True, exist_ok=True)
    new_page.write_text(f"---\ntitle: New\nsummary: A new topic.\n---\nSee <{httpserver.url_for('/elsewhere')}>.\n")
    done = cli(root, "linkcheck", "--online", "--since", "HEAD", "--contact", "t@example.org", env=clean_env())
    assert done.returncode == 0, done.stdout + done.stderr
    asked = sorted(request.full_path.rstrip("?") for request, _ in httpserver.log)
    assert asked == ["/added", "/changed?v=2", "/elsewhere"]
    assert "linkcheck: 3 links, 0 fresh in the cache, 3 to check\n" in done.stdout
    assert "only links on changed lines were checked; the report was left as it was" in done.stdout
    assert not (root / "linkcheck-report.json").exists()
    assert (root / ".cache" / "linkcheck.json").exists()
