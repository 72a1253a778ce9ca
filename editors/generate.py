"""Write the editor files that spell out segdsl's words and lexical rules, from
segdsl/syntax/lexicon.py: the TextMate grammar of the VS Code extension, the Vim syntax file and
the word lists of the Emacs mode (the part between its GENERATED markers).

Run `python editors/generate.py` after changing the lexicon; `--check` writes nothing and fails
when a file is out of date. tests/editors/test_generated.py regenerates every file and compares
it with the committed one byte for byte."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from segdsl.files import atomic_write_text
from segdsl.syntax import lexicon

EDITORS = Path(__file__).resolve().parent
TEXTMATE_GRAMMAR = EDITORS / "vscode/syntaxes/segdsl.tmLanguage.json"
VIM_SYNTAX = EDITORS / "vim/syntax/segdsl.vim"
EMACS_MODE = EDITORS / "emacs/segdsl-mode.el"

NOTICE = "Generated from segdsl/syntax/lexicon.py by editors/generate.py: do not edit by hand."
EMACS_BEGIN = ";; BEGIN GENERATED"
EMACS_END = ";; END GENERATED"

# Words the lexicon groups: the keywords that open a definition, the constants, the rest.
OTHER_KEYWORDS = tuple(
    word
    for word in lexicon.KEYWORDS
    if word not in lexicon.DEFINITION_KEYWORDS and word not in lexicon.CONSTANTS
)
# Characters that are not in the lexicon's operators but are in the grammar
# (grammar/segdsl.lark), as the Pygments lexer (segdsl/syntax/highlight.py) has them too.
PERCENT = "%"
NAMED_SET_PATTERN = r"[A-Z][A-Z0-9_]*"
"""An upper-case name, which by convention is a named set of values (EU, EEA, DACH)."""
VALID_ESCAPE = (
    r"\\(?:["
    + "".join("\\" + key if key in "\\]^-" else key for key in lexicon.ESCAPES)
    + "]|"
    + lexicon.HEX_ESCAPE
    + ")"
)
"""A backslash escape the parser knows (segdsl/syntax/parser.py decode_string)."""

Flavour = Literal["vim", "emacs"]


# --------------------------------------------------------------------------------------------
# Regular expressions: the lexicon's are Python's, which Oniguruma (TextMate) reads as they are.
# Vim (very magic) and Emacs spell groups, repetition counts, digits and literal punctuation
# differently; `translate` knows what the lexicon's patterns use and stops at anything else.

_TOKEN = re.compile(r"\\.|\(\?:|\(\?|\[(?:\\.|[^\]\\])*\]|\{\d+(?:,\d+)?\}|.", re.DOTALL)
_OPERATORS = set("()|?*+.^$")
"""Characters that mean the same to Python, Vim (very magic) and Emacs (given backslashes)."""
_VIM_PLAIN = set("-:!#,'\" ")
"""Punctuation that very magic Vim reads literally."""
_EMACS_SPECIAL = set(".*+?[^$\\")
"""Characters that Emacs reads literally only after a backslash."""


def translate(pattern: str, flavour: Flavour) -> str:
    """`pattern` (a Python regular expression) in Vim's very magic syntax (`\\v`) or Emacs's."""
    translated = []
    for token in _TOKEN.findall(pattern):
        if token == "(?" or (token[0] == "\\" and token[1].isalpha() and token != r"\d"):
            raise ValueError(f"{pattern!r}: no {flavour} translation for {token!r}")
        translated.append(_vim(token) if flavour == "vim" else _emacs(token))
    return "".join(translated)


def _vim(token: str) -> str:
    if token == "(?:":
        return "%("
    if token.startswith("["):
        if r"\d" in token:
            raise ValueError(f"no Vim translation for {token!r}")
        return token
    if (len(token) > 1 and not token.startswith("\\")) or token == r"\d":
        return token  # a repetition count or a digit
    if token.isalnum() or token in ("_", *_OPERATORS, *_VIM_PLAIN):
        return token
    literal = token[-1]  # punctuation meant literally, as itself or after a backslash
    if literal in _VIM_PLAIN:
        return literal
    return "\\" + literal if literal in "\\]^" else f"[{literal}]"


def _emacs(token: str) -> str:
    if token == "(?:":
        return r"\(?:"
    if token in ("(", ")", "|"):
        return "\\" + token
    if token.startswith("{"):
        return "\\" + token[:-1] + "\\}"
    if token == r"\d":
        return "[0-9]"
    if token.startswith("["):
        if "\\" in token.replace(r"\d", ""):
            raise ValueError(f"no Emacs translation for {token!r}")  # literal in an Emacs class
        return token.replace(r"\d", "0-9")
    if token.startswith("\\") and token[1] not in _EMACS_SPECIAL:
        return token[1]
    return token


def _alternatives(words: Iterable[str]) -> str:
    """A group matching any of `words` literally, the longest first."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


def _words(words: Iterable[str]) -> str:
    return r"\b" + _alternatives(words) + r"\b"


# --------------------------------------------------------------------------------------------
# VS Code: a TextMate grammar (scope names from the TextMate conventions VS Code's themes use).


def textmate_grammar() -> str:
    def string(quote: str, kind: str) -> dict[str, object]:
        return {
            "name": f"string.quoted.{kind}.segdsl",
            "begin": re.escape(quote),
            "beginCaptures": {"0": {"name": "punctuation.definition.string.begin.segdsl"}},
            # A string ends at its quote or, left open, at the end of its line.
            "end": re.escape(quote) + "|$",
            "endCaptures": {"0": {"name": "punctuation.definition.string.end.segdsl"}},
            "patterns": [
                {"name": "constant.character.escape.segdsl", "match": VALID_ESCAPE},
                {"name": "invalid.illegal.unknown-escape.segdsl", "match": r"\\."},
            ],
        }

    grammar = {
        "comment": NOTICE,
        "name": "segdsl",
        "scopeName": "source.segdsl",
        "fileTypes": ["seg"],
        "patterns": [
            {"include": f"#{rule}"}
            for rule in (
                "comment",
                "string",
                "number",
                "definition",
                "function",  # before the keywords: `last(` is a function
                "keyword",
                "name",
                "operator",
                "punctuation",
            )
        ],
        "repository": {
            "comment": {
                "name": "comment.line.number-sign.segdsl",
                "match": f"({re.escape(lexicon.COMMENT_START)}).*$",
                "captures": {"1": {"name": "punctuation.definition.comment.segdsl"}},
            },
            "string": {
                "patterns": [string('"', "double"), string("'", "single")],
            },
            "number": {
                "patterns": [
                    {
                        "name": "constant.numeric.timestamp.segdsl",
                        "match": lexicon.TIMESTAMP_PATTERN,
                    },
                    {"name": "constant.numeric.date.segdsl", "match": lexicon.DATE_PATTERN},
                    {
                        "name": "constant.numeric.duration.segdsl",
                        "match": lexicon.DURATION_PATTERN + r"\b",
                    },
                    {"name": "constant.numeric.decimal.segdsl", "match": lexicon.DECIMAL_PATTERN},
                    {"name": "constant.numeric.integer.segdsl", "match": lexicon.INT_PATTERN},
                ]
            },
            "definition": {
                "match": rf"\b({_alternatives(lexicon.DEFINITION_KEYWORDS)})\b"
                rf"(?:\s+({lexicon.NAME_PATTERN}))?",
                "captures": {
                    "1": {"name": "storage.type.definition.segdsl"},
                    "2": {"name": "entity.name.function.segdsl"},
                },
            },
            "keyword": {
                "patterns": [
                    {"name": "constant.language.segdsl", "match": _words(lexicon.CONSTANTS)},
                    {"name": "keyword.other.segdsl", "match": _words(OTHER_KEYWORDS)},
                ]
            },
            "function": {
                "name": "support.function.builtin.segdsl",
                "match": r"\b" + _alternatives(lexicon.FUNCTIONS) + r"(?=\s*\()",
            },
            "name": {
                "patterns": [
                    {
                        "name": "variable.other.constant.segdsl",
                        "match": rf"\b{NAMED_SET_PATTERN}\b",
                    },
                    {"name": "variable.other.segdsl", "match": lexicon.IDENTIFIER_PATTERN},
                ]
            },
            "operator": {
                "patterns": [
                    {
                        "name": "keyword.operator.comparison.segdsl",
                        "match": _alternatives(lexicon.COMPARE_OPS),
                    },
                    {
                        "name": "keyword.operator.arithmetic.segdsl",
                        "match": _alternatives((*lexicon.ARITH_OPS, PERCENT)),
                    },
                ]
            },
            "punctuation": {
                "patterns": [
                    {"name": "punctuation.separator.comma.segdsl", "match": ","},
                    {"name": "punctuation.accessor.segdsl", "match": r"\."},
                    {"name": "punctuation.section.parens.segdsl", "match": r"[()]"},
                    {"name": "punctuation.section.brackets.segdsl", "match": r"[\[\]]"},
                ]
            },
        },
    }
    return json.dumps(grammar, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------------------------
# Vim (and Neovim): the syntax file.

VIM_LINKS = {
    "segdslComment": "Comment",
    "segdslString": "String",
    "segdslEscape": "SpecialChar",
    "segdslBadEscape": "Error",
    "segdslInteger": "Number",
    "segdslDecimal": "Float",
    "segdslDuration": "Number",
    "segdslDate": "Constant",
    "segdslTimestamp": "Constant",
    "segdslDefinition": "Structure",
    "segdslDefinitionName": "Function",
    "segdslConstant": "Constant",
    "segdslKeyword": "Keyword",
    "segdslFunction": "Function",
    "segdslNamedSet": "Constant",
    "segdslOperator": "Operator",
}
"""Each syntax group and the standard group colour schemes colour it as."""


VIM_SYNTAX_OPTIONS = frozenset(
    {
        *("cchar", "conceal", "concealends", "contained", "containedin", "contains", "display"),
        *("excludenl", "extend", "fold", "keepend", "nextgroup", "oneline", "skipempty"),
        *("skipnl", "skipwhite", "transparent"),
    }
)
"""The words `syntax keyword` takes for its options (Vim's :help :syn-keyword)."""


def vim_syntax() -> str:
    def match(group: str, body: str, options: str = "") -> str:
        """A `syntax match` of a very magic pattern, between a delimiter it does not hold."""
        delimiter = next(d for d in "/+!@" if d not in body)
        return f"syntax match {group} {delimiter}\\v{body}{delimiter}{options}"

    def word(pattern: str) -> str:
        return "<" + translate(pattern, "vim") + ">"

    # `syntax keyword` reads these as its options, and a keyword outranks every match (`last`
    # is a function before `(`), so they are matched as patterns instead.
    matched = {*VIM_SYNTAX_OPTIONS, *lexicon.FUNCTIONS}
    option_keywords = [k for k in OTHER_KEYWORDS if k in matched]
    plain_keywords = [k for k in OTHER_KEYWORDS if k not in matched]
    strings = [
        f"syntax region segdslString start=+{quote}+ skip=+\\\\.+ end=+{quote}+ end=+$+ oneline"
        " contains=segdslEscape,segdslBadEscape"
        for quote in lexicon.QUOTES
    ]
    lines = [
        '" Vim syntax file',
        '" Language: segdsl (segment files, *.seg)',
        f'" {NOTICE}',
        "",
        "if exists('b:current_syntax')",
        "  finish",
        "endif",
        "",
        "syntax case match",
        "syntax iskeyword @,48-57,_",
        "",
        match("segdslComment", translate(re.escape(lexicon.COMMENT_START) + ".*$", "vim")),
        *strings,
        match("segdslBadEscape", translate(r"\\.", "vim"), " contained"),
        match("segdslEscape", translate(VALID_ESCAPE, "vim"), " contained"),
        "",
        '" Of the matches that start at one place the last defined wins: the longest literal.',
        match("segdslInteger", word(lexicon.INT_PATTERN)),
        match("segdslDecimal", word(lexicon.DECIMAL_PATTERN)),
        match("segdslDuration", word(lexicon.DURATION_PATTERN)),
        match("segdslDate", word(lexicon.DATE_PATTERN)),
        match("segdslTimestamp", word(lexicon.TIMESTAMP_PATTERN)),
        "",
        "syntax keyword segdslDefinition "
        + " ".join(lexicon.DEFINITION_KEYWORDS)
        + " nextgroup=segdslDefinitionName skipwhite skipnl",
        match("segdslDefinitionName", translate(lexicon.IDENTIFIER_PATTERN, "vim"), " contained"),
        "syntax keyword segdslConstant " + " ".join(lexicon.CONSTANTS),
        "syntax keyword segdslKeyword " + " ".join(plain_keywords),
        match("segdslKeyword", word(_alternatives(option_keywords))),
        match("segdslFunction", word(_alternatives(lexicon.FUNCTIONS)) + r"\ze\s*\("),
        match("segdslNamedSet", word(NAMED_SET_PATTERN)),
        match(
            "segdslOperator",
            translate(_alternatives((*lexicon.COMPARE_OPS, *lexicon.ARITH_OPS, PERCENT)), "vim"),
        ),
        "",
        *(f"highlight default link {group} {target}" for group, target in VIM_LINKS.items()),
        "",
        "let b:current_syntax = 'segdsl'",
    ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Emacs: the word lists and literal patterns of segdsl-mode.el, between its GENERATED markers.


def _elisp_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def emacs_definitions() -> str:
    def words(name: str, values: Iterable[str], doc: str) -> str:
        listed = " ".join(_elisp_string(value) for value in values)
        return f"(defconst {name}\n  '({listed})\n  {_elisp_string(doc)})"

    def regexp(name: str, pattern: str, doc: str) -> str:
        value = _elisp_string(translate(pattern, "emacs"))
        return f"(defconst {name}\n  {value}\n  {_elisp_string(doc)})"

    return "\n".join(
        [
            f";; {NOTICE}",
            words(
                "segdsl-definition-keywords",
                lexicon.DEFINITION_KEYWORDS,
                "The keywords a definition starts with.",
            ),
            words("segdsl-constants", lexicon.CONSTANTS, "The constant keywords."),
            words("segdsl-keywords", OTHER_KEYWORDS, "The other keywords."),
            words("segdsl-functions", lexicon.FUNCTIONS, "The functions and aggregates."),
            words(
                "segdsl-operators",
                (*lexicon.COMPARE_OPS, *lexicon.ARITH_OPS),
                "The operators between two values.",
            ),
            regexp("segdsl-identifier-regexp", lexicon.IDENTIFIER_PATTERN, "A name."),
            regexp("segdsl-timestamp-regexp", lexicon.TIMESTAMP_PATTERN, "A timestamp."),
            regexp("segdsl-date-regexp", lexicon.DATE_PATTERN, "A date."),
            regexp("segdsl-duration-regexp", lexicon.DURATION_PATTERN, "A duration."),
            regexp("segdsl-decimal-regexp", lexicon.DECIMAL_PATTERN, "A decimal number."),
            regexp("segdsl-integer-regexp", lexicon.INT_PATTERN, "An integer."),
            f"(defconst segdsl-comment-start {_elisp_string(lexicon.COMMENT_START)}\n"
            f"  {_elisp_string('What a comment starts with; it runs to the end of the line.')})",
        ]
    )


def emacs_mode(current: str) -> str:
    """segdsl-mode.el as it is, its generated part written again."""
    start = current.index(EMACS_BEGIN) + len(EMACS_BEGIN)
    end = current.index(EMACS_END)
    return current[:start] + "\n" + emacs_definitions() + "\n" + current[end:]


# --------------------------------------------------------------------------------------------


def outputs() -> dict[Path, str]:
    """Every generated file's path and the text it should have."""
    return {
        TEXTMATE_GRAMMAR: textmate_grammar(),
        VIM_SYNTAX: vim_syntax(),
        EMACS_MODE: emacs_mode(EMACS_MODE.read_text(encoding="utf-8")),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if a file is out of date")
    check = parser.parse_args(argv).check
    stale = {path: text for path, text in outputs().items() if _read(path) != text}
    for path, text in stale.items():
        if check:
            print(f"out of date: {path} (python editors/generate.py)", file=sys.stderr)
        else:
            atomic_write_text(path, text)
    return 1 if check and stale else 0


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


if __name__ == "__main__":
    sys.exit(main())
