"""The commands that write content: new-study (flags or questions), fmt, release."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from livingreview import build, citation, config, diagnostics, editions, fmt, scaffold

FLAGS = {"conditions": "condition", "reported_in": "reported-in"}
"""new-study's flags whose name is not the field's (other fields: ``--<name>``, ``_`` as ``-``)."""


def flag_of(name: str) -> str:
    return "--" + FLAGS.get(name, name.replace("_", "-"))


def _ask(question: scaffold.Question, choices: scaffold.Choices) -> object | None:
    """Ask one question until the answer is valid; Enter leaves an optional value as a placeholder."""
    suffix = "" if question.required else f" (Enter: leave {scaffold.PLACEHOLDER})"
    while True:
        answer = input(f"{question.text}{suffix}: ").strip()
        if not answer:
            if question.required:
                print("  an answer is needed here")
                continue
            print(f"  left as {scaffold.PLACEHOLDER}: fill it in before check passes")
            return None
        try:
            return question.parse(answer, choices)
        except scaffold.Invalid as exc:
            print(f"  {exc}")


def _given(args: argparse.Namespace) -> dict[str, str | None]:
    """The flags as answers would be typed (repeatable flags joined by commas)."""

    def joined(values: list[str] | None) -> str | None:
        return ", ".join(values) if values else None

    given = {
        "id": args.id,
        "title": args.title,
        "conditions": joined(args.condition),
        "reference": args.reference,
        "reported_in": joined(args.reported_in),
    }
    for name, spec in args.profile.spec.asked() if args.profile else ():
        value = getattr(args, name, None)
        given[name] = value if spec.count == "one" else joined(value)
    return given


def cmd_new_study(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    interactive = sys.stdin.isatty() and not args.no_input
    given = _given(args)
    choices = scaffold.choices(root)
    answers = scaffold.Answers()
    usage: list[str] = []
    try:
        for question in scaffold.questions(choices.profile):
            raw = given.get(question.name)
            if raw is not None:
                if question.name == "id" and not interactive:
                    answers.values["id"] = raw  # checked when the file is written (E-SLUG, E-EXISTS)
                    continue
                try:
                    answers.values[question.name] = question.parse(raw, choices)
                    continue
                except scaffold.Invalid as exc:
                    flag = flag_of(question.name)
                    if not interactive:
                        usage.append(f"{flag}: {exc}")
                        continue
                    print(f"{flag}: {exc}")
            if interactive:
                value = _ask(question, choices)
                if value is not None:
                    answers.values[question.name] = value
    except (EOFError, KeyboardInterrupt):
        print("\nnew-study stopped; nothing was written", file=sys.stderr)
        return 2
    if not answers.values.get("id") or not answers.values.get("title"):
        usage.append("new-study needs --id and --title (or run it in a terminal to be asked)")
    if usage:
        print("\n".join(usage), file=sys.stderr)
        return 2
    request = answers.request()
    path, problems = scaffold.new_study(root, request, choices.profile)
    if problems:
        print(diagnostics.report(problems))
        return 1
    text = scaffold.render(request, choices.profile)
    left = len([line for line in text.splitlines() if scaffold.PLACEHOLDER in line and not line.startswith("#")])
    todo = f"replace the {left} {scaffold.PLACEHOLDER} placeholder(s) and " if left else ""
    print(f"created {path}; {todo}fill in the fields, then run: python build_site.py check")
    return 0


def cmd_fmt(args: argparse.Namespace) -> int:
    cfg, problems = config.load(Path(args.root).resolve())
    if cfg is None:
        print(diagnostics.report(problems))
        return 1
    result = fmt.run(cfg, write=not args.check)
    verb = "would reformat" if args.check else "reformatted"
    for rel in result.changed:
        print(f"{verb} {rel}")
    print(diagnostics.report(result.problems))
    print(f"{len(result.changed)} file(s) {verb}")
    if result.problems:
        return 1
    return 1 if args.check and result.changed else 0


def cmd_release(args: argparse.Namespace) -> int:
    """Record an edition: editions/VERSION.json and CITATION.cff, dated by SOURCE_DATE_EPOCH or the last commit."""
    root = Path(args.root).resolve()
    outcome = build.check(root)
    if not outcome.ok or outcome.site is None:
        print(diagnostics.report(outcome.diagnostics))
        print("release refused: fix the problems above first")
        return 1
    epoch = build.source_date_epoch(root)
    if epoch is None:
        print("release needs a date: commit the content first, or set SOURCE_DATE_EPOCH")
        return 1
    date = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d")
    site = outcome.site
    path, problems = editions.release(site, args.version, date)
    if path is None:
        print(diagnostics.report(problems))
        return 1
    found, _ = editions.load_all(site.config)
    latest = next(e for e in found if e.version == args.version)
    cff = citation.write_cff(site.config, latest)
    counts = latest.counts
    print(
        f"recorded edition {latest.version} ({latest.date}): {counts['studies']} studies, "
        f"{counts['conditions']} conditions, {counts['references']} references"
    )
    print(f"wrote {site.config.rel(path)} and {site.config.rel(cff)}; commit both")
    return 0
