"""Vocabulary aliases: a common other spelling gets the value this review writes, not a near miss."""

from __future__ import annotations

from conftest import Run
from gitsite import clean_env
from sitefactory import VOCABULARIES, base

STUDY = "content/studies/zhou-2013-cisplatin-aki.md"


def study(old: str, new: str) -> str:
    text = base(STUDY)
    assert old in text
    return text.replace(old, new)


def test_an_alias_names_the_value_to_write(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    record = study("study_type: [animal, in vitro]", "study_type: [in vivo, in vitro]")
    record = record.replace("tissue: umbilical cord", "tissue: BM").replace("species: rat", "species: Mice")
    done = cli(site({STUDY: record}), "check", env=clean_env())
    assert done.returncode == 1
    assert (
        "content/studies/zhou-2013-cisplatin-aki.md:8: [E-VOCAB] msc_source.tissue 'BM' is not a known MSC tissue\n"
        "    hint: 'BM' is written 'bone marrow' in this review\n"
    ) in done.stdout
    assert (
        "content/studies/zhou-2013-cisplatin-aki.md:11: [E-VOCAB] models.0.species 'Mice' is not a known species\n"
        "    hint: 'Mice' is written 'mouse' in this review\n"
    ) in done.stdout
    assert (
        "content/studies/zhou-2013-cisplatin-aki.md:15: [E-VOCAB] study_type.0 'in vivo' is not a known study type\n"
        "    hint: 'in vivo' is written 'animal' in this review\n"
    ) in done.stdout


def test_a_near_miss_of_an_alias_suggests_its_value(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    done = cli(site({STUDY: study("study_type: [animal, in vitro]", "study_type: [invivo]")}), "check", env=clean_env())
    assert "[E-VOCAB] study_type.0 'invivo' is not a known study type\n" in done.stdout
    assert "    hint: did you mean 'animal'? allowed: 'animal', 'human', 'in vitro';" in done.stdout


def test_aliases_must_lead_to_a_value(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    vocab = VOCABULARIES + "  specie:\n    mice: mouse\n  species:\n    rat: mouse\n    hamsters: hamster\n"
    done = cli(site({"content/vocabularies.yaml": vocab}), "check", env=clean_env())
    assert done.returncode == 1
    lines = vocab.splitlines()
    at = {key: lines.index(text) + 1 for key, text in (("specie", "  specie:"), ("rat", "    rat: mouse"))}
    at["hamsters"] = lines.index("    hamsters: hamster") + 1
    assert (
        f"content/vocabularies.yaml:{at['specie']}: [E-VOCAB-ALIAS] no vocabulary 'specie'\n"
        "    hint: did you mean 'species'?\n"
    ) in done.stdout
    assert (
        f"content/vocabularies.yaml:{at['rat']}: [E-VOCAB-ALIAS] alias 'rat' of species is itself one of "
        "its values\n    hint: remove the value from the list, or the alias\n"
    ) in done.stdout
    assert (
        f"content/vocabularies.yaml:{at['hamsters']}: [E-VOCAB-ALIAS] alias 'hamsters' leads to 'hamster', "
        "which is not a value of species\n"
    ) in done.stdout


def test_the_review_declares_its_aliases_and_they_are_valid(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    assert "    in vivo: animal\n" in VOCABULARIES and "    BM: bone marrow\n" in VOCABULARIES
    done = cli(site(), "check", env=clean_env())
    assert done.returncode == 0 and "E-VOCAB-ALIAS" not in done.stdout
