"""Commands: build, check, serve, new-study, fields. Exit 0 = fine, 1 = problems in the input, 2 = usage."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from livingreview import build, citation, config, diagnostics, editions, fmt, linkcheck, runtime, scaffold, serve
from livingreview.content import fieldref
from livingreview.model import Site
from livingreview.refs import registry, verify


def _report(outcome: build.Outcome, command: str = "check") -> int:
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    print(diagnostics.report(outcome.diagnostics, github=github))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY", "")
    if github and summary_file:
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(diagnostics.job_summary(outcome.diagnostics, f"build_site.py {command}"))
    return 0 if outcome.ok else 1


def cmd_build(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    out = Path(args.out).resolve() if args.out else None
    outcome = build.build(root, out)
    code = _report(outcome, "build")
    if outcome.ok and outcome.site:
        figures = ", ".join(f"{k} {v:.2f}s" for k, v in outcome.timings.items())
        print(f"built {len(outcome.pages)} pages into {out or root / 'site'} ({figures})")
    else:
        print("build failed: the previous site was left as it was")
    return code


def cmd_check(args: argparse.Namespace) -> int:
    outcome = build.check(Path(args.root).resolve())
    code = _report(outcome)
    if outcome.site:
        site = outcome.site
        print(
            f"checked {len(site.studies)} studies, {len(site.diseases)} conditions, {len(site.topics)} topics, "
            f"{len(site.references)} references in {outcome.timings.get('check', 0):.2f}s"
        )
    return code


def cmd_serve(args: argparse.Namespace) -> int:
    return serve.serve(Path(args.root).resolve(), args.address)


def _ask(args: argparse.Namespace) -> None:
    """Prompt for what the flags left out, when a person is at the terminal."""
    prompts = (
        ("id", "Study id (<firstauthor>-<year>-<topic>)"),
        ("title", "Short title in your own words"),
        ("condition", "Condition slug(s), comma-separated"),
        ("reported_in", "Reported in (REVIEWKEY:NUMBER, comma-separated)"),
    )
    for name, question in prompts:
        if getattr(args, name):
            continue
        answer = input(f"{question}: ").strip()
        if name in ("condition", "reported_in"):
            setattr(args, name, [a.strip() for a in answer.split(",") if a.strip()])
        else:
            setattr(args, name, answer)


def cmd_new_study(args: argparse.Namespace) -> int:
    if sys.stdin.isatty() and not args.no_input:
        _ask(args)
    if not args.id or not args.title:
        print("new-study needs --id and --title (or run it in a terminal to be asked)", file=sys.stderr)
        return 2
    reviews = []
    for item in args.reported_in or []:
        review, sep, ref = item.partition(":")
        if not sep or not review or not ref:
            print(f"--reported-in wants REVIEWKEY:NUMBER, got '{item}'", file=sys.stderr)
            return 2
        reviews.append((review, ref))
    request = scaffold.StudyRequest(
        id=args.id,
        title=args.title,
        conditions=tuple(args.condition or ()),
        agent=args.agent,
        study_type=tuple(args.study_type or ()),
        reference=args.reference,
        reported_in=tuple(reviews),
    )
    path, problems = scaffold.new_study(Path(args.root).resolve(), request)
    if problems:
        print(diagnostics.report(problems))
        return 1
    print(f"created {path}; fill in the fields, then run: python build_site.py check")
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


def cmd_verify(args: argparse.Namespace) -> int:
    site = _loaded_site(args)
    if site is None:
        return 1
    if not args.online:
        print(_counts([site.status(ref.key) for ref in site.references]))
        print("(offline: this is the ledger as committed; add --online to ask Crossref and NCBI)")
        return 0
    contact = args.contact or os.environ.get("LIVINGREVIEW_CONTACT", "")
    if "@" not in contact:
        print("verify --online needs a contact address: --contact you@example.org (registries ask for one)")
        return 2
    default = registry.Endpoints()
    endpoints = registry.Endpoints(
        crossref=args.crossref_url or default.crossref,
        ncbi=args.ncbi_url or default.ncbi,
        ctgov=args.ctgov_url or default.ctgov,
    )
    client = registry.Client(contact=contact, endpoints=endpoints, timeout=args.timeout)
    keys = {k.strip() for k in args.keys.split(",")} if args.keys else None
    trials = [nct for table in site.tables for nct in table.nct_ids()]
    counts = verify.verify(client, site.references, site.config.ledger, keys, trials=[] if keys else trials)
    print(_counts([status for status, n in counts.items() for _ in range(n)]))
    print(f"ledger written: {site.config.rel(site.config.ledger)}")
    return 0


def cmd_linkcheck(args: argparse.Namespace) -> int:
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
    problems = linkcheck.run(
        site, checker, site.config.root / ".cache" / "linkcheck.json", report, max_age=args.max_age_days * 86400
    )
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    print(diagnostics.report(problems, github=github))
    print(f"report written: {site.config.rel(report)}")
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


def cmd_fields(args: argparse.Namespace) -> int:
    print(fieldref.markdown(), end="")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="build_site.py", description="Build the living review site.")
    p.add_argument("--root", default=".", help="project folder holding mkdocs.yml (default: .)")
    sub = p.add_subparsers(dest="command")
    b = sub.add_parser("build", help="check, render and build the site into site/ (default)")
    b.add_argument("--out", help="output folder (default: site/)")
    b.set_defaults(func=cmd_build)
    c = sub.add_parser("check", help="validate content and references only; writes nothing")
    c.set_defaults(func=cmd_check)
    s = sub.add_parser("serve", help="live preview that regenerates when content changes")
    s.add_argument("--address", default="127.0.0.1:8000", help="host:port (default 127.0.0.1:8000)")
    s.set_defaults(func=cmd_serve)
    n = sub.add_parser("new-study", help="scaffold content/studies/<id>.md")
    n.add_argument("--id", help="study id, e.g. zhou-2013-cisplatin-aki (asked for when missing)")
    n.add_argument("--title", help="short title in your own words (asked for when missing)")
    n.add_argument("--no-input", action="store_true", help="never prompt, even in a terminal")
    n.add_argument("--condition", action="append", help="condition slug (repeatable)")
    n.add_argument("--agent", default="msc-ev", help="what was given (vocabulary 'agents'; default msc-ev)")
    n.add_argument("--study-type", action="append", help="in vitro, animal or human (repeatable)")
    n.add_argument("--reference", help="BibTeX key of the primary paper")
    n.add_argument("--reported-in", action="append", help="REVIEWKEY:NUMBER (repeatable)")
    n.set_defaults(func=cmd_new_study)
    m = sub.add_parser("fmt", help="normalise references.bib and front matter (lossless, idempotent)")
    m.add_argument("--check", action="store_true", help="only report files that would change (exit 1 if any)")
    m.set_defaults(func=cmd_fmt)
    v = sub.add_parser("verify", help="verification status; --online asks Crossref/NCBI and updates the ledger")
    v.add_argument("--online", action="store_true", help="ask the registries (needs network)")
    v.add_argument("--contact", help="contact e-mail sent to the registries (or LIVINGREVIEW_CONTACT)")
    v.add_argument("--keys", help="only these comma-separated BibTeX keys")
    v.add_argument("--timeout", type=float, default=20.0, help="seconds per request (default 20)")
    v.add_argument("--crossref-url", help=argparse.SUPPRESS)
    v.add_argument("--ncbi-url", help=argparse.SUPPRESS)
    v.add_argument("--ctgov-url", help=argparse.SUPPRESS)
    v.set_defaults(func=cmd_verify)
    lc = sub.add_parser("linkcheck", help="external links; --online checks them and writes linkcheck-report.json")
    lc.add_argument("--online", action="store_true", help="check the links (needs network)")
    lc.add_argument("--contact", help="contact e-mail in the User-Agent (or LIVINGREVIEW_CONTACT)")
    lc.add_argument("--timeout", type=float, default=15.0, help="seconds per request (default 15)")
    lc.add_argument("--max-age-days", type=float, default=7.0, help="reuse good results younger than this")
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
    args = parser().parse_args(argv)
    if not getattr(args, "func", None):
        args = parser().parse_args([*argv, "build"])
    return int(args.func(args))
