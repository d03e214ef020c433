"""fmt normalises BibTeX and front matter without losing a field or comment, and is idempotent."""

from __future__ import annotations

import yaml
from conftest import Run
from sitefactory import REPO, base

from livingreview import fmt
from livingreview.content import records

_REVIEW = records.from_folder(REPO / "content")
assert _REVIEW is not None
STUDY_ORDER = _REVIEW.order

MESSY_BIB = """% A leading comment that must survive.
@string{jn = "Stem Cell Research and Therapy"}

@article{zhou2013exosomes,
\tdoi={10.1186/scrt194},   pmid = 23618405,
  title = {Exosomes released by human umbilical cord {MSCs}},
      author = {Zhou, Ying and others},
  journal = jn, year = {2013}, x-note = {kept}
}
Free text between entries is a comment too.

@misc{other, title = "Quoted {title}", year = 2020}
"""

STUDY = "content/studies/zhou-2013-cisplatin-aki.md"


def messy_study() -> str:
    text = base(STUDY)
    # move fields out of schema order and add comments
    text = text.replace("id: zhou-2013-cisplatin-aki\n", "")
    text = text.replace(
        "reported_in:", "id: zhou-2013-cisplatin-aki   # must equal the file name\n# who reports it\nreported_in:"
    )
    return text


def test_bibtex_round_trip_is_lossless_and_idempotent() -> None:
    once = fmt.format_bibtex(MESSY_BIB)
    assert fmt._bib_content(once) == fmt._bib_content(MESSY_BIB)
    assert fmt.format_bibtex(once) == once
    assert "A leading comment that must survive." in once
    assert "Free text between entries is a comment too." in once
    assert "x-note = {kept}" in once
    entry = once[once.index("@article") : once.index("}\n", once.index("x-note")) + 2]
    assert entry.index("author") < entry.index("title") < entry.index("journal") < entry.index("doi")


def test_front_matter_keeps_values_comments_and_body() -> None:
    before = messy_study()
    after = fmt.format_document(before, STUDY_ORDER)
    assert after != before
    assert fmt.format_document(after, STUDY_ORDER) == after
    front_before, body_before = fmt._split_front(before)
    front_after, body_after = fmt._split_front(after)
    assert yaml.safe_load(front_before) == yaml.safe_load(front_after)
    assert body_after == body_before
    assert "# must equal the file name" in after and "# who reports it" in after
    assert after.index("id:") < after.index("title:") < after.index("reported_in:")


def test_fmt_command_then_check_passes(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    root = site({STUDY: messy_study(), "references.bib": base("references.bib").replace("  ", "\t")})
    first = cli(root, "fmt", "--check")
    assert first.returncode == 1
    assert "would reformat content/studies/zhou-2013-cisplatin-aki.md" in first.stdout
    assert cli(root, "fmt").returncode == 0
    again = cli(root, "fmt", "--check")
    assert again.returncode == 0, again.stdout
    assert "0 file(s) would reformat" in again.stdout
    assert cli(root, "check").returncode == 0
