"""Inline suppressions: `# segdsl: ignore[SEG001, SEG003]` (or a bare `# segdsl: ignore`).

A suppression applies to findings that start on its own line; a suppression comment alone on
the line right before a definition applies to the whole definition. A suppression (or a code in
it) that suppresses nothing is itself reported (SEG012), with a fix that removes it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from segdsl.lint.config import LintConfig
from segdsl.lint.findings import Edit, Finding, Fix
from segdsl.lint.rules import BY_CODE
from segdsl.syntax import ast

_PATTERN = re.compile(r"segdsl:\s*ignore\b(?:\[(?P<codes>[^\]]*)\])?")
_WHOLE = re.compile(r"#\s*segdsl:\s*ignore\b(?:\[[^\]]*\])?\s*\Z")


@dataclass
class Suppression:
    comment: ast.Comment
    codes: tuple[str, ...] | None  # None: every code
    start: int  # the offsets it covers, [start, end)
    end: int
    line: int
    used: set[str] = field(default_factory=set)

    def covers(self, finding: Finding) -> bool:
        if self.end > self.start:
            return self.start <= finding.span.start < self.end
        return finding.span.line == self.line

    def suppresses(self, finding: Finding) -> bool:
        if not self.covers(finding):
            return False
        return self.codes is None or finding.code in self.codes


def parse_suppressions(module: ast.Module) -> list[Suppression]:
    out: list[Suppression] = []
    text = module.source.text
    starts = {d.span.line: d for d in module.definitions}
    for comment in module.comments:
        match = _PATTERN.search(comment.text)
        if match is None:
            continue
        raw = match.group("codes")
        codes = None if raw is None else tuple(c.strip().upper() for c in raw.split(",") if c)
        line = comment.span.line
        line_start = text.rfind("\n", 0, comment.span.start) + 1
        alone = not text[line_start : comment.span.start].strip()
        definition = starts.get(line + 1) if alone else None
        if definition is not None:
            out.append(
                Suppression(comment, codes, definition.span.start, definition.span.end, line)
            )
        else:
            out.append(Suppression(comment, codes, 0, 0, line))
    return out


def apply_suppressions(
    module: ast.Module, findings: Sequence[Finding], config: LintConfig
) -> list[Finding]:
    """The findings no comment suppresses, plus SEG012 for suppressions that did nothing."""
    suppressions = parse_suppressions(module)
    kept: list[Finding] = []
    for finding in findings:
        hit = [s for s in suppressions if s.suppresses(finding)]
        for suppression in hit:
            suppression.used.add(finding.code)
        if not hit:
            kept.append(finding)
    if config.enabled("SEG012"):
        kept.extend(_unused(module, suppressions, config))
    return kept


def _unused(
    module: ast.Module, suppressions: Sequence[Suppression], config: LintConfig
) -> list[Finding]:
    rule = BY_CODE["SEG012"]
    out: list[Finding] = []
    for suppression in suppressions:
        span = suppression.comment.span
        if suppression.codes is None:
            if not suppression.used:
                out.append(
                    Finding(
                        "SEG012",
                        "this suppression suppresses nothing",
                        span,
                        config.severity_of(rule),
                        fix=_rewrite(module, suppression, ()),
                    )
                )
            continue
        unknown = [c for c in suppression.codes if c not in BY_CODE]
        unused = [
            c
            for c in suppression.codes
            if c in BY_CODE and c not in suppression.used and config.enabled(c)
        ]
        if not unknown and not unused:
            continue
        keep = tuple(c for c in suppression.codes if c not in unknown and c not in unused)
        parts = []
        if unused:
            parts.append("unused " + ", ".join(unused))
        if unknown:
            parts.append("unknown " + ", ".join(unknown))
        out.append(
            Finding(
                "SEG012",
                "suppression with " + " and ".join(parts),
                span,
                config.severity_of(rule),
                fix=_rewrite(module, suppression, keep),
            )
        )
    return out


def _rewrite(module: ast.Module, suppression: Suppression, keep: tuple[str, ...]) -> Fix | None:
    comment = suppression.comment
    if not _WHOLE.match(comment.text):
        return None  # the comment says more than the suppression: leave it to the author
    if keep:
        return Fix(
            "remove the unused codes",
            (Edit(comment.span.start, comment.span.end, f"# segdsl: ignore[{', '.join(keep)}]"),),
        )
    text = module.source.text
    line_start = text.rfind("\n", 0, comment.span.start) + 1
    before = text[line_start : comment.span.start]
    if not before.strip():
        end = (
            comment.span.end + 1
            if text[comment.span.end : comment.span.end + 1] == "\n"
            else (comment.span.end)
        )
        return Fix("remove the suppression", (Edit(line_start, end, ""),))
    start = line_start + len(before.rstrip())
    return Fix("remove the suppression", (Edit(start, comment.span.end, ""),))
