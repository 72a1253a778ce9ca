"""Where a statement ends, at the prompt and in piped input: when it is complete, at a blank
line, or with `;`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from segdsl.diagnostics import SegdslError
from segdsl.syntax.lexicon import DEFINITION_KEYWORDS, open_string


def is_complete(text: str) -> bool:
    """Whether a statement can run: meta commands and blank input always; otherwise it parses,
    or fails somewhere other than at its very end (that error is worth showing now)."""
    stripped = text.strip()
    if not stripped or stripped.startswith(".") or stripped.endswith(";"):
        return True
    from segdsl.syntax.parser import parse_expression, parse_module

    first = stripped.split(None, 1)[0]
    # A definition or condition runs as soon as it parses; to continue it on the next line,
    # end the line where it cannot end (`and`, `=`, an open parenthesis).
    parse: Callable[[str, str], Any] = (
        parse_module if first in DEFINITION_KEYWORDS else parse_expression
    )
    try:
        parse(stripped, "<repl>")
    except SegdslError as error:
        ends = [d.span.end for d in error.diagnostics if d.span is not None]
        at_end = any(end >= len(stripped) for end in ends)
        return not (at_end or open_string(stripped) is not None)
    return True


def statements(lines: Iterable[str]) -> Iterator[str]:
    """Split piped input into statements the way the prompt does."""
    buffer: list[str] = []
    for line in lines:
        if not line.strip():
            if buffer:
                yield "\n".join(buffer)
                buffer = []
            continue
        buffer.append(line.rstrip("\n"))
        if is_complete("\n".join(buffer)):
            yield "\n".join(buffer)
            buffer = []
    if buffer:
        yield "\n".join(buffer)
