"""The parser's view of the text before the cursor: Lark's interactive LALR parser is fed the
tokens up to the cursor; what it accepts next, and the unreduced tokens and subtrees on its
stack (the open call, the operand of an unfinished comparison, the list being written), tell
completion and signature help where the cursor stands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lark import Token, Tree
from lark.exceptions import UnexpectedInput

from segdsl.diagnostics import SegdslError
from segdsl.syntax.lexicon import FUNCTIONS, STREAM_AGGREGATES
from segdsl.syntax.parser import interactive_parser, parse_expression


@dataclass(frozen=True)
class Prefix:
    """The parser after the text before the cursor: `accepts` are the terminals it takes next,
    `stack` its unreduced tokens and trees (positions relative to the text it was fed)."""

    accepts: frozenset[str]
    stack: tuple[Token | Tree[Token], ...]

    def top(self, depth: int = 1) -> Token | Tree[Token] | None:
        return self.stack[-depth] if len(self.stack) >= depth else None

    def top_is(self, *types: str, depth: int = 1) -> bool:
        item = self.top(depth)
        return isinstance(item, Token) and item.type in types

    def open_call(self) -> int | None:
        """The index on the stack of the `(` of the innermost call not yet closed."""
        for index in range(len(self.stack) - 1, 0, -1):
            item, before = self.stack[index], self.stack[index - 1]
            if (
                isinstance(item, Token)
                and item.type == "LPAR"
                and isinstance(before, Token)
                and before.type in ("NAME", "LAST")  # `last(orders.category)`
                and str(before) in FUNCTIONS
            ):
                return index
        return None

    def where_of_open_aggregate(self) -> Token | Tree[Token] | None:
        """The argument of the innermost aggregate whose `where` filter the cursor is in, or
        the stream of the part of a sequence whose filter it is in (`web where …`)."""
        for index in range(len(self.stack) - 1, 0, -1):
            item = self.stack[index]
            if isinstance(item, Token) and item.type == "_WHERE":
                stream = self.stack[index - 1]
                if self._is_aggregate_call(index - 2) or (
                    isinstance(stream, Token) and stream.type == "NAME"
                ):
                    return stream
                return None
        return None

    def in_positive_sequence(self) -> bool:
        """Whether the cursor is after the `then` of a sequence without `no` (`… then orders`),
        which takes a window and never `since` (an error, E282)."""
        for index in range(len(self.stack) - 1, -1, -1):
            item = self.stack[index]
            if isinstance(item, Token) and item.type == "_THEN":
                after = self.stack[index + 1] if index + 1 < len(self.stack) else None
                return not (isinstance(after, Token) and after.type == "NO")
        return False

    def aggregate_argument_expected(self) -> str | None:
        """The aggregate whose first argument comes next (`count(`), if any."""
        if self.top_is("LPAR") and self._is_aggregate_call(len(self.stack) - 1):
            return str(self.stack[-2])
        return None

    def _is_aggregate_call(self, lpar: int) -> bool:
        if lpar < 1:
            return False
        item, before = self.stack[lpar], self.stack[lpar - 1]
        return (
            isinstance(item, Token)
            and item.type == "LPAR"
            and isinstance(before, Token)
            and str(before) in STREAM_AGGREGATES
        )

    def compared_operand(self) -> Token | Tree[Token] | None:
        """The left side of the comparison, `between` or `+`/`-` the cursor completes."""
        if self.top_is("COMPARE_OP", "_BETWEEN", "PLUS", "MINUS", "_CONTAINS"):
            return self.top(2)
        if self.top_is("_WITH") and self.top_is("_STARTS", "_ENDS", depth=2):
            return self.top(3)
        if self.top_is("_AND") and self.top_is("_BETWEEN", depth=3):
            return self.top(4)
        return None

    def collection_operand(self) -> Token | Tree[Token] | None:
        """The operand of `in` when the cursor is right after `in` (a collection comes next)."""
        if self.top_is("_IN"):
            below = self.top(3) if self.top_is("NOT", depth=2) else self.top(2)
            return below
        return None

    def list_operand(self) -> tuple[Token | Tree[Token], list[str]] | None:
        """The operand of `in [` when the cursor is inside the list, and the strings listed."""
        listed: list[str] = []
        for index in range(len(self.stack) - 1, 1, -1):
            item = self.stack[index]
            if isinstance(item, Token):
                if item.type == "LSQB":
                    return self._list_after_in(index, listed)
                if item.type not in ("COMMA", "STRING"):
                    return None
                if item.type == "STRING":
                    listed.append(str(item))
            else:
                listed += [str(t) for t in item.scan_values(_is_string)]
        return None

    def _list_after_in(
        self, lsqb: int, listed: list[str]
    ) -> tuple[Token | Tree[Token], list[str]] | None:
        if lsqb >= 2 and isinstance(self.stack[lsqb - 1], Token):
            keyword = self.stack[lsqb - 1]
            if isinstance(keyword, Token) and keyword.type == "_IN":
                operand_index = lsqb - 3 if self._is_not(lsqb - 2) else lsqb - 2
                if operand_index >= 0:
                    return self.stack[operand_index], listed
        return None

    def _is_not(self, index: int) -> bool:
        item = self.stack[index]
        return isinstance(item, Token) and item.type == "NOT"

    def definition_name(self) -> str | None:
        """The name of the definition being written (`segment NAME = …`)."""
        if len(self.stack) < 2:
            return None
        keyword, name = self.stack[0], self.stack[1]
        is_definition = isinstance(keyword, Token) and keyword.type in ("SEGMENT", "PARTITION")
        return str(name) if is_definition and isinstance(name, Token) else None


def _is_string(value: object) -> bool:
    return isinstance(value, Token) and value.type == "STRING"


def feed(text: str, start: str) -> Prefix | None:
    """The parser after `text`, or None when `text` has a syntax error."""
    interactive = interactive_parser(start).parse_interactive(text)
    try:
        interactive.exhaust_lexer()
    except UnexpectedInput:
        return None
    state = interactive.parser_state
    accepts: set[str] = interactive.accepts()  # type: ignore[no-untyped-call]
    return Prefix(frozenset(accepts), tuple(state.value_stack))


def extent(item: Token | Tree[Token]) -> tuple[int, int] | None:
    """Where a token or subtree of the stack lies in the text the parser was fed."""
    if isinstance(item, Token):
        if item.start_pos is None or item.end_pos is None:
            return None
        return item.start_pos, item.end_pos
    meta = item.meta
    if meta.empty:
        return None
    return meta.start_pos, meta.end_pos


def strings_of(values: Sequence[str]) -> set[str]:
    """The values of string literals as written in the text."""
    out: set[str] = set()
    for literal in values:
        try:
            parsed = parse_expression(literal)
        except SegdslError:  # an unknown escape sequence
            continue
        value = getattr(parsed, "value", None)
        if isinstance(value, str):
            out.add(value)
    return out
