"""The contributor docs match the code: the field reference is generated from the schemas."""

from __future__ import annotations

from sitefactory import REPO

from livingreview.content import fieldref, records


def _profile() -> records.ReviewProfile:
    found = records.from_folder(REPO / "content")
    assert found is not None
    return found


def test_contributing_field_reference_is_current() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    start, end = text.index(fieldref.BEGIN), text.index(fieldref.END) + len(fieldref.END)
    expected = fieldref.markdown(_profile())
    assert text[start:end] + "\n" == expected, "run: python build_site.py fields, paste into CONTRIBUTING.md"


def test_readme_has_the_two_setup_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make site" in readme and "make test" in readme
    assert (REPO / ".ci" / "run").read_text().strip().endswith("make test")


def test_readme_names_every_module() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    modules = sorted(p for p in (REPO / "livingreview").rglob("*.py") if p.name != "__init__.py")
    missing = [p.relative_to(REPO).as_posix() for p in modules if f"`{p.name}`" not in readme]
    assert not missing, f"README.md does not name: {missing}"
