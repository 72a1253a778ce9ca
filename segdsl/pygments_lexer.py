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

from .syntax import FUNCTIONS, KEYWORDS

_CONSTANTS = ("true", "false", "now")


class SegdslLexer(RegexLexer):
    name = "segdsl"
    aliases: ClassVar[list[str]] = ["segdsl", "seg"]
    filenames: ClassVar[list[str]] = ["*.seg"]
    mimetypes: ClassVar[list[str]] = ["text/x-segdsl"]
    url = "https://github.com/segdsl/segdsl"

    tokens: ClassVar[dict[str, list[object]]] = {
        "root": [
            (r"\s+", Whitespace),
            (r"#.*$", Comment.Single),
            (r'"(\\\\|\\"|[^"])*"', String.Double),
            (r"'(\\\\|\\'|[^'])*'", String.Single),
            (r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?", Number.Other),  # dates
            (r"\d+(h|d|w|mo|y)\b", Number.Other),  # durations
            (r"\d+\.\d+", Number.Float),
            (r"\d+", Number.Integer),
            (
                r"(segment|partition)(\s+)([A-Za-z_]\w*)",
                bygroups(Keyword.Declaration, Whitespace, Name.Function),  # type: ignore[no-untyped-call]
            ),
            (words(_CONSTANTS, suffix=r"\b"), Keyword.Constant),
            (words([k for k in KEYWORDS if k not in _CONSTANTS], suffix=r"\b"), Keyword),
            (words(FUNCTIONS, suffix=r"(?=\s*\()"), Name.Builtin),
            (r"[A-Z][A-Z0-9_]*\b", Name.Constant),  # named sets: EU, EEA, DACH
            (r"[A-Za-z_]\w*", Name.Variable),
            (r"!=|<=|>=|[=<>+\-*/%]", Operator),
            (r"[()\[\],.]", Punctuation),
            (r".", Text),
        ]
    }
