"""Reference text for readers: a full entry (bibliography, hover) and a short label (author-year)."""

from __future__ import annotations

from livingreview.refs.bibtex import Reference, latex_to_text


def authors_text(ref: Reference, limit: int = 6) -> str:
    names = [a.short for a in ref.authors]
    if len(names) > limit or ref.others:
        return ", ".join(names[: min(limit, len(names))]) + ", et al."
    return ", ".join(names)


def full(ref: Reference) -> str:
    """Vancouver-like plain text: authors. Title. Journal. Year;Volume(Issue):Pages."""
    parts = []
    authors = authors_text(ref)
    if authors:
        parts.append(authors.rstrip(".") + ".")
    if ref.title:
        parts.append(ref.title.rstrip(".") + ".")
    elif ref.get("howpublished"):
        parts.append(latex_to_text(ref.get("howpublished")).rstrip(".") + ".")
    source = ref.journal
    if source:
        parts.append(source.rstrip(".") + ".")
    detail = ref.year
    volume, number, pages = ref.get("volume"), ref.get("number"), ref.get("pages").replace("--", "–")
    if volume:
        detail += f";{volume}"
        if number:
            detail += f"({number})"
    if pages:
        detail += f":{pages}"
    if detail:
        parts.append(detail + ".")
    return " ".join(parts)


def short(ref: Reference) -> str:
    """Author-year label: 'Zhou et al., 2013', 'Heo and Kim, 2018'."""
    if ref.get("shorthand"):
        return latex_to_text(ref.get("shorthand"))
    families = [a.family for a in ref.authors]
    if not families:
        name = ref.key
    elif len(families) == 1 and not ref.others:
        name = families[0]
    elif len(families) == 2 and not ref.others:
        name = f"{families[0]} and {families[1]}"
    else:
        name = f"{families[0]} et al."
    return f"{name}, {ref.year}" if ref.year else name


def narrative(ref: Reference) -> str:
    """Name for running text: 'Zhou et al.'."""
    return short(ref).rsplit(",", 1)[0] if ref.year else short(ref)
