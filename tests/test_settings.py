"""Settings under `extra.livingreview` in mkdocs.yml are validated like content, at their line."""

from __future__ import annotations

from conftest import Run
from gitsite import clean_env
from sitefactory import MKDOCS_YML


def with_settings(**lines: str) -> str:
    """mkdocs.yml with ``key: value`` lines added at the end of ``extra.livingreview``."""
    assert MKDOCS_YML.rstrip().splitlines()[-1].startswith("    "), "extra.livingreview must end mkdocs.yml"
    return MKDOCS_YML.rstrip() + "\n" + "".join(f"    {key}: {value}\n" for key, value in lines.items())


def line(text: str, needle: str) -> int:
    return text.splitlines().index(needle) + 1


def test_a_misspelled_setting_is_an_error_at_its_line(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    text = with_settings(citation_stlye="author-year")
    done = cli(site({"mkdocs.yml": text}), "check", env=clean_env())
    assert done.returncode == 1
    assert (
        f"mkdocs.yml:{line(text, '    citation_stlye: author-year')}: [E-CONFIG] unknown setting "
        "'extra.livingreview.citation_stlye'\n    hint: did you mean 'citation_style'?\n"
    ) in done.stdout


def test_settings_of_the_wrong_type_or_value_are_errors(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    text = MKDOCS_YML.replace("citation_style: numeric", "citation_style: footnotes").replace(
        "fail_on: [mismatch, not_found, retracted]", "fail_on: [mismatch, notfound]"
    )
    text = text.replace("ledger: citation-ledger.json", "ledger: [a, b]")
    done = cli(site({"mkdocs.yml": text}), "check", env=clean_env())
    assert done.returncode == 1
    style = line(text, "    citation_style: footnotes        # numeric | author-year")
    assert (
        f"mkdocs.yml:{style}: [E-CONFIG] setting 'extra.livingreview.citation_style' = 'footnotes': "
        "Input should be 'numeric' or 'author-year'\n    hint: How citations are shown.\n"
    ) in done.stdout
    assert f"mkdocs.yml:{line(text, '    ledger: [a, b]')}: [E-CONFIG] setting 'extra.livingreview.ledger' = list:" in (
        done.stdout
    )
    fail_on = line(text, "    fail_on: [mismatch, notfound]")
    assert f"mkdocs.yml:{fail_on}: [E-CONFIG] setting 'extra.livingreview.fail_on.1' = 'notfound': Input should be" in (
        done.stdout
    )
    assert "3 errors, 0 warnings" in done.stdout


def test_internal_terms_is_a_list_of_text(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    assert (
        cli(
            site({"mkdocs.yml": with_settings(internal_terms="[seed, review002]")}), "check", env=clean_env()
        ).returncode
        == 0
    )
    done = cli(site({"mkdocs.yml": with_settings(internal_terms="{a: 1}")}), "check", env=clean_env())
    assert "[E-CONFIG] setting 'extra.livingreview.internal_terms' = dict: Input should be a valid list" in done.stdout


def test_settings_must_be_a_mapping(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    text = MKDOCS_YML[: MKDOCS_YML.index("  livingreview:")] + "  livingreview: [content]\n"
    done = cli(site({"mkdocs.yml": text}), "check", env=clean_env())
    assert f"mkdocs.yml:{line(text, '  livingreview: [content]')}: [E-CONFIG] extra.livingreview must be a mapping" in (
        done.stdout
    )
