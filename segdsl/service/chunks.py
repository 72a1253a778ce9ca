"""A segment file cut into its definitions, so that an edit re-parses only the definition it
falls in. `segment` and `partition` are reserved keywords: outside strings and comments, each
one starts a definition. A definition's chunk also holds the comment lines right above it (a
suppression comment there applies to it) and runs up to the next chunk; the text before the
first definition is a chunk of its own."""

from __future__ import annotations

import re
from dataclasses import dataclass

from segdsl.syntax.lexicon import COMMENT_PATTERN, DEFINITION_KEYWORDS, STRING_PATTERN


@dataclass(frozen=True)
class Chunk:
    text: str
    start: int


_SKIPPED = re.compile(f"{STRING_PATTERN}|{COMMENT_PATTERN}")


def _in_string_or_comment(text: str, line_start: int, position: int) -> bool:
    """Whether `position` is inside a string or a comment (neither runs past its line)."""
    if not text[line_start:position].strip():
        return False
    line_end = text.find("\n", position)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    column = position - line_start
    return any(m.start() < column < m.end() for m in _SKIPPED.finditer(line))


def _chunk_start(text: str, keyword: int) -> int:
    """Where the chunk of the definition whose keyword is at `keyword` starts: the start of its
    line and of the comment lines right above it, if the keyword starts its line."""
    line_start = text.rfind("\n", 0, keyword) + 1
    if text[line_start:keyword].strip():
        return keyword
    start = line_start
    while start > 0:
        previous = text.rfind("\n", 0, start - 1) + 1
        if not text[previous : start - 1].lstrip().startswith("#"):
            break
        start = previous
    return start


def _in_word(character: str) -> bool:
    """As a regular expression's `\\w` reads it (and the lexer's `\\b`)."""
    return character.isalnum() or character == "_"


def _keywords(text: str) -> list[int]:
    """Where a definition keyword stands as a word (strings and comments not yet told apart),
    found with `str.find`: a regular expression would try every position of the file."""
    found = []
    for keyword in DEFINITION_KEYWORDS:
        at = text.find(keyword)
        while at >= 0:
            end = at + len(keyword)
            before = text[at - 1] if at > 0 else " "
            after = text[end] if end < len(text) else " "
            if not _in_word(before) and not _in_word(after):
                found.append(at)
            at = text.find(keyword, end)
    return sorted(found)


def split_definitions(text: str) -> list[Chunk]:
    """`text` as consecutive chunks: their texts joined are `text`."""
    starts = [0]
    for keyword in _keywords(text):
        line_start = text.rfind("\n", 0, keyword) + 1
        if _in_string_or_comment(text, line_start, keyword):
            continue
        start = _chunk_start(text, keyword)
        if start > starts[-1]:
            starts.append(start)
    ends = [*starts[1:], len(text)]
    return [Chunk(text[start:end], start) for start, end in zip(starts, ends, strict=True)]
