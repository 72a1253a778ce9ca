"""`segdsl lint`: semantic checks of segment files (docs/lint.md).

    from segdsl.lint import lint_module, LintConfig
    findings = lint_module(parse_file("segments.seg"), schema, LintConfig(ignore=("SEG010",)))

A module that does not type-check raises `SegdslError` (lint runs on checked programs only).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..ast import Module
from ..checker import check_module
from ..diagnostics import SegdslError
from ..ir import CheckedModule
from ..schema import Schema
from ..syntax import normalize_line_ends, parse_module
from .checks import Checks
from .config import LintConfig, config_from_table
from .findings import Edit, Finding, Fix, apply_fixes, sort_findings
from .rules import BY_CODE, RULES, Rule, explain, find_rule
from .suppressions import apply_suppressions

__all__ = [
    "BY_CODE",
    "RULES",
    "Edit",
    "Finding",
    "Fix",
    "FixResult",
    "LintConfig",
    "Rule",
    "config_from_table",
    "explain",
    "find_rule",
    "fix_text",
    "lint_module",
    "lint_text",
    "write_atomic",
]


def lint_module(
    module: Module,
    schema: Schema,
    config: LintConfig | None = None,
    checked: CheckedModule | None = None,
) -> list[Finding]:
    """Every finding of the enabled rules that no inline comment suppresses, in file order.
    `checked`: the module, if its caller has already checked it."""
    config = config or LintConfig()
    checked = checked or check_module(module, schema)
    findings = [f for f in Checks(module, checked, schema, config).run() if config.enabled(f.code)]
    return sort_findings(apply_suppressions(module, findings, config))


def lint_text(
    text: str, name: str, schema: Schema, config: LintConfig | None = None
) -> list[Finding]:
    return lint_module(parse_module(text, name), schema, config)


@dataclass(frozen=True)
class FixResult:
    text: str
    fixed: int
    findings: list[Finding]


def fix_text(
    text: str, name: str, schema: Schema, config: LintConfig | None = None, rounds: int = 10
) -> FixResult:
    """Apply safe fixes until none is left (fixes that overlap wait for the next round). A
    round whose result would not parse or check is not applied. Line ends come back as `\n`
    (fixes point into the text as the parser reads it)."""
    text = normalize_line_ends(text)
    fixed = 0
    findings = lint_text(text, name, schema, config)
    for _ in range(rounds):
        fixes = [f.fix for f in findings if f.fix is not None]
        if not fixes:
            break
        candidate, applied = apply_fixes(text, fixes)
        try:
            after = lint_text(candidate, name, schema, config)
        except SegdslError:
            break
        text, findings, fixed = candidate, after, fixed + applied
    return FixResult(text, fixed, findings)


def write_atomic(path: Path, text: str) -> None:
    """Replace a file's content in one step (a temporary file renamed over it)."""
    folder = path.resolve().parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        with contextlib.suppress(OSError):
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
