from livingreview.content import frontmatter


def split(text: str):  # type: ignore[no-untyped-def]
    return frontmatter.split("x.md", text)


def test_lines_are_file_absolute() -> None:
    doc, problems = split("---\ntitle: A\nmodels:\n  - species: rat\n    model: m\n---\nbody line\n")
    assert problems == []
    assert doc.meta["title"] == "A"
    assert doc.line_of("title") == 2
    assert doc.line_of("models", 0, "species") == 4
    assert doc.line_of("models", 0, "model") == 5
    assert doc.line_of("models", 0, "missing") == 4
    assert doc.body_line == 7
    assert doc.body == "body line\n"


def test_yaml_error_names_the_file_line() -> None:
    _, problems = split("---\ntitle: A\nconditions: [a, b\n---\n")
    assert [(p.line, p.code) for p in problems] == [(3, "E-YAML")]


def test_an_unclosed_bracket_or_quote_is_reported_where_it_opens() -> None:
    _, problems = split("---\ntitle: A\nconditions: [a, b\nagent: msc-ev\nyear: 2013\n---\n")
    assert [(p.line, p.message, p.hint) for p in problems] == [
        (
            3,
            "invalid YAML: the '[' on this line is never closed (the parser stopped at line 4: "
            "did not find expected ',' or ']')",
            "add the missing ']' on this line, or quote the whole value",
        )
    ]
    _, problems = split('---\ntitle: "A study\nagent: msc-ev\n---\n')
    assert [(p.line, p.hint) for p in problems] == [(2, "add the closing '\"' at the end of the value")]


def test_unclosed_front_matter() -> None:
    _, problems = split("---\ntitle: A\n")
    assert [p.format() for p in problems] == [
        "x.md:1: [E-FRONTMATTER-UNCLOSED] front matter opened on line 1 is never closed\n"
        "    hint: add a line '---' after the last field"
    ]


def test_front_matter_must_be_a_mapping() -> None:
    _, problems = split("---\n- a\n- b\n---\n")
    assert [(p.line, p.code) for p in problems] == [(2, "E-FRONTMATTER-TYPE")]


def test_duplicate_key_is_reported() -> None:
    _, problems = split("---\ntitle: A\ntitle: B\n---\n")
    assert [(p.line, p.code) for p in problems] == [(3, "E-YAML-DUPLICATE-KEY")]


def test_tab_indentation_gets_a_hint() -> None:
    _, problems = split("---\nmodels:\n\t- a\n---\n")
    assert problems[0].code == "E-YAML"
    assert "tab" in problems[0].message + problems[0].hint


def test_decode_bom_crlf_and_bad_utf8() -> None:
    text, problems = frontmatter.decode("x.md", b"\xef\xbb\xbf---\r\ntitle: A\r\n---\r\n")
    assert text == "---\ntitle: A\n---\n"
    assert [p.code for p in problems] == ["W-BOM", "W-CRLF"]
    text, problems = frontmatter.decode("x.md", b"---\ntitle: \xff\n")
    assert text is None
    assert [(p.line, p.code) for p in problems] == [(2, "E-ENCODING")]


def test_empty_and_huge_files() -> None:
    _, problems = split("")
    assert [p.code for p in problems] == ["E-EMPTY"]
    text, problems = frontmatter.decode("x.md", b"a" * (frontmatter.MAX_FILE_BYTES + 1))
    assert text is None
    assert [p.code for p in problems] == ["E-TOO-LARGE"]


def test_front_matter_cache_returns_what_a_parse_gives_and_never_stale_data(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import datetime
    import json

    from livingreview.content.yamlcache import YamlCache

    text = "---\nid: a\nlist:\n  - 1\n  - x: 2\n---\nbody\n"
    fresh, _ = frontmatter.split("a.md", text)
    file = tmp_path / "frontmatter.json"
    cache = YamlCache(file)
    frontmatter.split("a.md", text, cache=cache)
    cache.save()
    cached, problems = frontmatter.split("a.md", text, cache=YamlCache(file))
    assert not problems
    assert (cached.meta, cached.lines, cached.body_line) == (fresh.meta, fresh.lines, fresh.body_line)
    # an edited file is parsed again
    edited, _ = frontmatter.split("a.md", text.replace("id: a", "id: b"), cache=YamlCache(file))
    assert edited.meta["id"] == "b"
    # dates come back as dates, from the file too; values JSON cannot hold exactly are never cached
    dated = YamlCache(file)
    frontmatter.parse_yaml("d.yaml", "when: [2026-11-22, {day: 2020-01-02}]\n", cache=dated)
    dated.save()
    data, _, _ = frontmatter.parse_yaml("d.yaml", "when: [2026-11-22, {day: 2020-01-02}]\n", cache=YamlCache(file))
    assert data == {"when": [datetime.date(2026, 11, 22), {"day": datetime.date(2020, 1, 2)}]}
    assert type(data["when"][0]) is datetime.date
    for source in ("at: 2026-11-22 10:00:00\n", "{1: a}\n", '"\\0date": x\n', "b: !!binary aGk=\n"):
        inexact = YamlCache(file)
        frontmatter.parse_yaml("d.yaml", source, cache=inexact)
        assert inexact.get(source, 1) is None, source
    # a cache file of the wrong shape is ignored, not trusted
    digest = YamlCache.digest("id: a\nlist:\n  - 1\n  - x: 2", 2)
    file.write_text(json.dumps({"version": 2, "entries": {digest: "garbage"}}))
    again, problems = frontmatter.split("a.md", text, cache=YamlCache(file))
    assert not problems and again.meta == fresh.meta
