#!/usr/bin/env python3
"""Thin command line for the living review generator: see `python build_site.py --help`."""

from livingreview.cli import main
from livingreview.runtime import leave

if __name__ == "__main__":
    leave(main())
