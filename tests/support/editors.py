"""The editor tests' shared parts: a sample holding every word of the lexicon with what each
token is, and the programs that are skipped (or, in CI, failed) when missing."""

from __future__ import annotations

import importlib.util
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from segdsl.syntax import lexicon
from tests.support.backends import require_service

ROOT = Path(__file__).parent.parent.parent
EDITORS = ROOT / "editors"


@dataclass(frozen=True)
class Token:
    line: int  # 1-based
    column: int  # 0-based
    text: str
    kind: str  # definition, name, constant, keyword, function, string, comment, a literal's kind


def lexicon_sample() -> tuple[str, list[Token]]:
    """A text with every keyword, function and duration unit of the lexicon and each kind of
    literal, and its tokens. It is lexically, not grammatically, segdsl."""
    lines: list[list[tuple[str, str | None]]] = [
        *(
            [(keyword, "definition"), (f"name_{keyword}", "name")]
            for keyword in lexicon.DEFINITION_KEYWORDS
        ),
        [(constant, "constant") for constant in lexicon.CONSTANTS],
        [
            (keyword, "keyword")
            for keyword in lexicon.KEYWORDS
            if keyword not in lexicon.DEFINITION_KEYWORDS and keyword not in lexicon.CONSTANTS
        ],
        [
            item
            for function in lexicon.FUNCTIONS
            for item in ((function, "function"), ("(x)", None))
        ],
        [(f"{n}{unit}", "duration") for n, unit in enumerate(lexicon.DURATION_UNITS, start=1)],
        [
            ("12", "integer"),
            ("3.25", "decimal"),
            ("2024-01-31", "date"),
            ("2024-01-31T08:30:00Z", "timestamp"),
            ("'single'", "string"),
            ('"double \\t"', "string"),
            ("# a comment", "comment"),
        ],
    ]
    text: list[str] = []
    tokens: list[Token] = []
    for number, items in enumerate(lines, start=1):
        column = 0
        for word, kind in items:
            if kind is not None:
                tokens.append(Token(number, column, word, kind))
            column += len(word) + 1
        text.append(" ".join(word for word, _ in items))
    return "\n".join(text) + "\n", tokens


def require_program(name: str, install: str) -> str:
    """The path of a program, or a skip (a failure in CI) saying how to install it."""
    path = shutil.which(name)
    if path is None:
        require_service(f"{name} is not installed ({install})")
    assert path is not None
    return path


def require_lsp_extra() -> None:
    """Skip (fail in CI) a test of the language server where pygls is not installed."""
    if importlib.util.find_spec("pygls") is None:
        require_service("the language server needs pygls (pip install 'segdsl[lsp]')")


def docs_blocks(language: str) -> list[str]:
    """The code blocks of docs/editors.md in `language` (the editors' configuration snippets,
    which tests/test_docs.py does not run)."""
    page = (ROOT / "docs/editors.md").read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```$", page, re.MULTILINE | re.DOTALL)
