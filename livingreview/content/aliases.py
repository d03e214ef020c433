"""Checks of the ``aliases`` table in ``content/vocabularies.yaml``: every alias leads somewhere real."""

from __future__ import annotations

from livingreview.content.frontmatter import Document
from livingreview.content.profile import CODE
from livingreview.content.records import ReviewProfile
from livingreview.content.schema import Vocabularies
from livingreview.diagnostics import Diagnostic, did_you_mean, error


def problems(vocab: Vocabularies, doc: Document) -> list[Diagnostic]:
    """An alias table names a vocabulary; each alias is not a value itself and leads to one."""
    found = []
    names = vocab.names()
    for name, table in vocab.aliases.items():
        if name not in names:
            hint = did_you_mean(name, names) or f"vocabularies: {', '.join(names)}"
            found.append(
                error(doc.path, doc.line_of("aliases", name), "E-VOCAB-ALIAS", f"no vocabulary '{name}'", hint)
            )
            continue
        allowed = vocab.allowed(name)
        values = {v.casefold() for v in allowed}
        for alias, target in table.items():
            line = doc.line_of("aliases", name, alias)
            if alias.casefold() in values:
                found.append(
                    error(
                        doc.path,
                        line,
                        "E-VOCAB-ALIAS",
                        f"alias '{alias}' of {name} is itself one of its values",
                        "remove the value from the list, or the alias",
                    )
                )
            elif target not in allowed:
                hint = did_you_mean(target, allowed) or f"values: {', '.join(allowed)}"
                found.append(
                    error(
                        doc.path,
                        line,
                        "E-VOCAB-ALIAS",
                        f"alias '{alias}' leads to '{target}', which is not a value of {name}",
                        hint,
                    )
                )
    return found


def primary_problems(vocab: Vocabularies, review: ReviewProfile) -> list[Diagnostic]:
    """The profile's primary evidence names a value of its field's vocabulary."""
    primary = review.spec.primary_evidence
    spec = review.spec.resolve(primary.field) if primary else None
    if primary is None or spec is None or spec.vocabulary is None:
        return []
    allowed = vocab.allowed(spec.vocabulary)
    if primary.value in allowed:
        return []
    hint = did_you_mean(primary.value, allowed) or f"values: {', '.join(allowed)}"
    message = f"primary_evidence value '{primary.value}' is not in vocabulary '{spec.vocabulary}'"
    doc = review.doc
    where = (doc.path, doc.line_of("primary_evidence", "value")) if doc else ("content/profile.yaml", 0)
    return [error(*where, CODE, message, hint)]
