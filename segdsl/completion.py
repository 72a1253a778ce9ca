"""Schema-aware completion for the REPL: attributes, metrics, event streams and their fields
inside aggregates, the session's segments, keywords, functions; after `in`, the named sets of
the right type and `[`; and the values of an enum where one is expected (after `=`, inside a
list, inside a string literal), each with its type and description."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Protocol

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from . import types as t
from .syntax import FUNCTIONS, KEYWORDS

if TYPE_CHECKING:
    from .schema import Schema


class CompletionContext(Protocol):
    """What completion reads of a session (segdsl/repl.py's `ReplSession`)."""

    schema: Schema
    definitions: dict[str, str]


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")
_FIELD = re.compile(r"([A-Za-z_]\w*)\.([A-Za-z_]\w*)?$")
# `gender = "fe`, `device_type in ["mobile", "ta`: the enum field before an open string.
_ENUM_STRING = re.compile(
    r"([A-Za-z_]\w*)\s*(?:=|!=|not\s+in|in)\s*\[?(?:\s*\"[^\"]*\"\s*,)*\s*\"([^\"]*)$"
)
_AGGREGATE_OPEN = re.compile(r"\b(count|sum|avg|min|max)\(\s*([A-Za-z_]\w*)?$")
# `country in E`, `gender not in `: a named set or a list comes next.
_IN_COLLECTION = re.compile(r"([A-Za-z_]\w*)\s+(?:not\s+)?in\s+([A-Za-z_]\w*)?$")
# `gender = `, `gender in ["female", `: a value comes next; the values already listed.
_VALUE_NEXT = re.compile(r"([A-Za-z_]\w*)\s*(?:!?=|(?:not\s+)?in\s*\[((?:\s*\"[^\"]*\"\s*,)*))\s*$")


class SegdslCompleter(Completer):
    def __init__(self, session: CompletionContext) -> None:
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
        value_next = _VALUE_NEXT.search(before)
        if value_next and self._enum_values(value_next.group(1)):
            field, listed = value_next.group(1), value_next.group(2) or ""
            chosen = set(re.findall(r'"([^"]*)"', listed))
            values = [v for v in self._enum_values(field) if v not in chosen]
            yield from _matching("", ((f'"{v}"', f"value of {field}") for v in values))
            return
        collection = _IN_COLLECTION.search(before)
        if collection:
            field, typed = collection.group(1), collection.group(2) or ""
            yield from _matching(typed, self._collections(field))
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
        candidates += [(f, "function") for f in FUNCTIONS]
        candidates += [(k, "keyword") for k in KEYWORDS]
        yield from _matching(typed, candidates)

    def _type_of(self, name: str) -> t.Type | None:
        """The type of an attribute or event field called `name`, if there is one."""
        schema = self.session.schema
        column = schema.attributes.get(name)
        if column is None:
            for stream in schema.events.values():
                column = stream.fields.get(name) or column
        return column.type if column is not None else None

    def _enum_values(self, name: str) -> list[str]:
        kind = self._type_of(name)
        if kind is None or kind.kind is not t.Kind.ENUM:
            return []
        return [str(v) for v in kind.values]

    def _collections(self, name: str) -> Iterator[tuple[str, str]]:
        """What may follow `name in`: a list, its first value, a named set that fits."""
        yield "[", "a list of values"
        values = self._enum_values(name)
        yield from ((f'["{v}"', f"value of {name}") for v in values)
        kind = self._type_of(name)
        for set_name, named in self.session.schema.sets.items():
            fits = kind is None or (
                t.comparable(kind, named.element)
                and (not values or set(named.values) <= set(values))
            )
            if fits:
                yield set_name, f"set of {len(named.values)}"

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
