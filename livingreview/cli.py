"""Commands: build, check, serve, new-study, fields. Exit 0 = fine, 1 = problems in the input, 2 = usage."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from livingreview import (
    build,
    changes,
    citation,
    config,
    diagnostics,
    editions,
    fmt,
    runtime,
    scaffold,
    serve,
)
from livingreview.content import fieldref, records
from livingreview.model import Site
from livingreview.refs import ledger

if TYPE_CHECKING:
    from livingreview.refs import registry


def _focus(args: argparse.Namespace) -> frozenset[str] | None:
    """The files the branch changed, for ``--changed`` / ``--since REF``; None means every file.

    Raises :class:`changes.GitError` when git cannot answer (a usage problem).
    """
    since = getattr(args, "since", None)
    if not since and not getattr(args, "changed", False):
        return None
    root = Path(args.root).resolve()
    return changes.changed_files(root, since or changes.default_branch(root))


def _report(outcome: build.Outcome, command: str = "check", focus: frozenset[str] | None = None) -> int:
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    print(diagnostics.report(outcome.diagnostics, github=github, focus=focus))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY", "")
    if github and summary_file:
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(diagnostics.job_summary(outcome.diagnostics, f"build_site.py {command}", focus))
    return 0 if outcome.ok else 1


def _usage_problem(exc: changes.GitError) -> int:
    print(f"--changed/--since: {exc}", file=sys.stderr)
    return 2


def cmd_build(args: argparse.Namespace) -> int:
    try:
        focus = _focus(args)
    except changes.GitError as exc:
        return _usage_problem(exc)
    root = Path(args.root).resolve()
    out = Path(args.out).resolve() if args.out else None
    outcome = build.build(root, out)
    code = _report(outcome, "build", focus)
    if outcome.ok and outcome.site:
        figures = ", ".join(f"{k} {v:.2f}s" for k, v in outcome.timings.items())
        print(f"built {len(outcome.pages)} pages into {out or root / 'site'} ({figures})")
    else:
        print("build failed: the previous site was left as it was")
    return code


def cmd_check(args: argparse.Namespace) -> int:
    try:
        focus = _focus(args)
    except changes.GitError as exc:
        return _usage_problem(exc)
    outcome = build.check(Path(args.root).resolve())
    code = _report(outcome, "check", focus)
    if outcome.site:
        site = outcome.site
        print(
            f"checked {len(site.studies)} studies, {len(site.diseases)} conditions, {len(site.topics)} topics, "
            f"{len(site.references)} references in {sum(outcome.timings.values()):.2f}s"
        )
    return code


def cmd_serve(args: argparse.Namespace) -> int:
    return serve.serve(Path(args.root).resolve(), args.address)


FLAGS = {"conditions": "condition", "reported_in": "reported-in"}
"""new-study's flags whose name is not the field's (other fields: ``--<name>``, ``_`` as ``-``)."""


def _flag(name: str) -> str:
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
                    flag = _flag(question.name)
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


def _loaded_site(args: argparse.Namespace) -> Site | None:
    """The checked site for the network commands (they work on any site that loads), or None."""
    outcome = build.check(Path(args.root).resolve())
    if outcome.site is None:
        print(diagnostics.report(outcome.diagnostics))
    return outcome.site


def _counts(values: list[str]) -> str:
    return ", ".join(f"{values.count(v)} {v}" for v in sorted(set(values))) or "nothing recorded yet"


def _ledger_problems(site: Site) -> bool:
    """Print the citation-checks file's own problems; True when there are any (nothing is then written)."""
    _, problems = ledger.load(site.config.ledger, site.config.rel(site.config.ledger))
    if problems:
        print(diagnostics.report(problems))
    return bool(problems)


def _client(args: argparse.Namespace) -> registry.Client | None:
    from livingreview.refs import registry  # the network commands' modules load only when used

    contact = args.contact or os.environ.get("LIVINGREVIEW_CONTACT", "")
    if "@" not in contact:
        print(f"{args.command} --online needs a contact address: --contact you@example.org (registries ask for one)")
        return None
    default = registry.Endpoints()
    endpoints = registry.Endpoints(
        crossref=args.crossref_url or default.crossref,
        ncbi=args.ncbi_url or default.ncbi,
        ctgov=getattr(args, "ctgov_url", None) or default.ctgov,
    )
    return registry.Client(
        contact=contact, endpoints=endpoints, timeout=args.timeout, command=f"{args.command} --online"
    )


def _status_counts(statuses: list[str]) -> str:
    return ", ".join(f"{n} {label.lower()}" for label, n in ledger.counts(statuses)) or "nothing recorded yet"


def cmd_verify(args: argparse.Namespace) -> int:
    from livingreview import online
    from livingreview.refs import verify

    site = _loaded_site(args)
    if site is None:
        return 1
    if not args.online:
        print(_status_counts([site.status(ref.key) for ref in site.references]))
        print("(offline: the citation checks as committed; add --online to ask Crossref and NCBI)")
        return 0
    client = _client(args)
    if client is None:
        return 2
    if _ledger_problems(site):
        return 1
    keys = {k.strip() for k in args.keys.split(",")} if args.keys else None
    trials = [nct for table in site.tables for nct in table.nct_ids()]
    try:
        counts = verify.verify(client, site.references, site.config.ledger, keys, trials=[] if keys else trials)
    except online.Unreachable as exc:
        print(exc, flush=True)
        return 1
    print(_status_counts([status for status, n in counts.items() for _ in range(n)]))
    print(f"citation checks written: {site.config.rel(site.config.ledger)}")
    return 0


def cmd_propose(args: argparse.Namespace) -> int:
    from livingreview import online
    from livingreview.refs import propose

    site = _loaded_site(args)
    if site is None:
        return 1
    path = site.config.root / propose.PROPOSALS
    if args.accept:
        if _ledger_problems(site):
            return 1
        problems, done = propose.accept(site, path, args.accept, args.candidate)
        print(diagnostics.report(problems))
        if not problems:
            print(done)
        return 1 if problems else 0
    if not args.online:
        print(propose.summary(path))
        print("(offline: the proposals as committed; add --online to ask Crossref and PubMed)")
        return 0
    client = _client(args)
    if client is None:
        return 2
    keys = {k.strip() for k in args.keys.split(",")} if args.keys else None
    try:
        proposals = propose.propose(client, site.references, keys)
    except online.Unreachable as exc:
        print(exc, flush=True)
        return 1
    propose.write(path, proposals, keep=propose.load(path) if keys else None)
    print(propose.summary(path))
    print(f"proposals written: {site.config.rel(path)}")
    return 0


def cmd_linkcheck(args: argparse.Namespace) -> int:
    from livingreview import linkcheck, online

    lines = None
    if args.online and (args.since or args.changed):
        root = Path(args.root).resolve()
        try:
            lines = changes.changed_lines(root, args.since or changes.default_branch(root))
        except changes.GitError as exc:
            return _usage_problem(exc)
    site = _loaded_site(args)
    if site is None:
        return 1
    report = site.config.root / "linkcheck-report.json"
    if not args.online:
        print(_counts([str(item.get("status", "?")) for item in site.links_report.get("links", {}).values()]))
        print("(offline: the committed report; add --online to check the links)")
        return 0
    checker = linkcheck.Checker(
        contact=args.contact or os.environ.get("LIVINGREVIEW_CONTACT", "unknown"), timeout=args.timeout
    )
    try:
        problems = linkcheck.run(
            site,
            checker,
            site.config.root / ".cache" / "linkcheck.json",
            report if lines is None else None,
            max_age=args.max_age_days * 86400,
            lines=lines,
        )
    except online.Unreachable as exc:
        print(exc, flush=True)
        return 1
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    print(diagnostics.report(problems, github=github))
    if lines is None:
        print(f"report written: {site.config.rel(report)}")
    else:
        print("only links on changed lines were checked; the report was left as it was")
    return 1 if any(p.is_error for p in problems) else 0


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


def _profile_of(root: Path) -> records.ReviewProfile | None:
    """The review's profile when it loads without problems (``check`` reports them otherwise)."""
    cfg, _ = config.load(root)
    return records.from_folder(cfg.content_dir) if cfg else None


def cmd_fields(args: argparse.Namespace) -> int:
    review = _profile_of(Path(args.root).resolve())
    if review is None:
        outcome = build.check(Path(args.root).resolve())
        print(diagnostics.report([d for d in outcome.diagnostics if d.path.endswith("profile.yaml")]))
        return 1
    print(fieldref.markdown(profile=review), end="")
    return 0


def _focus_options(command: argparse.ArgumentParser) -> None:
    group = command.add_mutually_exclusive_group()
    group.add_argument(
        "--changed",
        action="store_true",
        help="show warnings only for files changed since the merge base with origin/main (or main); errors always",
    )
    group.add_argument(
        "--since", metavar="REF", help="show warnings only for files changed since REF (a branch or commit)"
    )


def parser(root: Path | None = None) -> argparse.ArgumentParser:
    """The command line; ``new-study``'s flags for the review's own fields come from ``root``'s profile."""
    p = argparse.ArgumentParser(prog="build_site.py", description="Build the living review site.")
    p.add_argument("--root", default=".", help="project folder holding mkdocs.yml (default: .)")
    sub = p.add_subparsers(dest="command")
    b = sub.add_parser("build", help="check, render and build the site into site/ (default)")
    b.add_argument("--out", help="output folder (default: site/)")
    _focus_options(b)
    b.set_defaults(func=cmd_build)
    c = sub.add_parser("check", help="validate content and references only; writes nothing")
    _focus_options(c)
    c.set_defaults(func=cmd_check)
    s = sub.add_parser("serve", help="live preview that regenerates when content changes")
    s.add_argument("--address", default="127.0.0.1:8000", help="host:port (default 127.0.0.1:8000)")
    s.set_defaults(func=cmd_serve)
    n = sub.add_parser("new-study", help="scaffold content/studies/<id>.md")
    n.add_argument("--id", help="study id, e.g. zhou-2013-cisplatin-aki (asked for when missing)")
    n.add_argument("--title", help="short title in your own words (asked for when missing)")
    n.add_argument("--no-input", action="store_true", help="never prompt, even in a terminal")
    n.add_argument("--condition", action="append", help="condition slug (repeatable)")
    review = _profile_of(root) if root else None
    for name, spec in review.spec.asked() if review else ():
        ask_help = spec.ask.help if spec.ask else ""
        n.add_argument(_flag(name), action="store" if spec.count == "one" else "append", help=ask_help or None)
    n.set_defaults(profile=review)
    n.add_argument("--reference", help="BibTeX key of the primary paper")
    n.add_argument(
        "--reported-in", action="append", help="REVIEWKEY:NUMBER (repeatable), or 'none' when no review describes it"
    )
    n.set_defaults(func=cmd_new_study)
    m = sub.add_parser("fmt", help="normalise references.bib and front matter (lossless, idempotent)")
    m.add_argument("--check", action="store_true", help="only report files that would change (exit 1 if any)")
    m.set_defaults(func=cmd_fmt)
    v = sub.add_parser("verify", help="what was checked; --online asks Crossref/NCBI and records their answers")
    v.add_argument("--online", action="store_true", help="ask the registries (needs network)")
    v.add_argument("--contact", help="contact e-mail sent to the registries (or LIVINGREVIEW_CONTACT)")
    v.add_argument("--keys", help="only these comma-separated BibTeX keys")
    v.add_argument("--timeout", type=float, default=20.0, help="seconds per request (default 20)")
    v.add_argument("--crossref-url", help=argparse.SUPPRESS)
    v.add_argument("--ncbi-url", help=argparse.SUPPRESS)
    v.add_argument("--ctgov-url", help=argparse.SUPPRESS)
    v.set_defaults(func=cmd_verify)
    pr = sub.add_parser(
        "propose", help="DOI/PMID candidates for entries without one (--online), and --accept KEY to take one"
    )
    pr.add_argument("--online", action="store_true", help="ask Crossref and PubMed (needs network)")
    pr.add_argument("--contact", help="contact e-mail sent to the registries (or LIVINGREVIEW_CONTACT)")
    pr.add_argument("--keys", help="only these comma-separated BibTeX keys")
    pr.add_argument("--accept", metavar="KEY", help="write the proposed identifier into KEY's entry")
    pr.add_argument("--candidate", type=int, default=1, help="which candidate to accept (1 = best; default 1)")
    pr.add_argument("--timeout", type=float, default=20.0, help="seconds per request (default 20)")
    pr.add_argument("--crossref-url", help=argparse.SUPPRESS)
    pr.add_argument("--ncbi-url", help=argparse.SUPPRESS)
    pr.set_defaults(func=cmd_propose)
    lc = sub.add_parser("linkcheck", help="external links; --online checks them and writes linkcheck-report.json")
    lc.add_argument("--online", action="store_true", help="check the links (needs network)")
    lc.add_argument("--contact", help="contact e-mail in the User-Agent (or LIVINGREVIEW_CONTACT)")
    lc.add_argument("--timeout", type=float, default=15.0, help="seconds per request (default 15)")
    lc.add_argument("--max-age-days", type=float, default=7.0, help="reuse good results younger than this")
    lc_focus = lc.add_mutually_exclusive_group()
    lc_focus.add_argument(
        "--changed", action="store_true", help="only links on lines changed since the merge base with origin/main"
    )
    lc_focus.add_argument("--since", metavar="REF", help="only links on lines changed since REF (e.g. the PR's base)")
    lc.set_defaults(func=cmd_linkcheck)
    r = sub.add_parser("release", help="record an edition: editions/VERSION.json and CITATION.cff")
    r.add_argument("version", help="edition version, e.g. 2026.1")
    r.set_defaults(func=cmd_release)
    f = sub.add_parser("fields", help="print the field reference (Markdown) generated from the schemas")
    f.set_defaults(func=cmd_fields)
    return p


def main(argv: list[str] | None = None) -> int:
    runtime.tune_gc()
    argv = sys.argv[1:] if argv is None else argv
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--root", default=".")
    root = Path(pre.parse_known_args(argv)[0].root).resolve()
    args = parser(root).parse_args(argv)
    if not getattr(args, "func", None):
        args = parser(root).parse_args([*argv, "build"])
    return int(args.func(args))
