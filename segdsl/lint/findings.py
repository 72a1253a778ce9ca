"""What the linter reports: one value per finding, rendered by `output` in every format."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from segdsl.diagnostics import Diagnostic, Severity, Span


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

    def to_diagnostic(self) -> Diagnostic:
        return Diagnostic(self.code, self.message, self.span, self.severity, self.hints)


@dataclass(frozen=True)
class FileError:
    """A file lint could not check (unreadable, or it does not parse or type-check). It is
    reported with the findings, so a file with errors never reads as having passed."""

    path: str
    diagnostic: Diagnostic

    @property
    def span(self) -> Span | None:
        return self.diagnostic.span


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
