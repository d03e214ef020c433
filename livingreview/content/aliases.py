"""Checks of the ``aliases`` table in ``content/vocabularies.yaml``: every alias leads somewhere real."""

from __future__ import annotations

from livingreview.content.frontmatter import Document
from livingreview.content.schema import VOCABULARY_NAMES, Vocabularies
from livingreview.diagnostics import Diagnostic, did_you_mean, error


def problems(vocab: Vocabularies, doc: Document) -> list[Diagnostic]:
    """An alias table names a vocabulary; each alias is not a value itself and leads to one."""
    found = []
    for name, table in vocab.aliases.items():
        if name not in VOCABULARY_NAMES:
            hint = did_you_mean(name, VOCABULARY_NAMES) or f"vocabularies: {', '.join(VOCABULARY_NAMES)}"
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
