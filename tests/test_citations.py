from livingreview.markdown import citations


def keys(body: str) -> list[tuple[str, ...]]:
    return [g.keys for g in citations.find(body)]


def test_bracketed_lists_locators_and_narrative() -> None:
    body = "One [@a]. Two [@b; @c]. Page [@d, p. 3]. Narrative @e says. Suppressed [-@f].\n"
    groups = citations.find(body, first_line=10)
    assert [g.keys for g in groups] == [("a",), ("b", "c"), ("d",), ("e",), ("f",)]
    assert groups[2].cites[0].locator == "p. 3"
    assert groups[3].narrative
    assert groups[4].cites[0].suppress_author
    assert {g.line for g in groups} == {10}


def test_code_is_not_a_citation() -> None:
    body = "Text `[@inline]` and [@real].\n\n```\n[@fenced]\n```\n\n    [@indented]\n"
    assert keys(body) == [("real",)]


def test_emails_links_and_escapes_are_not_citations() -> None:
    body = "Mail me@example.org, a [@link](http://x), escaped \\@nokey, trailing @key.\n"
    assert keys(body) == [("key",)]


def test_an_at_sign_in_a_url_is_not_a_citation() -> None:
    body = (
        "A [post](https://medium.com/@someone/post), <https://m.org/@ab>, https://x.org/@bare;\n"
        "cited [@{https://example.org/x?a=1}] and @real.\n"
    )
    assert keys(body) == [("https://example.org/x?a=1",), ("real",)]
    out = citations.replace(body, lambda g: "<" + ",".join(g.keys) + ">")
    assert out.startswith("A [post](https://medium.com/@someone/post), <https://m.org/@ab>, https://x.org/@bare;\n")


def test_line_numbers_follow_the_body() -> None:
    groups = citations.find("a\n\nb [@x]\n", first_line=7)
    assert [g.line for g in groups] == [9]


def test_replace_leaves_code_alone() -> None:
    body = "See [@a; @b].\n\n```\n[@a]\n```\n"
    out = citations.replace(body, lambda g: "<" + ",".join(g.keys) + ">")
    assert out == "See <a,b>.\n\n```\n[@a]\n```\n"


def test_unknown_key_in_a_field_is_reported_once_without_the_prose_hint(site, cli) -> None:  # type: ignore[no-untyped-def]
    from gitsite import clean_env
    from sitefactory import base

    record = base("content/studies/zhou-2013-cisplatin-aki.md")
    record = record.replace("review: heo2018mesenchymal", "review: heo2018mesenchymall")
    record = record.replace("reference: zhou2013exosomes", "reference: placeholder")
    record += "Also [@zhuo2013exosomes].\n"
    done = cli(site({"content/studies/zhou-2013-cisplatin-aki.md": record}), "check", env=clean_env())
    assert done.returncode == 1
    assert "[E-CITE-UNKNOWN]" in done.stdout and "references.bib:1" not in done.stdout
    assert (
        "content/studies/zhou-2013-cisplatin-aki.md:21: [E-CITE-UNKNOWN] citation key 'placeholder' is not in "
        "references.bib\n    hint: add an entry 'placeholder' to references.bib\n"
        "content/studies/zhou-2013-cisplatin-aki.md:23: [E-CITE-UNKNOWN] citation key 'heo2018mesenchymall' is not "
        "in references.bib\n    hint: did you mean 'heo2018mesenchymal'?\n"
        "content/studies/zhou-2013-cisplatin-aki.md:27: [E-CITE-UNKNOWN] citation key 'zhuo2013exosomes' is not in "
        "references.bib\n    hint: did you mean 'zhou2013exosomes'? (write \\@ for a literal @)\n"
        "3 errors, 0 warnings\n"
    ) in done.stdout
