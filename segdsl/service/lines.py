"""Character offsets ↔ 0-based lines and columns, for a text with its line ends as `\\n`."""

from __future__ import annotations

import bisect
import itertools

from segdsl.diagnostics import Span
from segdsl.service.values import Position, Range


class LineIndex:
    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = [0, *itertools.accumulate(len(line) + 1 for line in text.split("\n"))]
        self._starts.pop()

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        return Position(line, offset - self._starts[line])

    def range(self, start: int, end: int) -> Range:
        return Range(self.position(start), self.position(end))

    def offset(self, position: Position) -> int:
        """The offset of a position; a column past the end of its line is the line's end, a line
        past the last is the end of the text."""
        if position.line >= len(self._starts):
            return len(self.text)
        start = self._starts[max(0, position.line)]
        end = (
            self._starts[position.line + 1] - 1
            if position.line + 1 < len(self._starts)
            else len(self.text)
        )
        return min(start + max(0, position.column), end)


def span_range(span: Span) -> Range:
    """The range of a span in its own source (a schema file, say), without an index."""
    start = span.source.line_col(span.start)
    end = span.source.line_col(span.end)
    return Range(Position(start[0] - 1, start[1] - 1), Position(end[0] - 1, end[1] - 1))
