"""One handler per identifier type, after manubot's ``cite/handlers``.

Each handler can ``inspect`` a value (return what is wrong with it, or None) and ``standardize``
it (the canonical form used to find duplicates and to build links). Nothing here touches the network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class Handler:
    """Base: a name, the BibTeX field it lives in, a pattern and a URL template."""

    name: ClassVar[str] = ""
    field: ClassVar[str] = ""
    pattern: ClassVar[re.Pattern[str]] = re.compile(r".+")
    url_template: ClassVar[str] = "{}"
    expectation: ClassVar[str] = ""

    def clean(self, value: str) -> str:
        return value.strip()

    def inspect(self, value: str) -> str | None:
        """None if ``value`` is well formed, else a sentence saying what is wrong."""
        if self.pattern.fullmatch(self.clean(value)):
            return None
        return f"'{value}' is not a valid {self.name}: {self.expectation}"

    def standardize(self, value: str) -> str:
        return self.clean(value)

    def url(self, value: str) -> str:
        return self.url_template.format(self.standardize(value))


@dataclass(frozen=True, slots=True)
class DOI(Handler):
    name = "DOI"
    field = "doi"
    pattern = re.compile(r"10\.\d{4,9}/\S+")
    url_template = "https://doi.org/{}"
    expectation = "a DOI starts with '10.', a registrant code of 4-9 digits, '/', then a suffix without spaces"
    _prefix = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)

    def clean(self, value: str) -> str:
        return self._prefix.sub("", value.strip())

    def standardize(self, value: str) -> str:
        return self.clean(value).lower()


@dataclass(frozen=True, slots=True)
class PMID(Handler):
    name = "PMID"
    field = "pmid"
    pattern = re.compile(r"[1-9]\d{0,8}")
    url_template = "https://pubmed.ncbi.nlm.nih.gov/{}/"
    expectation = "a PubMed id is a number of 1 to 9 digits without a leading zero"


@dataclass(frozen=True, slots=True)
class PMCID(Handler):
    name = "PMCID"
    field = "pmcid"
    pattern = re.compile(r"PMC\d{1,9}")
    url_template = "https://pmc.ncbi.nlm.nih.gov/articles/{}/"
    expectation = "a PubMed Central id is 'PMC' followed by digits, e.g. PMC6883709"

    def standardize(self, value: str) -> str:
        return self.clean(value).upper()


@dataclass(frozen=True, slots=True)
class NCT(Handler):
    name = "NCT id"
    field = "nct"
    pattern = re.compile(r"NCT\d{8}")
    url_template = "https://clinicaltrials.gov/study/{}"
    expectation = "a ClinicalTrials.gov id is 'NCT' followed by exactly 8 digits, e.g. NCT02138331"

    def standardize(self, value: str) -> str:
        return self.clean(value).upper()


@dataclass(frozen=True, slots=True)
class ISBN(Handler):
    name = "ISBN"
    field = "isbn"
    expectation = "an ISBN has 10 or 13 digits (the last of an ISBN-10 may be X) with a valid check digit"
    url_template = "https://openlibrary.org/isbn/{}"

    def clean(self, value: str) -> str:
        return re.sub(r"[\s-]", "", value.strip()).upper()

    def inspect(self, value: str) -> str | None:
        digits = self.clean(value)
        if _isbn_ok(digits):
            return None
        return f"'{value}' is not a valid {self.name}: {self.expectation}"


def _isbn_ok(digits: str) -> bool:
    if re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        return total % 11 == 0
    if re.fullmatch(r"\d{13}", digits):
        total = sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(digits))
        return total % 10 == 0
    return False


HANDLERS: tuple[Handler, ...] = (DOI(), PMID(), PMCID(), NCT(), ISBN())
BY_FIELD: dict[str, Handler] = {h.field: h for h in HANDLERS}
