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


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The allowed value closest to ``value`` (case-insensitive), or None when nothing is close."""
    lowered = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A hint naming the closest allowed value, or '' when nothing is close."""
    found = closest(value, choices)
    return f"did you mean '{found}'?" if found else ""


ANNOTATIONS_PER_KIND = 10
"""GitHub shows at most this many annotations of one kind (error, warning) per step."""


def summary(diagnostics: Iterable[Diagnostic], hidden: int = 0) -> str:
    items = list(diagnostics)
    errors = sum(1 for d in items if d.is_error)
    warnings = len(items) - errors
    text = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    if hidden:
        text += f" ({hidden} warning{'s' if hidden != 1 else ''} in unchanged files not shown)"
    return text


def focused(diagnostics: Iterable[Diagnostic], focus: frozenset[str] | None) -> tuple[list[Diagnostic], int]:
    """Sorted problems to show, and how many were left out: warnings outside ``focus`` (errors always show)."""
    items = sorted(set(diagnostics))
    if focus is None:
        return items, 0
    shown = [d for d in items if d.is_error or d.path in focus]
    return shown, len(items) - len(shown)


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' if n != 1 else ''}"


def github_annotations(
    diagnostics: Iterable[Diagnostic], focus: frozenset[str] | None = None, hidden: int = 0
) -> list[str]:
    """Workflow commands for GitHub: the first few of each kind, the branch's own first, then one notice.

    GitHub shows only :data:`ANNOTATIONS_PER_KIND` annotations of each kind per step, so problems in
    files the branch changed come first (errors before warnings) and the rest are counted once,
    together with the ``hidden`` warnings in unchanged files.
    """
    items = sorted(set(diagnostics), key=lambda d: (focus is not None and d.path not in focus, not d.is_error, d))
    errors = [d for d in items if d.is_error]
    warnings = [d for d in items if not d.is_error]
    lines = [d.github_annotation() for d in errors[:ANNOTATIONS_PER_KIND] + warnings[:ANNOTATIONS_PER_KIND]]
    more_errors = max(0, len(errors) - ANNOTATIONS_PER_KIND)
    more_warnings = max(0, len(warnings) - ANNOTATIONS_PER_KIND)
    parts = []
    if more_errors or more_warnings:
        parts.append(
            f"{_count(more_errors, 'more error')} and {_count(more_warnings, 'more warning')} are in the log "
            f"and the job summary, not annotated (GitHub shows {ANNOTATIONS_PER_KIND} of each kind)"
        )
    if hidden:
        parts.append(f"{_count(hidden, 'warning')} in unchanged files not shown")
    if parts:
        lines.append(f"::notice title=Not annotated::{_escape_data('; '.join(parts))}")
    return lines


def report(diagnostics: Iterable[Diagnostic], *, github: bool = False, focus: frozenset[str] | None = None) -> str:
    """All problems, sorted by file and line, then the summary line.

    With ``focus`` (the files a branch changed), warnings in other files are left out and counted.
    """
    items, hidden = focused(diagnostics, focus)
    lines = [d.format() for d in items]
    if github:
        lines += github_annotations(items, focus, hidden)
    lines.append(summary(items, hidden))
    return "\n".join(lines)


def job_summary(diagnostics: Iterable[Diagnostic], title: str, focus: frozenset[str] | None = None) -> str:
    """Markdown for GitHub's job summary: every problem shown once, as a table."""
    items, hidden = focused(diagnostics, focus)
    lines = [f"### {title}: {summary(items, hidden)}", ""]
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
