"""The review's profile (content/profile.yaml): its typed model, the record models built from it, and
the located E-PROFILE diagnostics of a wrong one."""

from __future__ import annotations

import textwrap

from conftest import Run
from sitefactory import PROFILE, REPO

from livingreview.content import fieldref, records, schema
from livingreview.content.frontmatter import Document, parse_yaml
from livingreview.content.profile import load

OTHER = """\
vocabularies:
  designs: {description: Study designs.}
  drugs: {labelled: true, description: Drug slug to name.}
fields:
  design:
    type: text
    required: true
    vocabulary: designs
    label: study design
    description: How the study was designed.
    ask: {prompt: Study design, help: the study design}
  arms:
    type: object
    count: many
    model: Arm
    about: One arm of a trial.
    description: The arms, the control arm last.
    fields:
      drug: {type: slug, required: true, vocabulary: drugs, description: The drug given.}
      patients: {type: integer, description: Patients randomised.}
  note: {type: long text, description: Anything else.}
entities:
  - {key: drug, title: Drugs, folder: drugs, name: arms.drug}
facets:
  - {name: Design, field: design}
  - {name: Organ system, builtin: group}
evidence_table:
  - {heading: Study, macro: study}
  - {heading: Drugs, macro: entity_links, field: arms.drug, entity: drug}
evidence_map:
  conditions: {field: arms.drug, entity: drug}
  groups: {field: design, facet: Design}
primary_evidence: {field: design, value: randomised}
"""


def profile_of(text: str) -> tuple[records.ReviewProfile | None, list[str]]:
    data, lines, problems = parse_yaml("content/profile.yaml", text)
    assert not problems
    doc = Document("content/profile.yaml", data, "", 1, lines)
    spec, found = load(doc)
    return (records.build(spec, doc) if spec else None), [d.format() for d in found]


def test_the_reviews_profile_declares_what_render_will_read() -> None:
    review, problems = profile_of(PROFILE)
    assert review is not None and problems == []
    spec = review.spec
    assert review.order[:4] == ("id", "title", "conditions", "agent")
    assert review.order[-5:] == ("first_author", "year", "reference", "reported_in", "distinct_from")
    assert [m.__name__ for m in review.nested] == ["MscSource", "ExperimentalModel", "Cargo", "Engineering", "Dose"]
    assert [(k.key, k.folder, k.name, k.detail) for k in spec.entities][1] == ("cargo", "cargo", "cargo.name", "kind")
    assert [f.name for f in spec.facets] == [
        "MSC source",
        "Species",
        "Study type",
        "Material",
        "Organ system",
        "Evidence",
    ]
    assert (spec.facets[3].field, spec.facets[3].primary, spec.facets[4].builtin) == ("agent", "ev_type", "group")
    assert [(c.heading, c.macro) for c in spec.evidence_table][4] == ("Cargo", "entity_links")
    assert spec.evidence_map is not None
    assert (spec.evidence_map.conditions.field, spec.evidence_map.conditions.entity) == ("msc_source.tissue", "source")
    assert spec.evidence_map.groups.field == "study_type"
    assert spec.primary_evidence is not None
    assert (spec.primary_evidence.field, spec.primary_evidence.value) == ("agent", "msc-ev")
    assert [(".".join(p), s.vocabulary, s.what(p[-1])) for p, s in review.uses()][:3] == [
        ("agent", "agents", "agent"),
        ("ev_type", "ev_types", "vesicle type"),
        ("msc_source.tissue", "msc_tissues", "MSC tissue"),
    ]


def test_a_record_of_the_built_model_reads_as_before() -> None:
    review, _ = profile_of(PROFILE)
    assert review is not None
    meta = {
        "id": "a-2020-x",
        "title": "A title",
        "conditions": ["aki"],
        "agent": "msc-ev",
        "msc_source": {"tissue": "bone marrow", "species": "human"},
        "cargo": [{"name": "miR-1", "kind": "miRNA"}],
        "engineered": {"strategy": "cargo loading"},
        "dose": {"value": 100},
    }
    record, problems = schema.validate(review.study, Document("x.md", meta, "", 1, {(): 1}))
    assert problems == [] and isinstance(record, schema.StudyRecord)
    assert record.msc_source.tissue == "bone marrow" and record.many("msc_source") == [record.msc_source]
    assert record.many("cargo")[0].name == "miR-1" and record.engineered.strategy == "cargo loading"
    assert record.dose.value == 100.0 and record.models == [] and record.ev_type is None
    assert records.values(record, "cargo.kind") == ["miRNA"]
    assert list(records.located(record, ("msc_source", "tissue"))) == [(("msc_source", "tissue"), "bone marrow")]


def test_another_review_declares_other_fields() -> None:
    review, problems = profile_of(OTHER)
    assert review is not None and problems == []
    assert review.order[3:6] == ("design", "arms", "note")
    meta = {"id": "b-2021-y", "title": "T", "conditions": ["x"], "design": "rct", "arms": [{"drug": "Aspirin"}]}
    _, found = schema.validate(review.study, Document("y.md", meta, "", 1, {(): 1}))
    assert [(d.code, d.message) for d in found] == [
        ("E-SCHEMA", "field 'arms.0.drug' = 'Aspirin': String should match pattern '^[a-z0-9]+(?:-[a-z0-9]+)*$'")
    ]
    _, found = schema.validate(review.study, Document("y.md", {**meta, "desing": "x"}, "", 1, {(): 1}))
    assert [d.hint for d in found if d.code == "E-UNKNOWN-FIELD"] == ["did you mean 'design'?"]
    reference = fieldref.markdown(review)
    assert "| `design` | text | yes | How the study was designed. |" in reference
    assert "#### Arm\n\nOne arm of a trial.\n" in reference
    assert "| `patients` | integer |  | Patients randomised. |" in reference
    assert review.vocabularies.names() == ("organ_systems", "designs", "drugs")


def test_a_wrong_profile_is_reported_at_its_lines(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    wrong = (
        PROFILE.replace("    vocabulary: ev_types\n", "    vocabulay: ev_types\n")
        .replace("detail: {type: long text,", "detail: {type: long-text,")
        .replace("    vocabulary: routes\n", "    vocabulary: route\n")
        .replace("name: models.species}", "name: model.species}")
    )
    lines = wrong.splitlines()

    def at(text: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if text in line)

    done = cli(site({"content/profile.yaml": wrong}), "check")
    assert done.returncode == 1
    assert done.stdout == textwrap.dedent(
        f"""\
        content/profile.yaml:{at("vocabulay:")}: [E-PROFILE] unknown key 'fields.ev_type.vocabulay'
            hint: did you mean 'vocabulary'?
        content/profile.yaml:{at("long-text")}: [E-PROFILE] 'fields.engineered.fields.detail.type' = 'long-text': \
Input should be 'text', 'long text', 'number', 'integer', 'slug' or 'object'
            hint: did you mean 'long text'?
        1 error, 0 warnings
        """
    ).replace("1 error", "2 errors")
    fixed = wrong.replace("vocabulay:", "vocabulary:").replace("type: long-text", "type: long text")
    done = cli(site({"content/profile.yaml": fixed}), "check")
    assert done.stdout == (
        f"content/profile.yaml:{at('vocabulary: route')}: [E-PROFILE] no vocabulary 'route'\n"
        "    hint: did you mean 'routes'?\n"
        f"content/profile.yaml:{at('model.species')}: [E-PROFILE] 'model.species' names no field of the profile\n"
        "    hint: did you mean 'models.species'?\n"
        "2 errors, 0 warnings\n"
    )


def test_the_primary_evidence_names_a_value_and_the_profile_must_exist(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    done = cli(site({"content/profile.yaml": PROFILE.replace("value: msc-ev}", "value: msc-evs}")}), "check")
    line = PROFILE.splitlines().index("primary_evidence: {field: agent, value: msc-ev}") + 1
    assert (
        f"content/profile.yaml:{line}: [E-PROFILE] primary_evidence value 'msc-evs' is not in vocabulary 'agents'\n"
        "    hint: did you mean 'msc-ev'?\n"
    ) in done.stdout
    root = site()
    (root / "content" / "profile.yaml").unlink()
    done = cli(root, "check")
    assert done.returncode == 1
    assert done.stdout.startswith("content/profile.yaml: [E-PROFILE] profile file not found\n")


def test_fields_and_new_study_follow_the_sites_profile(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    vocab = "organ_systems: {kidney: Kidney}\ndesigns: [randomised, cohort]\ndrugs: {aspirin: Aspirin}\n"
    root = site({"content/profile.yaml": OTHER, "content/vocabularies.yaml": vocab})
    done = cli(root, "fields")
    assert done.returncode == 0 and "| `design` | text | yes |" in done.stdout and "msc_source" not in done.stdout
    assert "--design DESIGN" in cli(root, "new-study", "--help").stdout
    done = cli(root, "new-study", "--id", "b-2021-y", "--title", "T", "--design", "randomized", "--no-input")
    assert done.returncode == 2
    assert "--design: 'randomized' is not a known study design; did you mean 'randomised'?" in done.stderr
    done = cli(root, "new-study", "--id", "b-2021-y", "--title", "T", "--design", "cohort", "--no-input")
    text = (root / "content" / "studies" / "b-2021-y.md").read_text(encoding="utf-8")
    assert "design: cohort\n" in text
    assert "# Optional fields (see CONTRIBUTING.md): arms [{drug, patients}], note, first_author, year\n" in text


def test_the_repository_profile_is_the_one_the_tests_use() -> None:
    assert (REPO / "content" / "profile.yaml").read_text(encoding="utf-8") == PROFILE
