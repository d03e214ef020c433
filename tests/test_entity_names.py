"""One name per thing: a name readers browse by, written two ways, is a warning at the later spelling."""

from __future__ import annotations

from conftest import Run
from sitefactory import base

from livingreview.contentchecks import entity_spelling

STUDY = "content/studies/zhou-2013-cisplatin-aki.md"
CARGO = "route: [renal subcapsular]\ncargo:\n  - name: {name}\n    kind: miRNA\n"


def with_cargo(text: str, name: str) -> str:
    return text.replace("route: [renal subcapsular]\n", CARGO.format(name=name))


def test_spellings_of_one_name_are_one_key() -> None:
    assert entity_spelling("miRNA-126") == entity_spelling("miR-126") == entity_spelling("microRNA 126")
    assert entity_spelling("lncRNA KLF3-AS1") == entity_spelling("KLF3-AS1")
    assert entity_spelling("miR-21") != entity_spelling("miR-212")
    assert entity_spelling("14-3-3ζ") != entity_spelling("14-3-3")


def test_a_name_written_two_ways_is_a_warning_at_the_later_spelling(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    first = with_cargo(base(STUDY), "miR-126")
    second = (
        with_cargo(base(STUDY), "miRNA-126")
        .replace("id: zhou-2013-cisplatin-aki", "id: zz-2014-mir126")
        .replace("title: Umbilical cord MSC exosomes in cisplatin kidney injury", "title: A second mir-126 study")
        .replace("reference: zhou2013exosomes\n", "")
        .replace('ref: "52"', 'ref: "53"')
    )
    root = site({STUDY: first, "content/studies/zz-2014-mir126.md": second})
    done = cli(root, "check")
    line_first = first.splitlines().index("  - name: miR-126") + 1
    line_second = second.splitlines().index("  - name: miRNA-126") + 1
    assert (
        f"content/studies/zz-2014-mir126.md:{line_second}: warning [W-ENTITY-NAME] cargo 'miRNA-126' looks like "
        f"'miR-126' (content/studies/zhou-2013-cisplatin-aki.md:{line_first}) written another way\n"
        "    hint: write 'miR-126' (or change both), so readers find one page for it\n"
    ) in done.stdout, done.stdout
    assert done.returncode == 0, done.stdout
