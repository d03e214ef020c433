"""Counts that mean what their labels say: the review's primary evidence apart from comparison material,
and studies resting on a retracted primary paper left out of every total.

What counts as primary evidence is ``primary_evidence`` in the profile (a field and a value); its label
comes from the field's vocabulary, and so do the names of the comparison material.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from livingreview.model import Study
from livingreview.render.citations import Citations
from livingreview.render.fields import Fields

COMPARISON = "Comparison material"
"""The value of the built-in ``evidence`` facet for studies that are not the review's primary evidence."""


@dataclass(frozen=True, slots=True)
class Tally:
    """Studies counted: the primary evidence, the comparison studies, and those left out (retracted)."""

    primary: int
    comparison: int
    retracted: int
    materials: tuple[tuple[str, int], ...] = ()
    """Comparison studies by what they gave (label, count), in vocabulary order."""

    @property
    def total(self) -> int:
        return self.primary + self.comparison


def _in_sentence(label: str) -> str:
    """'Vesicles from non-MSC cells' -> 'vesicles from non-MSC cells'; 'MSCs (whole cells)' stays."""
    return label[0].lower() + label[1:] if len(label) > 1 and label[1].islower() else label


class Counts:
    def __init__(self, fields: Fields, cites: Citations) -> None:
        self.fields = fields
        self.cites = cites
        profile = fields.profile
        spec = profile.spec.primary_evidence if profile else None
        self._field = spec.field if spec else None
        vocabulary = fields.vocabulary_of(spec.field) if spec else None
        self._vocabulary = vocabulary
        self.primary_label = fields.label(vocabulary, spec.value) if spec else ""
        """What the primary evidence is called ("MSC-derived vesicles"); empty when every study is."""
        values = fields.vocabulary(vocabulary) if vocabulary else []
        self.comparison_labels = [fields.label(vocabulary, v) for v in values if not spec or v != spec.value]
        """The names of every other value of the field: what comparison studies may give."""
        self.comparison_words = [_in_sentence(label) for label in self.comparison_labels]
        """The same, as they read inside a sentence ("vesicles from non-MSC cells")."""
        self._tallies: dict[tuple[str, ...], Tally] = {}

    def evidence(self, study: Study) -> str:
        """The built-in ``evidence`` facet's value for a study."""
        return self.primary_label if self.fields.primary(study.record) else COMPARISON

    def tally(self, studies: Iterable[Study]) -> Tally:
        """The studies counted (once per build for each list of studies)."""
        studies = list(studies)
        key = tuple(s.id for s in studies)
        found = self._tallies.get(key)
        if found is None:
            found = self._tallies[key] = self._tally(studies)
        return found

    def _tally(self, studies: list[Study]) -> Tally:
        primary = comparison = retracted = 0
        materials: dict[str, int] = {}
        for study in studies:
            if self.cites.retracted(study.record.reference):
                retracted += 1
            elif self.fields.primary(study.record):
                primary += 1
            else:
                comparison += 1
                for label in self.fields.labels_at(study.record, self._field) if self._field else ():
                    materials[_in_sentence(label)] = materials.get(_in_sentence(label), 0) + 1
        order = {word: i for i, word in enumerate(self.comparison_words)}
        ordered = sorted(materials.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
        return Tally(primary, comparison, retracted, tuple(ordered))


__all__ = ["COMPARISON", "Counts", "Tally"]
