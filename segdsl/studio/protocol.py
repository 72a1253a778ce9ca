"""The JSON between the studio's page and its server: requests validated field by field (an
unexpected field, a wrong type or a value out of bounds is refused), and the language service's
values in the page's form. Positions are 0-based lines and columns in code points, as the
service counts them; the page converts them to its editor's."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from segdsl.diagnostics import Diagnostic
from segdsl.service import CompletionItem, EditorDiagnostic, Hover, Position, Range, SemanticToken
from segdsl.studio.workspace import Buffer, Definition, Opened

MAX_TEXT = 1_000_000  # characters of an editor's text (the limits' source_size at most)
MAX_LINES = 100_000
_CLIENT = re.compile(r"[A-Za-z0-9_-]{1,64}")
_WORD = re.compile(r"[A-Za-z0-9_.:-]{1,200}")


class BadRequest(Exception):
    """A request the page should never send: its message says what is wrong with it."""


class Fields:
    """A request's JSON object, read field by field."""

    def __init__(self, body: object, allowed: Collection[str]) -> None:
        if not isinstance(body, dict):
            raise BadRequest("the request is not a JSON object")
        unexpected = sorted(set(body) - set(allowed))
        if unexpected:
            raise BadRequest(f"unexpected field '{unexpected[0]}'")
        self.body: dict[str, object] = body

    def _get(self, key: str) -> object:
        if key not in self.body:
            raise BadRequest(f"missing field '{key}'")
        return self.body[key]

    def text(self, key: str, limit: int = MAX_TEXT) -> str:
        value = self._get(key)
        if not isinstance(value, str):
            raise BadRequest(f"'{key}' is not a string")
        if len(value) > limit:
            raise BadRequest(f"'{key}' is longer than {limit:,} characters")
        return value

    def word(self, key: str) -> str:
        """An id or name: letters, digits and a few marks."""
        value = self.text(key, 200)
        if not _WORD.fullmatch(value):
            raise BadRequest(f"'{key}' is not an id")
        return value

    def client(self) -> str:
        value = self.text("client", 64)
        if not _CLIENT.fullmatch(value):
            raise BadRequest("'client' is not a page id")
        return value

    def choice(self, key: str, options: Collection[str]) -> str:
        value = self.text(key, 100)
        if value not in options:
            raise BadRequest(f"'{key}' is not one of {', '.join(sorted(options))}")
        return value

    def integer(self, key: str, low: int, high: int) -> int:
        value = self._get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise BadRequest(f"'{key}' is not a whole number from {low} to {high}")
        return value

    def position(self) -> Position:
        inner = Fields(self._get("position"), ("line", "column"))
        return Position(inner.integer("line", 0, MAX_LINES), inner.integer("column", 0, MAX_TEXT))

    def buffer(self) -> Buffer:
        inner = Fields(self._get("buffer"), ("text", "opened"))
        text = inner.text("text")
        opened = inner.body.get("opened")
        if opened is None:
            return Buffer(text)
        where = Fields(opened, ("file", "name", "version"))
        return Buffer(text, Opened(where.word("file"), where.word("name"), where.word("version")))


def position_json(position: Position) -> dict[str, int]:
    return {"line": position.line, "column": position.column}


def range_json(where: Range) -> dict[str, object]:
    return {"from": position_json(where.start), "to": position_json(where.end)}


def opened_json(opened: Opened) -> dict[str, str]:
    return {"file": opened.file, "name": opened.name, "version": opened.version}


def diagnostic_json(where: Range, found: EditorDiagnostic) -> dict[str, object]:
    return {
        **range_json(where),
        "severity": str(found.severity),
        "code": found.code,
        "message": found.message,
        "hints": list(found.hints),
        "origin": str(found.origin),
        "fix": None if found.fix is None else found.fix.message,
    }


def problem_json(problem: Diagnostic) -> dict[str, object]:
    """A diagnostic without the editor's range (of a request, or of a file not in the editor)."""
    return problem.to_dict()


def token_json(token: SemanticToken) -> dict[str, object]:
    return {
        **position_json(token.start),
        "length": token.length,
        "type": token.type,
        "modifiers": list(token.modifiers),
    }


def completion_json(where: Range, item: CompletionItem) -> dict[str, object]:
    return {
        **range_json(where),
        "label": item.label,
        "kind": str(item.kind),
        "detail": item.detail,
        "insert": item.insert_text,
        "filter": item.filter_text,
    }


def hover_json(where: Range, found: Hover) -> dict[str, object]:
    return {**range_json(where), "markdown": found.markdown}


def definitions_json(definitions: Sequence[Definition]) -> list[dict[str, str]]:
    return [{"name": d.name, "kind": d.kind} for d in definitions]
