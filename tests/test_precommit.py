"""Pre-commit installs with one documented command and its hooks need no download; the PR template
names only what is in the repository."""

from __future__ import annotations

import re

import yaml
from sitefactory import REPO


def pins(name: str) -> dict[str, str]:
    text = (REPO / "requirements" / name).read_text()
    return dict(re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)$", text, flags=re.M))


def test_hooks_are_local_commands_of_the_venv() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = config["repos"][0]["hooks"]
    assert {hook["language"] for hook in hooks} == {"system"}
    for hook in hooks:
        tool = hook["entry"].split()[0]
        assert tool.startswith(".venv/bin/"), hook["id"]
    tools = {hook["entry"].split()[0].removeprefix(".venv/bin/") for hook in hooks}
    assert tools == {"python", "ruff", "trailing-whitespace-fixer", "end-of-file-fixer", "check-yaml"}


def test_make_pre_commit_installs_pinned_tools_and_the_hook() -> None:
    makefile = (REPO / "Makefile").read_text()
    assert "pre-commit: $(VENV)/.pre-commit-installed\n\t$(BIN)/pre-commit install\n" in makefile
    assert "$(PIP) -r requirements/precommit.txt" in makefile
    precommit = pins("precommit.txt")
    assert {"pre_commit", "pre_commit_hooks", "ruff"} <= set(precommit)
    assert precommit["ruff"] == pins("test.txt")["ruff"]  # the hook lints exactly as `make test` does
    assert "`make pre-commit`" in (REPO / "CONTRIBUTING.md").read_text()


def test_pull_request_template_names_only_files_of_the_repository() -> None:
    text = (REPO / ".github" / "pull_request_template.md").read_text()
    assert "../" not in text and "/work/" not in text
    for command in re.findall(r"`make (\w[\w-]*)`", text):
        assert re.search(rf"^{command}:", (REPO / "Makefile").read_text(), flags=re.M), command
