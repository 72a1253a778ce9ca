"""What each name of a program refers to: an attribute, a metric, a named set, an event stream
or one of its fields, a segment or partition (or one of a partition's labels), a function. The
checker resolves names the same way; this walk keeps every occurrence, for navigation, hover and
semantic highlighting."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from segdsl.diagnostics import Span
from segdsl.semantics.schema import EventStream, Schema
from segdsl.syntax import ast
from segdsl.syntax.lexicon import FUNCTIONS, STREAM_AGGREGATES


class EntityKind(enum.StrEnum):
    ATTRIBUTE = "attribute"
    METRIC = "metric"
    SET = "set"
    STREAM = "stream"
    FIELD = "field"
    SEGMENT = "segment"
    PARTITION = "partition"
    LABEL = "label"
    FUNCTION = "function"


@dataclass(frozen=True)
class Entity:
    """`owner`: the stream of a field, the partition of a label; `uri`: the document that
    defines a segment, partition or label."""

    kind: EntityKind
    name: str
    owner: str | None = None
    uri: str | None = None


@dataclass(frozen=True)
class Occurrence:
    entity: Entity
    span: Span
    declaration: bool = False


Definitions = Callable[[str], Entity | None]
"""The segment or partition a name refers to (in the document or in scope), if any."""


def resolve(name: str, schema: Schema, defined: Definitions) -> Entity | None:
    """A name at customer level, resolved in the checker's order."""
    if name in schema.attributes:
        return Entity(EntityKind.ATTRIBUTE, name)
    if name in schema.metrics:
        return Entity(EntityKind.METRIC, name)
    found = defined(name)
    if found is not None:
        return found
    if name in schema.sets:
        return Entity(EntityKind.SET, name)
    if name in schema.events:
        return Entity(EntityKind.STREAM, name)
    if name in FUNCTIONS:
        return Entity(EntityKind.FUNCTION, name)
    return None


def aggregated_stream(call: ast.Call, schema: Schema) -> EventStream | None:
    """The event stream an aggregate runs over (`count(orders)`, `sum(orders.amount)`)."""
    if call.func not in STREAM_AGGREGATES or len(call.args) != 1:
        return None
    argument = ast.unwrap(call.args[0])
    if isinstance(argument, ast.Distinct):
        argument = ast.unwrap(argument.operand)
    if isinstance(argument, ast.Name):
        return schema.events.get(argument.name)
    if isinstance(argument, ast.FieldOf):
        return schema.events.get(argument.stream)
    return None


def field_name_span(node: ast.FieldOf) -> Span:
    return Span(node.span.source, node.span.end - len(node.name), node.span.end)


class Occurrences:
    """Every occurrence of a name in an expression or definition."""

    def __init__(self, schema: Schema, defined: Definitions, uri: str | None) -> None:
        self.schema = schema
        self.defined = defined
        self.uri = uri

    def in_definition(self, definition: ast.Definition) -> Iterator[Occurrence]:
        kind = (
            EntityKind.SEGMENT if isinstance(definition, ast.SegmentDef) else EntityKind.PARTITION
        )
        yield Occurrence(Entity(kind, definition.name, uri=self.uri), definition.name_span, True)
        if isinstance(definition, ast.PartitionDef):
            for arm in definition.arms:
                label = Entity(EntityKind.LABEL, arm.label, definition.name, self.uri)
                yield Occurrence(label, arm.label_span, True)
                yield from self.in_expr(arm.condition)
            otherwise = Entity(EntityKind.LABEL, definition.otherwise, definition.name, self.uri)
            yield Occurrence(otherwise, definition.otherwise_span, True)
        else:
            yield from self.in_expr(definition.body)

    def in_expr(self, root: ast.Expr, scope: EventStream | None = None) -> Iterator[Occurrence]:
        stack: list[tuple[ast.Expr, EventStream | None]] = [(root, scope)]
        while stack:
            node, within = stack.pop()
            yield from self._at(node, within)
            if isinstance(node, ast.Call):
                stream = aggregated_stream(node, self.schema)
                for argument in node.args:
                    bare = ast.unwrap(argument)
                    if stream is not None and isinstance(bare, ast.Name):
                        # `count(email)` counts the stream, even beside an attribute `email`.
                        yield Occurrence(Entity(EntityKind.STREAM, bare.name), bare.span)
                    else:
                        stack.append((argument, within))
                if node.where is not None:
                    stack.append((node.where, stream))
            elif isinstance(node, ast.Sequence):
                # Each part names a stream; its filter is over that stream's fields.
                for events in (node.first, node.then, node.without):
                    if events is None or events.stream not in self.schema.events:
                        continue
                    entity = Entity(EntityKind.STREAM, events.stream)
                    yield Occurrence(entity, events.stream_span)
                    if events.where is not None:
                        stack.append((events.where, self.schema.events[events.stream]))
            else:
                stack.extend((child, within) for child in ast.children(node))

    def _at(self, node: ast.Expr, scope: EventStream | None) -> Iterator[Occurrence]:
        match node:
            case ast.Name(name=name):
                entity = self._name(name, scope)
                if entity is not None:
                    yield Occurrence(entity, node.span)
            case ast.FieldOf(stream=stream, name=name):
                if stream in self.schema.events:
                    yield Occurrence(Entity(EntityKind.STREAM, stream), node.stream_span)
                    if name in self.schema.events[stream].fields:
                        field = Entity(EntityKind.FIELD, name, stream)
                        yield Occurrence(field, field_name_span(node))
            case ast.Call(func=func) if func in FUNCTIONS:
                yield Occurrence(Entity(EntityKind.FUNCTION, func), node.func_span)
            case ast.Compare(left=left, right=right) if node.op in ("=", "!="):
                yield from self._labels(left, right)
                yield from self._labels(right, left)
            case ast.In(operand=operand, collection=collection):
                yield from self._labels(operand, collection)

    def _name(self, name: str, scope: EventStream | None) -> Entity | None:
        if scope is not None and name in scope.fields:
            return Entity(EntityKind.FIELD, name, scope.name)
        return resolve(name, self.schema, self.defined)

    def _labels(self, operand: ast.Expr, values: ast.Expr) -> Iterator[Occurrence]:
        """`lifecycle = "lead"`, `lifecycle in ["new", "lead"]`: labels of a partition."""
        operand = ast.unwrap(operand)
        if not isinstance(operand, ast.Name):
            return
        partition = self.defined(operand.name)
        if partition is None or partition.kind is not EntityKind.PARTITION:
            return
        values = ast.unwrap(values)
        items = values.items if isinstance(values, ast.ListLit) else (values,)
        for item in items:
            if isinstance(item, ast.StringLit):
                label = Entity(EntityKind.LABEL, item.value, partition.name, partition.uri)
                yield Occurrence(label, item.span)
