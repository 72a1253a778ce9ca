"""Schema-aware completion for the REPL: attributes, metrics, event streams and their fields
inside aggregates, named sets, the session's segments, keywords, functions, and enum values
inside string literals, each with its type and description."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from . import types as t
from .syntax import FUNCTIONS, KEYWORDS

if TYPE_CHECKING:
    from .repl import ReplSession

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")
_FIELD = re.compile(r"([A-Za-z_]\w*)\.([A-Za-z_]\w*)?$")
# `gender = "fe`, `device_type in ["mobile", "ta`: the enum field before an open string.
_ENUM_STRING = re.compile(
    r"([A-Za-z_]\w*)\s*(?:=|!=|not\s+in|in)\s*\[?(?:\s*\"[^\"]*\"\s*,)*\s*\"([^\"]*)$"
)
_AGGREGATE_OPEN = re.compile(r"\b(count|sum|avg|min|max)\(\s*([A-Za-z_]\w*)?$")


class SegdslCompleter(Completer):
    def __init__(self, session: ReplSession) -> None:
        self.session = session

    def get_completions(self, document: Document, event: CompleteEvent) -> Iterator[Completion]:
        before = document.text_before_cursor
        schema = self.session.schema
        enum = _ENUM_STRING.search(before)
        if enum and _open_string(before):
            field, typed = enum.group(1), enum.group(2)
            values = self._enum_values(field)
            yield from _matching(typed, ((v, f"value of {field}") for v in values))
            return
        if _open_string(before):
            return
        dotted = _FIELD.search(before)
        if dotted and dotted.group(1) in schema.events:
            stream = schema.events[dotted.group(1)]
            typed = dotted.group(2) or ""
            yield from _matching(typed, ((n, str(c.type)) for n, c in stream.fields.items()))
            return
        word_match = _WORD.search(before)
        typed = word_match.group(0) if word_match else ""
        aggregate = _AGGREGATE_OPEN.search(before)
        if aggregate:
            yield from _matching(
                typed, ((n, f"events in {s.table}") for n, s in schema.events.items())
            )
            return
        scope = self._filter_scope(before)
        candidates: list[tuple[str, str]] = []
        if scope is not None:
            candidates += [
                (n, f"{scope}: {c.type}") for n, c in schema.events[scope].fields.items()
            ]
        candidates += [
            (n, _describe(str(c.type), c.description)) for n, c in schema.attributes.items()
        ]
        candidates += [(n, _describe("metric", m.description)) for n, m in schema.metrics.items()]
        candidates += [(n, "segment") for n in self.session.definitions]
        if re.search(r"\bin\s+\w*$", before):
            candidates += [(n, f"set of {len(s.values)}") for n, s in schema.sets.items()]
        candidates += [(f, "function") for f in FUNCTIONS]
        candidates += [(k, "keyword") for k in KEYWORDS]
        yield from _matching(typed, candidates)

    def _enum_values(self, name: str) -> list[str]:
        schema = self.session.schema
        column = schema.attributes.get(name)
        if column is None:
            for stream in schema.events.values():
                column = stream.fields.get(name) or column
        if column is None or column.type.kind is not t.Kind.ENUM:
            return []
        return [str(v) for v in column.type.values]

    def _filter_scope(self, before: str) -> str | None:
        """The event stream whose `where` filter the cursor is in, if any."""
        depth = 0
        for index in range(len(before) - 1, -1, -1):
            char = before[index]
            if char == ")":
                depth += 1
            elif char == "(":
                if depth == 0:
                    inside = before[index + 1 :]
                    match = re.match(r"\s*([A-Za-z_]\w*)(?:\.\w+)?\s+where\b", inside)
                    if match and match.group(1) in self.session.schema.events:
                        return match.group(1)
                    return None
                depth -= 1
        return None


def _open_string(text: str) -> bool:
    return text.count('"') % 2 == 1


def _describe(kind: str, description: str | None) -> str:
    return f"{kind} — {description}" if description else kind


def _matching(typed: str, candidates: Iterable[tuple[str, str]]) -> Iterator[Completion]:
    seen: set[str] = set()
    for name, meta in candidates:
        if name in seen or not name.startswith(typed):
            continue
        seen.add(name)
        yield Completion(name, start_position=-len(typed), display_meta=meta)
