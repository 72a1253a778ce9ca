"""The grammar as Lark reads it (grammar/segdsl.lark), for tests that work on its tokens and
terminals rather than on the syntax tree the parser builds."""

from __future__ import annotations

import functools

from lark import Lark

from segdsl.resources import data_text


@functools.cache
def grammar() -> Lark:
    """Lark's parser for a segment file, without segdsl's AST builder: its `lex` and
    `terminals` are the lexer segdsl.syntax.parser reads text with."""
    return Lark(data_text("grammar/segdsl.lark"), parser="lalr", start="module")
