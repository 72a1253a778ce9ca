"""Completion at the REPL's prompt: the language service's (segdsl/service, docs/editors.md),
driven by the grammar and the schema. A condition may name the session's segments and
partitions; a definition is completed as the end of the session's definitions, which it joins;
`.schema NAME` completes a name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from segdsl.service import DocumentKind, LanguageService, Position, SchemaState
from segdsl.service.lines import LineIndex
from segdsl.syntax.lexicon import DEFINITION_KEYWORDS

if TYPE_CHECKING:
    from segdsl.semantics.schema import Schema


class CompletionContext(Protocol):
    """What completion reads of a session (segdsl/repl/session.py's `ReplSession`)."""

    schema: Schema
    definitions: dict[str, str]


# The documents the REPL gives the language service.
_SESSION = "repl:session"
_STATEMENT = "repl:statement"
_SCHEMA_COMMAND = re.compile(r"\.schema\s+(?=\w*\Z)")


class SegdslCompleter(Completer):
    def __init__(self, session: CompletionContext) -> None:
        self.session = session
        self._service: LanguageService | None = None

    def _language_service(self) -> LanguageService:
        """The service, anew when the session's schema is another."""
        schema = self.session.schema
        if self._service is None or self._service.schema_state.schema is not schema:
            self._service = LanguageService(SchemaState(schema))
        return self._service

    def get_completions(self, document: Document, event: CompleteEvent) -> Iterator[Completion]:
        text = document.text_before_cursor
        command = _SCHEMA_COMMAND.match(text)
        if command is not None:
            text = text[command.end() :]
        elif text.lstrip().startswith("."):
            return
        service = self._language_service()
        definitions = "\n".join(self.session.definitions.values())
        words = text.split(None, 1)
        if command is None and words and words[0] in DEFINITION_KEYWORDS:
            # A definition joins the session's: complete it as the end of their file.
            text = f"{definitions}\n{text}" if definitions else text
            service.set_document(_STATEMENT, text, DocumentKind.SEGMENTS)
        else:
            service.set_document(_SESSION, definitions)
            service.set_document(_STATEMENT, text, DocumentKind.CONDITION)
        lines = LineIndex(text)
        for item in service.completion(_STATEMENT, _end(text)):
            typed = lines.offset(item.replace.end) - lines.offset(item.replace.start)
            yield Completion(
                item.insert_text,
                start_position=-typed,
                display=item.label,
                display_meta=item.detail,
            )


def _end(text: str) -> Position:
    last_line = text.rsplit("\n", 1)[-1]
    return Position(text.count("\n"), len(last_line))
