"""Diagnostics are values: a code, a severity, a located message and hints.

Every pass (parser, schema loader, checker, compiler, linter) reports problems as `Diagnostic`
values; this module is the one place that renders them for people (CLI, REPL) and machines.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    """A named text that spans point into (a segment file, a schema file, a `-e` expression)."""

    name: str
    text: str

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        line = self.text.count("\n", 0, offset) + 1
        line_start = self.text.rfind("\n", 0, offset) + 1
        return line, offset - line_start + 1

    def line_text(self, line: int) -> str:
        lines = self.text.split("\n")
        return lines[line - 1] if 0 < line <= len(lines) else ""


@dataclass(frozen=True)
class Span:
    """Half-open character range [start, end) in a `Source`."""

    source: Source
    start: int
    end: int

    @property
    def line(self) -> int:
        return self.source.line_col(self.start)[0]

    @property
    def column(self) -> int:
        return self.source.line_col(self.start)[1]

    @property
    def end_line(self) -> int:
        return self.source.line_col(self.end)[0]

    @property
    def end_column(self) -> int:
        return self.source.line_col(self.end)[1]

    @property
    def text(self) -> str:
        return self.source.text[self.start : self.end]

    def cover(self, other: Span) -> Span:
        """The smallest span containing both (same source)."""
        return Span(self.source, min(self.start, other.start), max(self.end, other.end))


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    span: Span | None
    severity: Severity = Severity.ERROR
    hints: tuple[str, ...] = ()
    notes: tuple[tuple[str, Span], ...] = field(default=())

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict[str, object]:
        location: dict[str, object] | None = None
        if self.span is not None:
            location = {
                "file": self.span.source.name,
                "line": self.span.line,
                "column": self.span.column,
                "end_line": self.span.end_line,
                "end_column": self.span.end_column,
            }
        return {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "location": location,
            "hints": list(self.hints),
        }


class SegdslError(Exception):
    """Raised by the library API when input has errors; carries every diagnostic found."""

    def __init__(self, diagnostics: Sequence[Diagnostic]):
        self.diagnostics = tuple(diagnostics)
        super().__init__(render_all(self.diagnostics, color=False))


def raise_if_errors(diagnostics: Iterable[Diagnostic]) -> None:
    found = list(diagnostics)
    if any(d.is_error for d in found):
        raise SegdslError(found)


_COLORS = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFO: "\x1b[1;36m",
}
_BOLD, _BLUE, _RESET = "\x1b[1m", "\x1b[1;34m", "\x1b[0m"


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color else text


# Longest excerpt line shown; a longer line is cut around the caret (an input can be one line of
# a megabyte).
_EXCERPT_WIDTH = 100


def _excerpt(span: Span, color: bool, label: str = "") -> list[str]:
    """The source line(s) of a span with a caret run underneath, rustc/ruff style."""
    line_no = span.line
    text = span.source.line_text(line_no)
    start_col = span.column
    end_col = span.end_column if span.end_line == line_no else len(text) + 1
    if len(text) > _EXCERPT_WIDTH:
        first = max(0, start_col - 1 - _EXCERPT_WIDTH // 4)
        shown = text[first : first + _EXCERPT_WIDTH]
        before = "…" if first > 0 else ""
        text = before + shown + ("…" if first + _EXCERPT_WIDTH < len(text) else "")
        start_col += len(before) - first
        end_col = min(end_col + len(before) - first, len(before) + len(shown) + 1)
    width = max(1, end_col - start_col)
    gutter = " " * len(str(line_no))
    carets = " " * (start_col - 1) + "^" * width + (f" {label}" if label else "")
    return [
        f"{gutter} {_paint('|', _BLUE, color)}",
        f"{_paint(str(line_no), _BLUE, color)} {_paint('|', _BLUE, color)} {text}",
        f"{gutter} {_paint('|', _BLUE, color)} {_paint(carets, _COLORS[Severity.ERROR], color)}",
    ]


def render(diagnostic: Diagnostic, *, color: bool = False) -> str:
    """`file:line:col: error[E201]: message`, the source line with a caret, then hints."""
    head = f"{diagnostic.severity}[{diagnostic.code}]"
    head = _paint(head, _COLORS[diagnostic.severity], color)
    lines: list[str] = []
    if diagnostic.span is not None:
        span = diagnostic.span
        where = f"{span.source.name}:{span.line}:{span.column}"
        lines.append(f"{_paint(where, _BOLD, color)}: {head}: {diagnostic.message}")
        lines.extend(_excerpt(span, color))
    else:
        lines.append(f"{head}: {diagnostic.message}")
    for note, note_span in diagnostic.notes:
        where = f"{note_span.source.name}:{note_span.line}:{note_span.column}"
        lines.append(f"  = note: {note} ({where})")
    for hint in diagnostic.hints:
        lines.append(f"  = help: {hint}")
    return "\n".join(lines)


def render_all(diagnostics: Iterable[Diagnostic], *, color: bool = False) -> str:
    return "\n\n".join(render(d, color=color) for d in diagnostics)


class EngineError(Exception):
    """A failure talking to a database (or writing output), told in the user's terms. Here, not
    in segdsl/engines.py, so that the database check can raise it without importing engines."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint
