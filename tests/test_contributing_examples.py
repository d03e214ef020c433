"""CONTRIBUTING's new-study examples, run for real: they add no duplicate, and the direct study is accepted."""

from __future__ import annotations

import re
import shlex
import shutil
import textwrap
from pathlib import Path

from conftest import Run
from sitefactory import REPO, base

BIB = "references.bib"


def problems(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith(("content/", "references.bib"))]


def _real_copy(tmp_path: Path) -> Path:
    root = tmp_path / "real"
    for name in ("content", "templates"):
        shutil.copytree(REPO / name, root / name)
    for name in ("mkdocs.yml", "references.bib", "citation-ledger.json"):
        shutil.copy(REPO / name, root / name)
    return root


def _contributing_commands() -> list[list[str]]:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    commands = [" ".join(b.replace("\\\n", " ").split()) for b in blocks if "new-study" in b]
    return [shlex.split(c)[2:] for c in commands]  # drop ".venv/bin/python build_site.py"


def test_contributing_new_study_example_adds_no_duplicate(cli: Run, tmp_path: Path) -> None:
    root = _real_copy(tmp_path)
    first = _contributing_commands()[0]
    assert cli(root, *first, "--no-input").returncode == 0
    new = [line for line in problems(cli(root, "check").stdout) if "lee-2012-multiple-system-atrophy" in line]
    assert [line.split(" [")[1].split("]")[0] for line in new] == ["E-PLACEHOLDER", "E-PLACEHOLDER"], new
    # the example it replaces re-created the record of Ma et al.'s reference 153: now refused
    old = ("new-study", "--id", "li-2020-facet-joint-oa", "--title", "BM-MSC exosomes in lumbar facet joint OA")
    assert cli(root, *old, "--condition", "osteoarthritis", "--reported-in", "ma2020mesenchymal:153").returncode == 0
    done = cli(root, "check")
    assert (
        "content/studies/li-2020-lumbar-facet-joint-oa.md:24: [E-DUPLICATE-STUDY] study "
        "'li-2020-lumbar-facet-joint-oa' looks like the same study as 'li-2020-facet-joint-oa' "
        "(content/studies/li-2020-facet-joint-oa.md:10): same ref. 153 of review 'ma2020mesenchymal'"
    ) in done.stdout


def test_contributing_direct_study_example_is_accepted(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("## Recording a paper that no review describes") :]
    entry = re.search(r"```bibtex\n(.*?)```", section, flags=re.S)
    record = re.search(r"```markdown\n(.*?)```", section, flags=re.S)
    assert entry and record
    root = site({BIB: base(BIB) + "\n" + textwrap.dedent(entry.group(1))})
    command = _contributing_commands()[1]
    assert cli(root, *command, "--no-input").returncode == 0
    path = root / "content/studies/smith-2023-cisplatin-aki.md"
    assert "reported_in" not in path.read_text().split("\n#")[0]
    path.write_text(textwrap.dedent(record.group(1)))
    done = cli(root, "check")
    assert done.returncode == 0 and "0 errors" in done.stdout, done.stdout
