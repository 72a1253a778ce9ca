"""A Pygments lexer for segdsl (registered as the `segdsl` entry point of `pygments.lexers`, so
docs and other tools highlight `.seg` files too)."""

from __future__ import annotations

from typing import ClassVar

from pygments.lexer import RegexLexer, bygroups, words
from pygments.token import (
    Comment,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Whitespace,
)

from segdsl.syntax.lexicon import (
    ARITH_OPS,
    COMMENT_PATTERN,
    COMPARE_OPS,
    CONSTANTS,
    DATE_PATTERN,
    DECIMAL_PATTERN,
    DEFINITION_KEYWORDS,
    DURATION_PATTERN,
    FUNCTIONS,
    IDENTIFIER_PATTERN,
    INT_PATTERN,
    KEYWORDS,
    MONTH_PATTERN,
    STRING_PATTERNS,
    TIMESTAMP_PATTERN,
    WHITESPACE_PATTERN,
)


class SegdslLexer(RegexLexer):
    name = "segdsl"
    aliases: ClassVar[list[str]] = ["segdsl", "seg"]
    filenames: ClassVar[list[str]] = ["*.seg"]
    mimetypes: ClassVar[list[str]] = ["text/x-segdsl"]
    url = "https://github.com/segdsl/segdsl"

    tokens: ClassVar[dict[str, list[object]]] = {
        "root": [
            (WHITESPACE_PATTERN, Whitespace),
            (COMMENT_PATTERN, Comment.Single),
            (STRING_PATTERNS['"'], String.Double),
            (STRING_PATTERNS["'"], String.Single),
            (f"{TIMESTAMP_PATTERN}|{DATE_PATTERN}|{MONTH_PATTERN}", Number.Other),
            (DURATION_PATTERN + r"\b", Number.Other),
            (DECIMAL_PATTERN, Number.Float),
            (INT_PATTERN, Number.Integer),
            (
                f"({'|'.join(DEFINITION_KEYWORDS)})(\\s+)({IDENTIFIER_PATTERN})",
                bygroups(Keyword.Declaration, Whitespace, Name.Function),  # type: ignore[no-untyped-call]
            ),
            # Before the keywords: `last(…)` is a function, `in last month` a keyword.
            (words(FUNCTIONS, suffix=r"(?=\s*\()"), Name.Builtin),
            (words(CONSTANTS, suffix=r"\b"), Keyword.Constant),
            (words([k for k in KEYWORDS if k not in CONSTANTS], suffix=r"\b"), Keyword),
            (r"[A-Z][A-Z0-9_]*\b", Name.Constant),  # named sets: EU, EEA, DACH
            (IDENTIFIER_PATTERN, Name.Variable),
            (words((*COMPARE_OPS, *ARITH_OPS, "%")), Operator),
            (r"[()\[\],.]", Punctuation),
            (r".", Text),
        ]
    }
