"""Findings for people (text) and machines (JSON, SARIF 2.1.0, GitHub annotations)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from ..diagnostics import Severity, render
from .findings import Finding
from .rules import RULES, explain

FORMATS = ("text", "json", "sarif", "github")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render_text(findings: Sequence[Finding], *, color: bool = False) -> str:
    """`path:line:col: CODE message`, the source line with a caret under the span, hints."""
    blocks = []
    for finding in findings:
        span = finding.span
        marker = " [*]" if finding.fix is not None else ""
        head = f"{span.source.name}:{span.line}:{span.column}: {finding.code}{marker} "
        head += finding.message
        rest = render(finding.to_diagnostic(), color=color).split("\n")[1:]
        blocks.append("\n".join([head, *rest]))
    return "\n\n".join(blocks)


def summary(findings: Sequence[Finding], fixed: int = 0) -> str:
    parts = []
    if fixed:
        parts.append(f"Fixed {fixed} finding{'s' * (fixed != 1)}.")
    if not findings:
        parts.append("All checks passed!")
        return " ".join(parts)
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    detail = ", ".join(
        f"{n} {s.value}{'s' * (n != 1) if s is not Severity.INFO else ''}"
        for s, n in counts.items()
        if n
    )
    total = len(findings)
    parts.append(f"Found {total} finding{'s' * (total != 1)} ({detail}).")
    fixable = sum(1 for f in findings if f.fix is not None)
    if fixable:
        parts.append(f"{fixable} fixable with --fix.")
    return " ".join(parts)


def render_json(findings: Sequence[Finding]) -> str:
    return json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False)


def _uri(name: str) -> str:
    path = Path(name)
    try:
        path = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path.resolve().as_uri() if path.is_absolute() else path.as_posix()
    return path.as_posix()


def _region(finding: Finding, start: int, end: int) -> dict[str, int]:
    source = finding.span.source
    start_line, start_col = source.line_col(start)
    end_line, end_col = source.line_col(end)
    return {
        "startLine": start_line,
        "startColumn": start_col,
        "endLine": end_line,
        "endColumn": end_col,
    }


def sarif_log(findings: Sequence[Finding], version: str) -> dict[str, object]:
    index = {rule.code: i for i, rule in enumerate(RULES)}
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.why},
            "help": {"text": explain(rule)},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
            "properties": {"fixable": rule.fixable},
        }
        for rule in RULES
    ]
    results: list[dict[str, object]] = []
    for finding in findings:
        uri = _uri(finding.path)
        result: dict[str, object] = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": _SARIF_LEVEL[finding.severity],
            "message": {"text": " ".join([finding.message, *finding.hints])},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": _region(finding, finding.span.start, finding.span.end),
                    }
                }
            ],
        }
        if finding.fix is not None:
            result["fixes"] = [
                {
                    "description": {"text": finding.fix.message},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": uri},
                            "replacements": [
                                {
                                    "deletedRegion": _region(finding, edit.start, edit.end),
                                    "insertedContent": {"text": edit.content},
                                }
                                for edit in finding.fix.edits
                            ],
                        }
                    ],
                }
            ]
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "segdsl",
                        "version": version,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render_sarif(findings: Sequence[Finding], version: str) -> str:
    return json.dumps(sarif_log(findings, version), indent=2, ensure_ascii=False)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands: `::warning file=…,line=…,col=…,title=CODE::message`."""
    lines = []
    for finding in findings:
        span = finding.span
        properties = ",".join(
            [
                f"file={_escape_property(span.source.name)}",
                f"line={span.line}",
                f"col={span.column}",
                f"endLine={span.end_line}",
                f"endColumn={span.end_column}",
                f"title={finding.code}",
            ]
        )
        message = _escape_data(f"{finding.code} {finding.message}")
        lines.append(f"::{_GITHUB_LEVEL[finding.severity]} {properties}::{message}")
    return "\n".join(lines)
