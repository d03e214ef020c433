"""new-study asks for what the flags leave out when a person is at a terminal (driven through a pty).

Each answer is checked as it is typed; a bad one is asked again with a did-you-mean, and earlier
answers are kept. What is left unanswered becomes a FILL-IN placeholder that check rejects.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

from sitefactory import REPO


class Terminal:
    """A child process on a pseudo-terminal: wait for a prompt, type an answer."""

    def __init__(self, root: Path, *args: str) -> None:
        self.leader, follower = pty.openpty()
        self.proc = subprocess.Popen(
            [sys.executable, str(REPO / "build_site.py"), "new-study", *args],
            cwd=root,
            stdin=follower,
            stdout=follower,
            stderr=follower,
            close_fds=True,
        )
        os.close(follower)
        self.seen = ""

    def _read(self) -> bool:
        ready, _, _ = select.select([self.leader], [], [], 60)
        if not ready:
            return False
        try:
            chunk = os.read(self.leader, 4096)
        except OSError:  # the child closed the terminal
            return False
        self.seen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        return bool(chunk)

    def answer(self, prompt: str, text: str) -> None:
        """Wait until ``prompt`` is shown (after everything seen so far), then type ``text``."""
        start = len(self.seen)
        while prompt not in self.seen[start:]:
            assert self._read(), f"no prompt {prompt!r}; the terminal showed:\n{self.seen}"
        self.seen = self.seen[:start] + self.seen[start:].replace(prompt, "", 1) + "\x00"
        os.write(self.leader, (text + "\n").encode())

    def finish(self) -> int:
        while self._read():
            pass
        code = self.proc.wait(timeout=60)
        os.close(self.leader)
        return code


def check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "build_site.py"), "check"], cwd=root, capture_output=True, text=True, check=False
    )


def test_prompts_validate_each_answer_and_keep_the_others(site) -> None:  # type: ignore[no-untyped-def]
    root: Path = site()
    term = Terminal(root)
    term.answer("Study id", "Wang 2017")  # not a slug: asked again
    term.answer("Study id", "zhou-2013-cisplatin-aki")  # exists: asked again
    term.answer("Study id", "wang-2017-prompted")
    term.answer("Short title", "Prompted record")
    term.answer("Condition slug(s)", "cisplatin-nephrotoxicty")
    term.answer("Condition slug(s)", "cisplatin-nephrotoxicity")
    term.answer("What was given", "msc-evs")
    term.answer("What was given", "msc-ev")
    term.answer("Study type(s)", "in vitro, animals")
    term.answer("Study type(s)", "in vitro, animal")
    term.answer("BibTeX key of the primary paper", "zhou2013exosome")
    term.answer("BibTeX key of the primary paper", "")  # not identified yet: left as a placeholder
    term.answer("Reported in", "heo2018mesenchymal")
    term.answer("Reported in", "heo2018mesenchymal:12")
    assert term.finish() == 0, term.seen
    shown = term.seen
    assert "'Wang 2017' is not a valid study id: use lowercase letters, digits and single hyphens" in shown
    assert "a study with id 'zhou-2013-cisplatin-aki' already exists; choose another id" in shown
    assert "'cisplatin-nephrotoxicty' is not a known condition; did you mean 'cisplatin-nephrotoxicity'?" in shown
    assert "'msc-evs' is not a known agent; did you mean 'msc-ev'?" in shown
    assert "'animals' is not a known study type; did you mean 'animal'?" in shown
    assert "'zhou2013exosome' is not a key in references.bib; did you mean 'zhou2013exosomes'?" in shown
    assert "'heo2018mesenchymal' is not REVIEWKEY:NUMBER" in shown
    text = (root / "content/studies/wang-2017-prompted.md").read_text()
    assert text.startswith(
        "---\nid: wang-2017-prompted\ntitle: Prompted record\nconditions: [cisplatin-nephrotoxicity]\n"
        "agent: msc-ev\nstudy_type: [in vitro, animal]\nreference: FILL-IN\nreported_in:\n"
        "  - review: heo2018mesenchymal\n    ref: '12'\n"
    )
    done = check(root)
    assert done.returncode == 1
    assert [line for line in done.stdout.splitlines() if line.startswith("content/")] == [
        "content/studies/wang-2017-prompted.md:7: [E-PLACEHOLDER] field 'reference' is still the placeholder 'FILL-IN'",
        "content/studies/wang-2017-prompted.md:16: [E-PLACEHOLDER] the text still holds the placeholder FILL-IN",
    ]


def test_prompts_record_a_paper_no_review_describes(site) -> None:  # type: ignore[no-untyped-def]
    bib = "references.bib"
    from sitefactory import base

    root: Path = site(
        {
            bib: base(bib) + "\n@article{li2021direct,\n  author = {Li, Wei},\n  title = {A paper found directly},\n"
            "  journal = {Journal},\n  year = {2021}\n}\n"
        }
    )
    term = Terminal(root, "--agent", "msc-ev")  # flags given are not asked again
    term.answer("Study id", "li-2021-direct")
    term.answer("Short title", "A directly found study")
    term.answer("Condition slug(s)", "cisplatin-nephrotoxicity")
    term.answer("Study type(s)", "animal")
    term.answer("BibTeX key of the primary paper", "li2021direct")
    term.answer("Reported in", "none")
    assert term.finish() == 0, term.seen
    assert "What was given" not in term.seen
    path = root / "content/studies/li-2021-direct.md"
    text = path.read_text()
    assert "reported_in" not in text.split("\n#")[0] and "reference: li2021direct" in text
    path.write_text(text.replace(text.splitlines()[-1], "Exosomes helped the kidney [@li2021direct]."))
    done = check(root)
    assert done.returncode == 0, done.stdout
