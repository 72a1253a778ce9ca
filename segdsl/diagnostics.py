"""Diagnostics are values: a code, a severity, a located message and hints.

Every pass (parser, schema loader, checker, compiler, linter) reports problems as `Diagnostic`
values; this module is the one place that renders them for people (CLI, REPL) and machines.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from segdsl import errors


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

    def to_dict(self, file: str | None = None) -> dict[str, object]:
        """The one JSON form of a diagnostic (docs/schemas/diagnostic.json), for every command's
        `--format json` and the linter's; `file` names the file of a diagnostic without a
        position (an unreadable file). Lines and columns are 1-based; `end` is exclusive."""
        span = self.span
        return {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "file": span.source.name if span is not None else file,
            "start": None if span is None else {"line": span.line, "column": span.column},
            "end": None if span is None else {"line": span.end_line, "column": span.end_column},
            "hints": list(self.hints),
        }


def _typos_apart(a: str, b: str, limit: int) -> int:
    """How many typos turn `a` into `b`: letters added, dropped or changed, and two neighbours
    swapped (the optimal string alignment distance); past `limit`, any number above it."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        # A swap reaches back two rows, so only two rows past the limit settle it.
        if min(current) > limit and min(previous) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _abbreviates(name: str, candidate: str) -> bool:
    """Whether `name` is `candidate` with letters left out, its first kept (`cnt`, `descr`)."""
    rest = iter(candidate.lower())
    return name[:1].lower() == candidate[:1].lower() and all(c in rest for c in name.lower())


def close_names(name: str, candidates: Iterable[str]) -> list[str]:
    """The (at most three) candidates `name` looks like a misspelling of, closest first: the
    same word in other case, a word a typo away (two typos from 8 letters on, three from 12),
    or a word it abbreviates. A word that merely shares letters (`month` and `count`, `concat`
    and `count`, `female` and `email`) is not close."""
    allowed = max(1, len(name) // 4)
    scored: list[tuple[int, int, str]] = []
    for candidate in dict.fromkeys(candidates):
        if candidate.lower() == name.lower():
            if candidate != name:
                scored.append((0, 0, candidate))
        # Words of very different lengths are many typos apart: no need to count them.
        elif (
            abs(len(candidate) - len(name)) <= allowed
            and (typos := _typos_apart(name, candidate, allowed)) <= allowed
        ):
            scored.append((1, typos, candidate))
        elif len(name) >= 2 and _abbreviates(name, candidate):
            scored.append((2, 0, candidate))
    return [candidate for *_, candidate in sorted(scored)[:3]]


def did_you_mean(name: str, candidates: Iterable[str]) -> tuple[str, ...]:
    """A "did you mean …?" hint for a misspelt `name`, or no hint when nothing is close."""
    close = close_names(name, candidates)
    if not close:
        return ()
    return ("did you mean " + " or ".join(f"'{c}'" for c in close) + "?",)


class SegdslError(Exception):
    """Raised by the library API when input has errors; carries every diagnostic found."""

    def __init__(self, diagnostics: Sequence[Diagnostic]):
        self.diagnostics = tuple(diagnostics)
        super().__init__(render_all(self.diagnostics, color=False))


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
    in segdsl/runtime/engines/, so that the database check can raise it without importing
    engines."""

    def __init__(self, message: str, *, hint: str | None = None, code: str = errors.E608) -> None:
        super().__init__(message)
        self.hint = hint
        self.code = code

    @property
    def diagnostic(self) -> Diagnostic:
        """As the command line reports it: a diagnostic without a position."""
        return Diagnostic(self.code, str(self), None, hints=(self.hint,) if self.hint else ())
