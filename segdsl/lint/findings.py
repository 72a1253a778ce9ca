"""What the linter reports: one value per finding, rendered by `output` in every format."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ..diagnostics import Diagnostic, Severity, Span


@dataclass(frozen=True)
class Edit:
    """Replace the text in [start, end) of the file with `content`."""

    start: int
    end: int
    content: str


@dataclass(frozen=True)
class Fix:
    """A safe fix: applying its edits never changes which customers match."""

    message: str
    edits: tuple[Edit, ...]

    @property
    def start(self) -> int:
        return min(e.start for e in self.edits)

    @property
    def end(self) -> int:
        return max(e.end for e in self.edits)


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    span: Span
    severity: Severity
    hints: tuple[str, ...] = ()
    fix: Fix | None = None

    @property
    def path(self) -> str:
        return self.span.source.name

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

    def to_diagnostic(self) -> Diagnostic:
        return Diagnostic(self.code, self.message, self.span, self.severity, self.hints)

    def to_dict(self) -> dict[str, object]:
        from .rules import BY_CODE

        rule = BY_CODE.get(self.code)
        fix: dict[str, object] | None = None
        if self.fix is not None:
            source = self.span.source
            fix = {
                "message": self.fix.message,
                "applicability": "safe",
                "edits": [
                    {
                        "content": edit.content,
                        "location": _position(source.line_col(edit.start)),
                        "end_location": _position(source.line_col(edit.end)),
                    }
                    for edit in self.fix.edits
                ],
            }
        return {
            "code": self.code,
            "name": rule.name if rule else None,
            "severity": str(self.severity),
            "message": self.message,
            "filename": self.path,
            "location": {"row": self.span.line, "column": self.span.column},
            "end_location": {"row": self.span.end_line, "column": self.span.end_column},
            "hints": list(self.hints),
            "fix": fix,
        }


def _position(line_col: tuple[int, int]) -> dict[str, int]:
    return {"row": line_col[0], "column": line_col[1]}


def apply_fixes(text: str, fixes: Iterable[Fix]) -> tuple[str, int]:
    """Apply non-overlapping fixes (first come, first served); returns the new text and how
    many fixes were applied. Overlapping fixes wait for the next round."""
    chosen: list[Fix] = []
    for fix in sorted(fixes, key=lambda f: (f.start, f.end)):
        if any(_overlaps(fix, other) for other in chosen):
            continue
        chosen.append(fix)
    edits: list[Edit] = sorted(
        (e for f in chosen for e in f.edits), key=lambda e: (e.start, e.end), reverse=True
    )
    for edit in edits:
        text = text[: edit.start] + edit.content + text[edit.end :]
    return text, len(chosen)


def _overlaps(a: Fix, b: Fix) -> bool:
    return any(_edits_overlap(x, y) for x in a.edits for y in b.edits)


def _edits_overlap(x: Edit, y: Edit) -> bool:
    if x.start == x.end or y.start == y.end:
        # Insertions clash only with an edit strictly around the same point.
        point, other = (x, y) if x.start == x.end else (y, x)
        return other.start < point.start < other.end or (other.start == other.end == point.start)
    return x.start < y.end and y.start < x.end


def sort_findings(findings: Sequence[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.path, f.span.start, f.span.end, f.code, f.message))
