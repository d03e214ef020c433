#!/usr/bin/env python3
"""Thin command line for the living review generator: see `python build_site.py --help`."""

from livingreview.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
