"""Findings for people (text) and machines (JSON, SARIF 2.1.0, GitHub annotations)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from segdsl.diagnostics import Diagnostic, Severity, Span, render
from segdsl.lint.findings import FileError, Finding
from segdsl.lint.rules import BY_CODE, RULES, explain

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


def summary(findings: Sequence[Finding], fixed: int = 0, errors: Sequence[FileError] = ()) -> str:
    """One line; "All checks passed!" only when every file was checked and nothing was found."""
    parts = []
    if fixed:
        parts.append(f"Fixed {fixed} finding{'s' * (fixed != 1)}.")
    if findings:
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
    if errors:
        files, count = len({e.path for e in errors}), len(errors)
        parts.append(
            f"{files} file{'s' * (files != 1)} could not be checked "
            f"({count} error{'s' * (count != 1)})."
        )
    if not findings and not errors:
        parts.append("All checks passed!")
    return " ".join(parts)


def render_json(findings: Sequence[Finding], errors: Sequence[FileError] = ()) -> str:
    """A list of diagnostics in their one JSON form (`Diagnostic.to_dict`), with the rule's
    `name` and the `fix` (null for the errors of files that could not be checked)."""
    records = [_finding_record(f) for f in findings]
    records += [{**e.diagnostic.to_dict(e.path), "name": None, "fix": None} for e in errors]
    return json.dumps(records, indent=2, ensure_ascii=False)


def _finding_record(finding: Finding) -> dict[str, object]:
    rule = BY_CODE.get(finding.code)
    fix: dict[str, object] | None = None
    if finding.fix is not None:
        source = finding.span.source
        fix = {
            "message": finding.fix.message,
            "applicability": "safe",
            "edits": [
                {
                    "content": edit.content,
                    "start": _position(source.line_col(edit.start)),
                    "end": _position(source.line_col(edit.end)),
                }
                for edit in finding.fix.edits
            ],
        }
    return {
        **finding.to_diagnostic().to_dict(),
        "name": rule.name if rule else None,
        "fix": fix,
    }


def _position(line_col: tuple[int, int]) -> dict[str, int]:
    return {"line": line_col[0], "column": line_col[1]}


def _uri(name: str) -> str:
    path = Path(name)
    try:
        path = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path.resolve().as_uri() if path.is_absolute() else path.as_posix()
    return path.as_posix()


def _region(span: Span, start: int, end: int) -> dict[str, int]:
    source = span.source
    start_line, start_col = source.line_col(start)
    end_line, end_col = source.line_col(end)
    return {
        "startLine": start_line,
        "startColumn": start_col,
        "endLine": end_line,
        "endColumn": end_col,
    }


def sarif_log(
    findings: Sequence[Finding], version: str, errors: Sequence[FileError] = ()
) -> dict[str, object]:
    """Errors are results too (level error, `ruleId` their E-code, no rule entry)."""
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
                        "region": _region(finding.span, finding.span.start, finding.span.end),
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
                                    "deletedRegion": _region(finding.span, edit.start, edit.end),
                                    "insertedContent": {"text": edit.content},
                                }
                                for edit in finding.fix.edits
                            ],
                        }
                    ],
                }
            ]
        results.append(result)
    for error in errors:
        span = error.span
        location: dict[str, object] = {"artifactLocation": {"uri": _uri(error.path)}}
        if span is not None:
            location["region"] = _region(span, span.start, span.end)
        diagnostic = error.diagnostic
        results.append(
            {
                "ruleId": diagnostic.code,
                "level": _SARIF_LEVEL[diagnostic.severity],
                "message": {"text": " ".join([diagnostic.message, *diagnostic.hints])},
                "locations": [{"physicalLocation": location}],
            }
        )
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


def render_sarif(
    findings: Sequence[Finding], version: str, errors: Sequence[FileError] = ()
) -> str:
    return json.dumps(sarif_log(findings, version, errors), indent=2, ensure_ascii=False)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: Sequence[Finding], errors: Sequence[FileError] = ()) -> str:
    """GitHub Actions workflow commands: `::warning file=…,line=…,col=…,title=CODE::message`."""
    located = [(f.to_diagnostic(), f.path) for f in findings]
    located += [(e.diagnostic, e.path) for e in errors]
    return "\n".join(_annotation(diagnostic, path) for diagnostic, path in located)


def _annotation(diagnostic: Diagnostic, path: str) -> str:
    span = diagnostic.span
    properties = [f"file={_escape_property(span.source.name if span else path)}"]
    if span is not None:
        properties += [
            f"line={span.line}",
            f"col={span.column}",
            f"endLine={span.end_line}",
            f"endColumn={span.end_column}",
        ]
    properties.append(f"title={diagnostic.code}")
    text = _escape_data(f"{diagnostic.code} {diagnostic.message}")
    return f"::{_GITHUB_LEVEL[diagnostic.severity]} {','.join(properties)}::{text}"
