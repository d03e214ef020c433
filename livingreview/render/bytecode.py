"""Compiled templates kept between runs in ``.cache/jinja/``: each build otherwise compiles every template.

An entry is named by a hash of the template's name, its file and everything of the environment that
shapes the compiled code (Jinja and Python versions, syntax options, filters and tests); it holds the
checksum of the template's source, so an edited template is compiled again. A missing, damaged or
unwritable entry only costs a compile (the folder is safe to delete).
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from pathlib import Path
from types import CodeType

import jinja2
from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket

from livingreview.writer import write_atomic


def fingerprint(env: Environment) -> str:
    """What, besides a template's name, file and source, decides the code Jinja compiles it to."""
    calls = {
        kind: sorted((name, str(getattr(func, "jinja_pass_arg", None))) for name, func in found.items())
        for kind, found in (("filters", env.filters), ("tests", env.tests))
    }
    options = (
        jinja2.__version__,
        sys.version,
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        repr(env.autoescape),
        env.optimized,
        env.is_async,
        sorted(env.extensions),
        calls,
    )
    return hashlib.sha256(repr(options).encode()).hexdigest()


class DiskBytecode(BytecodeCache):
    """One file per template in ``folder``: the source's checksum, a newline, the marshalled code."""

    def __init__(self, folder: Path, salt: str) -> None:
        self.folder = folder
        self.salt = salt

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha256(repr((self.salt, name, filename)).encode()).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            data = (self.folder / f"{bucket.key}.code").read_bytes()
        except OSError:
            return
        checksum, _, body = data.partition(b"\n")
        if checksum != bucket.checksum.encode():
            return
        try:
            code = marshal.loads(body)
        except (EOFError, ValueError, TypeError):
            return
        if isinstance(code, CodeType):
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        data = bucket.checksum.encode() + b"\n" + marshal.dumps(bucket.code)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.folder / f"{bucket.key}.code", data)
        except OSError:
            return  # an unwritable cache costs the next run a compile, never the build


__all__ = ["DiskBytecode", "fingerprint"]
