"""Short labels for references: author-year ('Zhou et al., 2013') and narrative ('Zhou et al.').

Full reference text comes from the CSL style (:mod:`livingreview.refs.csl`)."""

from __future__ import annotations

from livingreview.refs.bibtex import Reference
from livingreview.refs.latex import latex_to_text


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
