"""`segdsl lint`: semantic checks of segment files (docs/lint.md).

    from segdsl.lint import lint_module, LintConfig
    findings = lint_module(parse_file("segments.seg"), schema, LintConfig(ignore=("SEG010",)))

A module that does not type-check raises `SegdslError` (lint runs on checked programs only).
"""

from __future__ import annotations

from dataclasses import dataclass

from segdsl.diagnostics import SegdslError
from segdsl.lint.checks import Checks
from segdsl.lint.config import LintConfig, config_from_table
from segdsl.lint.findings import Edit, Finding, Fix, apply_fixes, sort_findings
from segdsl.lint.rules import BY_CODE, RULES, Rule, explain, find_rule
from segdsl.lint.suppressions import apply_suppressions
from segdsl.semantics.checker import check_module
from segdsl.semantics.ir import CheckedModule
from segdsl.semantics.schema import Schema
from segdsl.syntax.ast import Module
from segdsl.syntax.parser import normalize_line_ends, parse_module

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
