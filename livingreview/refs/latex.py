"""LaTeX in BibTeX values as the plain Unicode text readers see, never an exception.

A few steps run before pylatexenc: TeX quote ligatures become typographic quotes, ``\\mbox``-like
boxes keep their content, ``\\href{url}{text}`` keeps its text (pylatexenc raises ``IndexError`` on
it), and math sub- and superscripts become Unicode (``CO$_2$`` → CO₂, ``$^{18}$F`` → ¹⁸F). Values
pylatexenc cannot read (or braces nested too deep for it) fall back to the text with commands and
braces removed; :func:`decode` says so, so the loader can report it at the field's line.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexwalker import LatexWalkerError

_LATEX = LatexNodes2Text(math_mode="text", strict_latex_spaces=True)
MAX_DEPTH = 40
"""Braces nested deeper than this are not given to pylatexenc (it recurses once per level)."""

_SUB = str.maketrans("0123456789+-=()aeoxhklmnpst", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ")
_SUP = str.maketrans("0123456789+-=()in", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿ")
_SUB_CHARS = set("0123456789+-=()aeoxhklmnpst")
_SUP_CHARS = set("0123456789+-=()in")
_MATH = re.compile(r"(?<!\\)\$([^$]*)(?<!\\)\$")
_BOX = re.compile(r"\\(?:mbox|hbox|fbox|makebox|text|textrm|textup|textnormal|ensuremath)\s*(?=\{)")
_HREF = re.compile(r"\\href\s*\{[^{}]*\}\s*")
_URL = re.compile(r"\\(?:url|path|nolinkurl)\s*\{([^{}]*)\}")
_COMMAND = re.compile(r"\\([A-Za-z]+\*?|.)\s*")
_ESCAPED = re.compile(r"\\([_%&#$])")


_FONT = re.compile(r"\\(?:mathrm|mathit|mathbf|mathsf|mathcal|text|textrm|textit|rm|it|bf)\b\s*")
_MACRO_END = re.compile(r"(\\[A-Za-z]+)(?![A-Za-z{])")


def _group(text: str, start: int) -> tuple[str, int]:
    """The script body at ``start`` (a braced group, a macro or one character) and the index after it."""
    if start >= len(text):
        return "", start
    if text[start] == "{":
        depth = 0
        for i in range(start, len(text)):
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            if depth == 0:
                return text[start + 1 : i], i + 1
        return text[start + 1 :], len(text)
    if text[start] == "\\":
        macro = re.match(r"\\[A-Za-z]+|\\.", text[start:])
        end = start + (macro.end() if macro else 1)
        return text[start:end], end
    return text[start], start + 1


def _scripts(text: str) -> str:
    """``_x``/``^{..}`` in math as Unicode sub/superscripts when every character has one, else plain."""
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in "_^":
            body, i = _group(text, i + 1)
            body = _scripts(_FONT.sub("", body)).replace("{", "").replace("}", "")
            chars = _SUB_CHARS if char == "_" else _SUP_CHARS
            out.append(body.translate(_SUB if char == "_" else _SUP) if body and set(body) <= chars else body)
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _math(match: re.Match[str]) -> str:
    # a macro just before a space keeps the space: pylatexenc would take it as the macro's terminator
    return _MACRO_END.sub(r"\1{}", _scripts(match.group(1)))


def _prepare(value: str) -> str:
    text = value.replace("``", "“").replace("''", "”").replace(",,", "„")
    if "$" in text:
        text = _MATH.sub(_math, text)
    if "\\" in text:
        text = _HREF.sub("", _URL.sub(r"{\1}", _BOX.sub("", text)))
    return text


def _depth(text: str) -> int:
    deepest = level = 0
    for char in text:
        if char == "{":
            level += 1
            deepest = max(deepest, level)
        elif char == "}":
            level -= 1
    return deepest


def _plain(text: str) -> str:
    """Commands and braces removed: the fallback when pylatexenc cannot read a value."""
    text = _ESCAPED.sub(r"\1", text)
    text = _COMMAND.sub("", text).replace("{", "").replace("}", "").replace("~", " ")
    return " ".join(text.replace("---", "—").replace("--", "–").split())


@lru_cache(maxsize=100_000)
def decode(value: str) -> tuple[str, str]:
    """``(text, problem)``: the value as Unicode text, and why it fell back to plain text ('' if not)."""
    text = _prepare(value)
    if "\\" not in text and "$" not in text:
        # only grouping braces and ties: no need for the (slow) LaTeX parser
        plain = text.replace("{", "").replace("}", "").replace("~", " ")
        return " ".join(plain.replace("---", "—").replace("--", "–").split()), ""
    if _depth(text) > MAX_DEPTH:
        return _plain(text), f"braces nested more than {MAX_DEPTH} deep"
    try:
        return " ".join(_LATEX.latex_to_text(text).split()), ""
    except (IndexError, RecursionError, ValueError, KeyError, LatexWalkerError) as exc:
        return _plain(text), f"LaTeX the reader cannot read ({type(exc).__name__})"


def latex_to_text(value: str) -> str:
    """LaTeX markup as plain Unicode: accents, escapes, braces and simple math."""
    return decode(value)[0]


_LINK = re.compile(r"\\(?:href|url)\s*\{([^{}]+)\}")


def link_in(value: str) -> str:
    """The address of the first ``\\url{...}`` or ``\\href{...}{...}`` in a value ('' if none)."""
    found = _LINK.search(value)
    return unescape_identifier(found.group(1)) if found else ""


def unescape_identifier(value: str) -> str:
    """A DOI or URL as written in BibTeX without its TeX escapes: ``10.1000/a\\_b`` → ``10.1000/a_b``."""
    value = _URL.sub(r"\1", value.strip())
    return _ESCAPED.sub(r"\1", value).replace("{", "").replace("}", "").strip()
