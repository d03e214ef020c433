"""Property-based tests: arbitrary input never raises anything but our diagnostics."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from livingreview.content import frontmatter, schema
from livingreview.diagnostics import Diagnostic
from livingreview.markdown import citations, safety
from livingreview.refs import bibproblems, bibtex
from livingreview.refs.identifiers import HANDLERS

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def tokens(*pieces: str) -> st.SearchStrategy[str]:
    """Text made of characters and multi-character tokens that matter to the parser under test."""
    return st.lists(st.sampled_from(list(pieces)), max_size=60).map("".join)


yaml_ish = tokens(*"-:[]{}#&*!|>'\"%@` \n\tabc0123,.?", "---\n", "\ufeff", "é", "title: ", "id: ")
markdownish = tokens(*"[]@;,-`~*_<>()!:/ \nabcxyz0129", "```\n", "    ", "\\@", "<script>", "javascript:")
bibish = tokens(*'@{}=,"#% \nabcdefgh0123\\', "@article{", "@string{", "title = ", "crossref = ")


def only_diagnostics(problems: list[Diagnostic]) -> None:
    assert all(isinstance(p, Diagnostic) and p.code and p.path for p in problems)


@FAST
@given(st.binary(max_size=400))
def test_decode_any_bytes(raw: bytes) -> None:
    text, problems = frontmatter.decode("x.md", raw)
    only_diagnostics(problems)
    assert text is not None or any(p.is_error for p in problems)


@FAST
@given(yaml_ish)
def test_front_matter_any_text(text: str) -> None:
    doc, problems = frontmatter.split("x.md", text)
    only_diagnostics(problems)
    assert isinstance(doc.meta, dict)
    record, more = schema.validate(schema.StudyRecord, doc)
    only_diagnostics(more)
    assert record is None or isinstance(record, schema.StudyRecord)


@FAST
@given(
    st.dictionaries(
        st.sampled_from([*sorted(schema.StudyRecord.model_fields), "titel", "x"]),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
            max_leaves=8,
        ),
        max_size=8,
    )
)
def test_schema_any_mapping(meta: dict[str, object]) -> None:
    doc = frontmatter.Document("x.md", meta, "", 1, {(): 1})
    _, problems = schema.validate(schema.StudyRecord, doc)
    only_diagnostics(problems)


@FAST
@given(markdownish, st.integers(min_value=1, max_value=500))
def test_citation_parser_any_markdown(body: str, first_line: int) -> None:
    groups = citations.find(body, first_line)
    assert all(first_line <= g.line < first_line + body.count("\n") + 1 for g in groups)
    out = citations.replace(body, lambda g: "X", first_line)
    if not groups:
        assert out == body
    assert all(p.line >= first_line for p in safety.check(body, first_line))


@FAST
@given(bibish)
def test_bibtex_loader_any_text(text: str) -> None:
    refs, problems = bibtex.load("references.bib", text)
    only_diagnostics(problems)
    for ref in refs:
        assert isinstance(ref.key, str) and ref.line >= 1
        bibproblems.missing_fields(ref)


@FAST
@given(st.text(max_size=40))
def test_identifier_handlers_any_string(value: str) -> None:
    for handler in HANDLERS:
        problem = handler.inspect(value)
        assert problem is None or handler.name in problem
        if problem is None:
            assert handler.standardize(value) == handler.standardize(handler.standardize(value))
            assert handler.url(value).startswith("https://")
