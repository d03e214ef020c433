"""Commands: build, check, serve, new-study, fields. Exit 0 = fine, 1 = problems in the input, 2 = usage.

The parser and the site commands are here; the commands that write content are in :mod:`cli_content`,
the network commands in :mod:`cli_online`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from livingreview import build, changes, cli_focus, config, diagnostics, runtime
from livingreview.content import fieldref, records


def cmd_build(args: argparse.Namespace) -> int:
    try:
        focus = cli_focus.focus(args)
    except changes.GitError as exc:
        return cli_focus.usage_problem(exc)
    root = Path(args.root).resolve()
    out = Path(args.out).resolve() if args.out else None
    outcome = build.build(root, out)
    code = cli_focus.report(outcome, "build", focus)
    if outcome.ok and outcome.site:
        figures = ", ".join(f"{k} {v:.2f}s" for k, v in outcome.timings.items())
        print(f"built {len(outcome.pages)} pages into {out or root / 'site'} ({figures})")
    else:
        print("build failed: the previous site was left as it was")
    return code


def cmd_check(args: argparse.Namespace) -> int:
    try:
        focus = cli_focus.focus(args)
    except changes.GitError as exc:
        return cli_focus.usage_problem(exc)
    outcome = build.check(Path(args.root).resolve())
    code = cli_focus.report(outcome, "check", focus)
    if outcome.site:
        site = outcome.site
        print(
            f"checked {len(site.studies)} studies, {len(site.diseases)} conditions, {len(site.topics)} topics, "
            f"{len(site.references)} references in {sum(outcome.timings.values()):.2f}s"
        )
    return code


def cmd_serve(args: argparse.Namespace) -> int:
    from livingreview import serve

    return serve.serve(Path(args.root).resolve(), args.address)


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
    print(fieldref.markdown(review), end="")
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


def _online(name: str) -> Callable[[argparse.Namespace], int]:
    """A network command, imported when it runs: its modules (requests, the registries) load only then."""

    def run(args: argparse.Namespace) -> int:
        from livingreview import cli_online

        command: Callable[[argparse.Namespace], int] = getattr(cli_online, name)
        return command(args)

    return run


def _content(name: str) -> Callable[[argparse.Namespace], int]:
    """A command that writes content, imported when it runs (``build`` and ``check`` never load it)."""

    def run(args: argparse.Namespace) -> int:
        from livingreview import cli_content

        command: Callable[[argparse.Namespace], int] = getattr(cli_content, name)
        return command(args)

    return run


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
    if review:
        from livingreview.cli_content import flag_of
    for name, spec in review.spec.asked() if review else ():
        ask_help = spec.ask.help if spec.ask else ""
        n.add_argument(flag_of(name), action="store" if spec.count == "one" else "append", help=ask_help or None)
    n.set_defaults(profile=review)
    n.add_argument("--reference", help="BibTeX key of the primary paper")
    n.add_argument(
        "--reported-in", action="append", help="REVIEWKEY:NUMBER (repeatable), or 'none' when no review describes it"
    )
    n.set_defaults(func=_content("cmd_new_study"))
    m = sub.add_parser("fmt", help="normalise references.bib and front matter (lossless, idempotent)")
    m.add_argument("--check", action="store_true", help="only report files that would change (exit 1 if any)")
    m.set_defaults(func=_content("cmd_fmt"))
    v = sub.add_parser("verify", help="what was checked; --online asks Crossref/NCBI and records their answers")
    v.add_argument("--online", action="store_true", help="ask the registries (needs network)")
    v.add_argument("--contact", help="contact e-mail sent to the registries (or LIVINGREVIEW_CONTACT)")
    v.add_argument("--keys", help="only these comma-separated BibTeX keys")
    v.add_argument("--timeout", type=float, default=20.0, help="seconds per request (default 20)")
    v.add_argument("--crossref-url", help=argparse.SUPPRESS)
    v.add_argument("--ncbi-url", help=argparse.SUPPRESS)
    v.add_argument("--ctgov-url", help=argparse.SUPPRESS)
    v.set_defaults(func=_online("cmd_verify"))
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
    pr.set_defaults(func=_online("cmd_propose"))
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
    lc.set_defaults(func=_online("cmd_linkcheck"))
    r = sub.add_parser("release", help="record an edition: editions/VERSION.json and CITATION.cff")
    r.add_argument("version", help="edition version, e.g. 2026.1")
    r.set_defaults(func=_content("cmd_release"))
    f = sub.add_parser("fields", help="print the field reference (Markdown) generated from the schemas")
    f.set_defaults(func=cmd_fields)
    return p


def main(argv: list[str] | None = None) -> int:
    runtime.tune_gc()
    argv = sys.argv[1:] if argv is None else argv
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--root", default=".")
    root = Path(pre.parse_known_args(argv)[0].root).resolve()
    # new-study's flags for the review's own fields need the profile's models: built only for it
    command_root = root if "new-study" in argv else None
    args = parser(command_root).parse_args(argv)
    if not getattr(args, "func", None):
        args = parser(command_root).parse_args([*argv, "build"])
    return int(args.func(args))
