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


def test_line_numbers_follow_the_body() -> None:
    groups = citations.find("a\n\nb [@x]\n", first_line=7)
    assert [g.line for g in groups] == [9]


def test_replace_leaves_code_alone() -> None:
    body = "See [@a; @b].\n\n```\n[@a]\n```\n"
    out = citations.replace(body, lambda g: "<" + ",".join(g.keys) + ">")
    assert out == "See <a,b>.\n\n```\n[@a]\n```\n"
