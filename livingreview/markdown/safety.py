"""Raw HTML and link targets in contributor Markdown: a documented allow-list, checked and enforced.

The check reports every disallowed tag, attribute or URL scheme with its line. The renderer also
passes every raw HTML fragment through nh3 (the Ammonia sanitizer) with the same allow-list, so a
fragment the check did not foresee still cannot carry script into the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

from livingreview.markdown.parse import code_lines, outline

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "a", "abbr", "b", "br", "caption", "cite", "code", "dd", "del", "details", "div", "dl", "dt", "em",
        "figcaption", "figure", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s",
        "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "u", "ul",
    }
)  # fmt: skip
"""Tags contributors may write as raw HTML (formatting, tables, figures; no script, style, form, iframe)."""

ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"title", "lang", "id", "class"}),
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "ol": frozenset({"start"}),
}
"""Attributes allowed per tag ('*' for every tag). Event handlers (on*) and style are never allowed."""

URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
"""Schemes a link may use; relative links are always allowed."""

_UNSAFE_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*)\s*:")
_MD_LINK_TARGET = re.compile(
    r"\]\(\s*<?([^)\s>]*)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?\s*$|<([a-zA-Z][a-zA-Z0-9+.\-]*:[^>\s]*)>"
)


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    message: str
    hint: str


def url_problem(url: str) -> str | None:
    """What is wrong with a link target, or None. Entities and control characters are decoded first."""
    import html as _html

    decoded = re.sub(r"[\x00-\x20]", "", _html.unescape(url))
    match = _UNSAFE_SCHEME.match(decoded)
    if match and match.group(1).lower() not in URL_SCHEMES:
        return f"link target '{url[:60]}' uses the scheme '{match.group(1).lower()}:'"
    return None


class _TagChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag not in ALLOWED_TAGS:
            self.found.append((line, f"raw HTML tag <{tag}> is not allowed"))
            return
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            if name not in allowed:
                self.found.append((line, f"attribute '{name}' on <{tag}> is not allowed"))
            elif name in ("href", "src") and value and (problem := url_problem(value)):
                self.found.append((line, problem))


def check(body: str, first_line: int) -> list[Problem]:
    """Every disallowed tag, attribute or link scheme in ``body`` (file-absolute lines)."""
    problems: list[Problem] = []
    tags = ", ".join(sorted(ALLOWED_TAGS))
    for offset, fragment in outline(body).html:
        if re.match(r"^\s*<!--.*-->\s*$", fragment, re.S):
            continue
        checker = _TagChecker()
        checker.feed(fragment)
        checker.close()
        for line, message in checker.found:
            problems.append(Problem(first_line + offset + line - 1, message, f"allowed tags: {tags}; no on* or style"))
    code = code_lines(body)
    for index, text in enumerate(body.split("\n")):
        if index in code or ("](" not in text and "]:" not in text and "<" not in text):
            continue  # (each alternative of the pattern needs one of these)
        for match in _MD_LINK_TARGET.finditer(text):
            target = next(g for g in match.groups() if g is not None)
            problem = url_problem(target)
            if problem:
                problems.append(Problem(first_line + index, problem, "links may be relative, http:, https: or mailto:"))
    return problems


def sanitize_html(fragment: str) -> str:
    """The allow-listed part of a raw HTML fragment (nh3/Ammonia)."""
    attributes = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
    return str(
        nh3.clean(
            fragment,
            tags=set(ALLOWED_TAGS),
            attributes=attributes,
            url_schemes=set(URL_SCHEMES),
            link_rel=None,
            strip_comments=False,
        )
    )


def sanitize(body: str) -> str:
    """``body`` with every raw HTML block passed through :func:`sanitize_html`; Markdown is untouched."""
    lines = body.split("\n")
    for start, end in reversed(outline(body).html_blocks):
        cleaned = sanitize_html("\n".join(lines[start:end]))
        lines[start:end] = cleaned.split("\n")
    return "\n".join(lines)
