"""Semantic tokens: each token of a text as the lexer reads it, and each name as what it refers
to (an attribute, a metric, a stream, a field, a segment, …)."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping

from lark.exceptions import UnexpectedCharacters

from segdsl.semantics.schema import Schema
from segdsl.service.names import Entity, EntityKind, Occurrence
from segdsl.syntax.lexicon import KEYWORDS
from segdsl.syntax.parser import interactive_parser

_LITERALS = {
    "INT": "number",
    "DECIMAL": "number",
    "DATE": "number",
    "TIMESTAMP": "number",
    "DURATION": "number",
    "BAD_DURATION": "number",
    "STRING": "string",
    "COMMENT": "comment",
}
_OPERATORS = {"COMPARE_OP", "PLUS", "MINUS", "STAR", "SLASH", "EQUAL", "PERCENT"}
_BY_ENTITY = {
    EntityKind.ATTRIBUTE: "property",
    EntityKind.FIELD: "property",
    EntityKind.STREAM: "namespace",
    EntityKind.METRIC: "variable",
    EntityKind.SEGMENT: "class",
    EntityKind.PARTITION: "enum",
    EntityKind.LABEL: "enumMember",
    EntityKind.SET: "type",
    EntityKind.FUNCTION: "function",
}

Lexeme = tuple[str, int, int]
"""A token's terminal, start and end."""


@functools.lru_cache(maxsize=4096)
def lexemes(text: str) -> tuple[Lexeme, ...]:
    """Every token of `text`, comments included; a character the lexer refuses is skipped."""
    lexer = interactive_parser("module")
    found: list[Lexeme] = []
    position = 0
    while position < len(text):
        try:
            for token in lexer.lex(text[position:], dont_ignore=True):
                start = position + (token.start_pos or 0)
                found.append((token.type, start, start + len(token)))
            break
        except UnexpectedCharacters as error:
            position += (error.pos_in_stream or 0) + 1
    return tuple(found)


def classify(
    text: str, occurrences: Mapping[int, Occurrence], schema: Schema | None
) -> Iterator[tuple[int, int, str, tuple[str, ...]]]:
    """(start, end, type, modifiers) of each token of `text` worth a colour; `occurrences`: the
    names the walk of its definitions resolved, by start offset."""
    for terminal, start, end in lexemes(text):
        occurrence = occurrences.get(start)
        # `last` is a keyword token, and a function where it is called: `last(orders.category)`.
        named = terminal in ("NAME", "STRING") or (
            occurrence is not None and occurrence.entity.kind is EntityKind.FUNCTION
        )
        if named and occurrence is not None:
            yield start, end, _BY_ENTITY[occurrence.entity.kind], _modifiers(occurrence, schema)
        elif terminal in _LITERALS:
            yield start, end, _LITERALS[terminal], ()
        elif terminal in _OPERATORS:
            yield start, end, "operator", ()
        elif terminal.lstrip("_").lower() in KEYWORDS:
            yield start, end, "keyword", ()


def _modifiers(occurrence: Occurrence, schema: Schema | None) -> tuple[str, ...]:
    entity = occurrence.entity
    found: list[str] = []
    if occurrence.declaration:
        found.append("declaration")
    if entity.kind is EntityKind.METRIC:
        found.append("readonly")
    if entity.kind is EntityKind.FUNCTION:
        found.append("defaultLibrary")
    if schema is not None and _deprecated(entity, schema):
        found.append("deprecated")
    return tuple(found)


def _deprecated(entity: Entity, schema: Schema) -> bool:
    if entity.kind is EntityKind.ATTRIBUTE:
        return schema.attributes[entity.name].deprecated
    if entity.kind is EntityKind.FIELD and entity.owner is not None:
        return schema.events[entity.owner].fields[entity.name].deprecated
    return False
