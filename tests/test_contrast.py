"""Every heat shade of the evidence map keeps its number readable: WCAG AA contrast (4.5:1) computed
from the colours in assets/stylesheets/extra.css (axe cannot see every shade on every build)."""

from __future__ import annotations

import re

from sitefactory import REPO

CSS = (REPO / "assets" / "stylesheets" / "extra.css").read_text(encoding="utf-8")


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_heat_shade_meets_wcag_aa_with_its_link_colour() -> None:
    shades = dict(re.findall(r"\.lr-heat-(\d) \{ background: (#[0-9a-f]{6}); \}", CSS))
    assert sorted(shades) == ["1", "2", "3", "4", "5"]
    link = re.search(r"\.md-typeset \.lr-heat a \{ color: (#[0-9a-f]{3,6}); \}", CSS)
    assert link is not None
    colour = link.group(1) if len(link.group(1)) == 7 else "#" + "".join(c * 2 for c in link.group(1)[1:])
    ratios = {n: round(contrast(colour, bg), 2) for n, bg in shades.items()}
    assert min(ratios.values()) >= 4.5, ratios


def test_the_formula_matches_known_pairs() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54
