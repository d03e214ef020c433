"""Problems found in the input, as values.

Every check returns a list of :class:`Diagnostic`; nothing is raised for bad input. The CLI prints
all of them, then one summary line, and exits once.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem: where it is, what it is, and how to fix it."""

    path: str
    line: int
    code: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = "" if self.is_error else "warning "
        text = f"{where}: {label}[{self.code}] {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def github_annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command (an annotation on the line)."""
        kind = "error" if self.is_error else "warning"
        body = self.message + (f" (hint: {self.hint})" if self.hint else "")
        line = f",line={self.line}" if self.line else ""
        return f"::{kind} file={_escape_property(self.path)}{line},title={self.code}::{_escape_data(body)}"


def error(path: str, line: int, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, code, message, hint, Severity.ERROR)


def warning(path: str, line: int, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, code, message, hint, Severity.WARNING)


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A hint naming the closest allowed value, or '' when nothing is close."""
    options = list(choices)
    lowered = {c.lower(): c for c in options}
    close = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    return f"did you mean '{lowered[close[0]]}'?" if close else ""


def summary(diagnostics: Iterable[Diagnostic]) -> str:
    items = list(diagnostics)
    errors = sum(1 for d in items if d.is_error)
    warnings = len(items) - errors
    return f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"


def report(diagnostics: Iterable[Diagnostic], *, github: bool = False) -> str:
    """All problems, sorted by file and line, then the summary line."""
    items = sorted(set(diagnostics))
    lines = [d.format() for d in items]
    if github:
        lines += [d.github_annotation() for d in items]
    lines.append(summary(items))
    return "\n".join(lines)


def job_summary(diagnostics: Iterable[Diagnostic], title: str) -> str:
    """Markdown for GitHub's job summary: every problem once, as a table."""
    items = sorted(set(diagnostics))
    lines = [f"### {title}: {summary(items)}", ""]
    if items:
        lines += ["| where | code | problem | hint |", "|---|---|---|---|"]
        for d in items:
            where = f"{d.path}:{d.line}" if d.line else d.path
            cells = [where, d.code, d.message, d.hint]
            lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
