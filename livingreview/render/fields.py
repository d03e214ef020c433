"""What renderers and the review's templates use to show the review's own fields, read from its profile.

The generator names no field of a review: the profile (``content/profile.yaml``) says which fields
exist, which vocabulary labels them, which entity kinds have pages and what counts as primary
evidence. :class:`Fields` holds that once per build; :meth:`Fields.at` binds it to one page, as the
``h`` that templates and the macros of ``templates/macros/`` call (links are relative to the page).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from livingreview import escape, indexes, urls
from livingreview.content import records
from livingreview.content.records import ReviewProfile
from livingreview.content.schema import Vocabularies
from livingreview.indexes import Kind
from livingreview.render.citations import Citations


class Fields:
    def __init__(self, profile: ReviewProfile | None, vocab: Vocabularies | None, cites: Citations) -> None:
        self.profile = profile
        self.vocab = vocab
        self.cites = cites
        self.kinds: Mapping[str, Kind] = indexes.by_key(profile)
        primary = profile.spec.primary_evidence if profile else None
        self._primary = (primary.field, primary.value) if primary else None
        self._labels: dict[str, dict[str, str]] = {}
        self._values: dict[tuple[int, str], tuple[Any, tuple[Any, ...]]] = {}

    def at(self, page: str) -> Helpers:
        return Helpers(self, page)

    def values(self, value: Any, path: str) -> list[Any]:
        """The values at a dotted field path, lists flattened, empty values left out (read once per build).

        Kept by the object's identity, with the object itself so that identity is never reused.
        """
        found = self._values.get((id(value), path))
        if found is None or found[0] is not value:
            found = self._values[(id(value), path)] = (value, tuple(records.values(value, path)))
        return list(found[1])

    def primary(self, record: Any) -> bool:
        """Whether the record is the review's primary evidence (every record, when the profile names none)."""
        if self._primary is None:
            return True
        field, value = self._primary
        return value in self.values(record, field)

    def vocabulary(self, name: str) -> list[str] | dict[str, str]:
        """A vocabulary's values (a list, or a mapping of slug to display name); empty when unknown."""
        found: list[str] | dict[str, str] = getattr(self.vocab, name, None) or [] if self.vocab else []
        return found

    def label(self, vocabulary: str | None, key: str) -> str:
        """The display name of ``key`` in a labelled vocabulary; the key itself otherwise."""
        if vocabulary is None:
            return key
        labels = self._labels.get(vocabulary)
        if labels is None:
            values = self.vocabulary(vocabulary)
            labels = self._labels[vocabulary] = dict(values) if isinstance(values, dict) else {}
        return labels.get(key, key)

    def vocabulary_of(self, path: str) -> str | None:
        spec = self.profile.spec.resolve(path) if self.profile else None
        return spec.vocabulary if spec else None

    def labels_at(self, record: Any, path: str) -> list[str]:
        """The values at a field path, each once, in record order, named by their vocabulary's labels."""
        vocabulary = self.vocabulary_of(path)
        return list(dict.fromkeys(self.label(vocabulary, str(v)) for v in self.values(record, path)))

    def entity_target(self, kind: str, name: str) -> str:
        """The output path of the page of the entity ``name`` of that kind."""
        return urls.entity(self.kinds[kind].folder, indexes.slugify(name))

    def entity_link(self, page: str, kind: str, name: str) -> Markup:
        return Markup(f"[{escape.md(name)}]({urls.relative(page, self.entity_target(kind, name))})")


class Helpers:
    """``h`` in templates: the helpers of :class:`Fields`, for one page."""

    __slots__ = ("_page", "fields")

    def __init__(self, fields: Fields, page: str) -> None:
        self.fields = fields
        self._page = page

    @property
    def page(self) -> str:
        """The page's output path."""
        return self._page

    def relative(self, target: str) -> Markup:
        """A link from this page to ``target`` (an output path)."""
        return Markup(urls.relative(self._page, target))

    def entity_link(self, kind: str, name: str) -> Markup:
        """``[name](…)`` to the page of the entity of that kind."""
        return self.fields.entity_link(self._page, kind, name)

    def label(self, vocabulary: str, key: str) -> str:
        return self.fields.label(vocabulary, key)

    def values(self, value: Any, path: str) -> list[Any]:
        """The values at a dotted field path, lists flattened, empty values left out."""
        return self.fields.values(value, path)

    def primary(self, record: Any) -> bool:
        return self.fields.primary(record)

    def cite(self, key: str | None) -> Markup:
        return self.fields.cites.cite(self._page, key)


__all__ = ["Fields", "Helpers"]
