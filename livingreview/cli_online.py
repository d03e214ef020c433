"""The network commands: verify, propose, linkcheck. Each reports what was recorded when offline and
asks the registries or the linked hosts with ``--online``."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from livingreview import build, changes, cli_focus, diagnostics, linkcheck, online
from livingreview.model import Site
from livingreview.refs import ledger, propose, registry, verify


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
    lines = None
    if args.online and (args.since or args.changed):
        root = Path(args.root).resolve()
        try:
            lines = changes.changed_lines(root, args.since or changes.default_branch(root))
        except changes.GitError as exc:
            return cli_focus.usage_problem(exc)
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
