"""The schema file: how the language maps onto tables.

Read from YAML *nodes* (not plain values) so that every problem has a line and column, and so that
unquoted set members such as `NO` (Norway) stay strings instead of YAML 1.1 booleans. Metric
expressions and channels' consent rules are parsed here with spans into the schema file; they
are type-checked by `checker.check_schema`, which `load_schema` runs. A schema built in code
(`schema_from_dict`) goes through the same reader as nodes without a position: its problems are
told without a location, and a metric's point into the metric's own text.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from segdsl import errors
from segdsl.diagnostics import Diagnostic, SegdslError, Source, Span, did_you_mean
from segdsl.semantics import calendar
from segdsl.semantics import types as t
from segdsl.syntax import ast
from segdsl.syntax.lexicon import FUNCTIONS, KEYWORDS, parse_duration
from segdsl.syntax.parser import check_size, parse_expression_source

BUILTIN_SETS: dict[str, tuple[str, ...]] = {
    # The 27 member states of the European Union (ISO 3166-1 alpha-2; Greece is GR).
    "EU": tuple(
        [
            "AT",
            "BE",
            "BG",
            "HR",
            "CY",
            "CZ",
            "DK",
            "EE",
            "FI",
            "FR",
            "DE",
            "GR",
            "HU",
            "IE",
            "IT",
            "LV",
            "LT",
            "LU",
            "MT",
            "NL",
            "PL",
            "PT",
            "RO",
            "SK",
            "SI",
            "ES",
            "SE",
        ]
    ),
}
BUILTIN_SETS["EEA"] = (*BUILTIN_SETS["EU"], "IS", "LI", "NO")

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_UNQUOTABLE = re.compile(r"[\"'`\x00-\x1f\x7f]")
_FILE_TABLE = re.compile(r".*\.(csv|tsv|parquet|json|ndjson)(\.gz)?\Z", re.IGNORECASE)


def _is_local_file(table: str) -> bool:
    """A file table on this machine, relative to the schema file unless absolute; not a URI
    (`s3a://bucket/orders.parquet`), which the engine reads as it is."""
    return bool(_FILE_TABLE.match(table)) and "://" not in table


@dataclass(frozen=True)
class Column:
    """An attribute of the entity or a field of an event stream."""

    name: str
    type: t.Type
    column: str
    # Where it is defined, for messages; None in a schema built in code.
    span: Span | None = field(compare=False, default=None)
    description: str | None = None
    pii: bool = False
    deprecated: bool = False
    nullable: bool = True


@dataclass(frozen=True)
class EventStream:
    name: str
    table: str
    time: str
    key: str
    fields: dict[str, Column]
    span: Span | None = field(compare=False, default=None)
    # Where `table:` and `key:` are written (a default key has none): diagnostics point there.
    table_span: Span | None = field(compare=False, default=None)
    key_span: Span | None = field(compare=False, default=None)
    # A promise about the data, like a foreign key (docs/schema.md, "Event streams"): each
    # event is of a customer in the entity table who exists at the event's time.
    of_existing: bool = False
    of_existing_span: Span | None = field(compare=False, default=None)

    @property
    def is_file(self) -> bool:
        return bool(_FILE_TABLE.match(self.table))


@dataclass(frozen=True)
class Metric:
    name: str
    expr: ast.Expr
    span: Span | None = field(compare=False, default=None)
    description: str | None = None


@dataclass(frozen=True)
class NamedSet:
    name: str
    values: tuple[str | int, ...]
    element: t.Type
    span: Span | None = field(compare=False, default=None)


@dataclass(frozen=True)
class Channel:
    """A channel members are exported for (`segdsl run --out F --channel NAME`), and its consent
    rule: a condition over the customer that every member written for the channel must meet."""

    name: str
    rule: ast.Expr
    span: Span | None = field(compare=False, default=None)
    description: str | None = None


@dataclass(frozen=True)
class AttributeHistory:
    """`history:` the values some attributes had over time, one row of `table` per customer and
    period: valid from `valid_from` (included) to `valid_to` (excluded; missing: still valid).
    The table holds the entity's key column and each attribute's column, named as in the entity
    table (docs/semantics.md, "Attributes in time")."""

    table: str
    valid_from: str
    valid_to: str
    attributes: tuple[str, ...]
    span: Span | None = field(compare=False, default=None)

    @property
    def is_file(self) -> bool:
        return bool(_FILE_TABLE.match(self.table))


REPORT_MEASURES = ("sends", "opens", "clicks", "orders", "revenue")


@dataclass(frozen=True)
class Report:
    """What `segdsl report` measures, written in the language: per-customer counts (sends,
    opens, clicks, orders) and revenue, plus what counts as a conversion: an order event
    within `within` after a click event (`count(stream where …)` expressions name each)."""

    measures: dict[str, Metric]
    conversion_click: Metric | None = None
    conversion_order: Metric | None = None
    within: str = "7d"


@dataclass(frozen=True)
class Schema:
    entity: str
    table: str
    key: str
    attributes: dict[str, Column]
    events: dict[str, EventStream]
    metrics: dict[str, Metric]
    sets: dict[str, NamedSet]
    # The schema file's text; None for a schema built in code.
    source: Source | None = field(compare=False, default=None)
    path: Path | None = field(compare=False, default=None)
    report: Report | None = field(compare=False, default=None)
    table_span: Span | None = field(compare=False, default=None)
    channels: dict[str, Channel] = field(default_factory=dict)
    # The SHA-256 of the schema's canonical form (`canonical_digest`), which exports record.
    digest: str = field(compare=False, default="")
    # The zone whose clocks answer calendar questions (docs/semantics.md, "Time zone").
    time_zone: str = "UTC"
    time_zone_span: Span | None = field(compare=False, default=None)
    # The string attribute holding each customer's own IANA zone, whose clocks answer the
    # calendar questions about that customer; `time_zone` where it is missing (docs/semantics.md,
    # "Per-customer time zones"). None: every customer on `time_zone`'s clocks.
    customer_time_zone: str | None = None
    # The attribute (a date or timestamp) from which a customer exists; before it, the customer
    # is in no population (docs/semantics.md, "Customers in time"). None: always.
    since: str | None = None
    # Where the attributes it lists are read as they stood at the as-of instant. None: every
    # attribute is read from the entity table.
    history: AttributeHistory | None = None

    @property
    def table_is_file(self) -> bool:
        return bool(_FILE_TABLE.match(self.table))

    def all_names(self) -> list[str]:
        return [*self.attributes, *self.metrics, *self.sets, *self.events]


class _Reader:
    """Walks YAML nodes, collecting located diagnostics instead of stopping at the first."""

    def __init__(self, source: Source):
        self.source = source
        self.diagnostics: list[Diagnostic] = []

    def span(self, node: yaml.Node) -> Span | None:
        if node.start_mark is None:
            return None
        return Span(self.source, node.start_mark.index, node.end_mark.index)

    def error(self, code: str, message: str, node: yaml.Node, hints: tuple[str, ...] = ()) -> None:
        self.diagnostics.append(Diagnostic(code, message, self.span(node), hints=hints))

    def mapping(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Key → (key node, value node); duplicate and non-string keys are errors."""
        if not isinstance(node, yaml.MappingNode):
            self.error(errors.E301, f"{what} must be a mapping (key: value lines)", node)
            return {}
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(errors.E301, f"keys in {what} must be plain names", key_node)
                continue
            key = str(key_node.value)
            if key in out:
                self.error(errors.E304, f"'{key}' is defined twice in {what}", key_node)
                continue
            out[key] = (key_node, value_node)
        return out

    def scalar(self, node: yaml.Node, what: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or (node.value == "" and node.style is None):
            self.error(errors.E301, f"{what} must be a single value", node)
            return None
        return str(node.value)

    def table(self, node: yaml.Node, what: str) -> str | None:
        """A table name or file path: a non-empty single value without quotes (SQL quotes
        names itself; a quote inside one would end it)."""
        value = self.scalar(node, what)
        if value is not None and not value.strip():
            self.error(errors.E331, f"{what} must not be empty", node)
            return None
        if value is not None and _UNQUOTABLE.search(value):
            self.error(
                errors.E339,
                f"{what} '{value}' contains a quote or a control character",
                node,
                ("table names and file paths cannot contain \", ', ` or control characters",),
            )
            return None
        return value

    def identifier(self, node: yaml.Node, what: str) -> str | None:
        value = self.scalar(node, what)
        if value is not None and not _IDENTIFIER.match(value):
            self.error(errors.E330, f"{what} '{value}' is not a valid name", node)
            return None
        return value

    def flag(self, node: yaml.Node, what: str) -> bool:
        value = self.scalar(node, what)
        if value is None:
            return False
        if value.lower() in ("true", "yes", "on"):
            return True
        if value.lower() in ("false", "no", "off"):
            return False
        self.error(errors.E301, f"{what} must be true or false", node)
        return False

    def unknown_keys(
        self, entries: dict[str, tuple[yaml.Node, yaml.Node]], allowed: tuple[str, ...], what: str
    ) -> None:
        for key, (key_node, _) in entries.items():
            if key not in allowed:
                self.error(
                    errors.E302,
                    f"unknown key '{key}' in {what}",
                    key_node,
                    did_you_mean(key, allowed) or ("allowed: " + ", ".join(allowed),),
                )

    def column_type(self, node: yaml.Node, name: str) -> Column | None:
        """`string` or `{type: enum, values: [...], pii: true, column: c, description: ...}`."""
        if isinstance(node, yaml.ScalarNode):
            type_ = self.type_name(node, node.value, None)
            return None if type_ is None else Column(name, type_, name, self.span(node))
        entries = self.mapping(node, f"'{name}'")
        self.unknown_keys(
            entries,
            ("type", "values", "column", "description", "pii", "deprecated", "nullable"),
            f"'{name}'",
        )
        if "type" not in entries:
            self.error(
                errors.E303, f"'{name}' has no type", node, ("add `type: string` (or int, …)",)
            )
            return None
        type_node = entries["type"][1]
        values_node = entries["values"][1] if "values" in entries else None
        type_ = self.type_name(type_node, self.scalar(type_node, "type") or "", values_node)
        if type_ is None:
            return None
        column = name
        if "column" in entries:
            column = self.identifier(entries["column"][1], "column") or name
        description = None
        if "description" in entries:
            description = self.scalar(entries["description"][1], "description")
        return Column(
            name,
            type_,
            column,
            self.span(node),
            description=description,
            pii="pii" in entries and self.flag(entries["pii"][1], "pii"),
            deprecated="deprecated" in entries
            and self.flag(entries["deprecated"][1], "deprecated"),
            nullable="nullable" not in entries or self.flag(entries["nullable"][1], "nullable"),
        )

    def type_name(self, node: yaml.Node, name: str, values_node: yaml.Node | None) -> t.Type | None:
        if name == "enum":
            if values_node is None:
                self.error(errors.E303, "an enum needs `values: [...]`", node)
                return None
            values = self.string_list(values_node, "enum values")
            if not values:
                self.error(errors.E331, "an enum needs at least one value", values_node)
                return None
            return t.enum_type(tuple(values))
        if values_node is not None:
            self.error(errors.E332, "`values` is only allowed with `type: enum`", values_node)
        found = t.SCALAR_TYPE_NAMES.get(name.lower())
        if found is None:
            known = sorted({*t.SCALAR_TYPE_NAMES, "enum"})
            self.error(
                errors.E333,
                f"unknown type '{name}'",
                node,
                did_you_mean(name.lower(), known)
                or ("types: int, decimal, string, bool, date, timestamp, enum",),
            )
        return found

    def string_list(self, node: yaml.Node, what: str) -> list[str]:
        if not isinstance(node, yaml.SequenceNode):
            self.error(errors.E301, f"{what} must be a list like [a, b]", node)
            return []
        out: list[str] = []
        for item in node.value:
            value = self.scalar(item, f"an item of {what}")
            if value is None:
                continue
            if value in out:
                self.error(errors.E304, f"'{value}' is listed twice in {what}", item)
            out.append(value)
        return out


def _parse_metric(
    reader: _Reader, name: str, node: yaml.Node, kind: str = "metric"
) -> Metric | None:
    """An expression of the language written in the schema (`kind` names it in messages): a
    metric, a report measure or a channel's consent rule; `expr` or `{expr: …, description: …}`."""
    description = None
    expr_node = node
    what = f"{kind} '{name}'"
    if isinstance(node, yaml.MappingNode):
        entries = reader.mapping(node, what)
        reader.unknown_keys(entries, ("expr", "description"), what)
        if "expr" not in entries:
            reader.error(errors.E303, f"{what} has no `expr`", node)
            return None
        expr_node = entries["expr"][1]
        if "description" in entries:
            description = reader.scalar(entries["description"][1], "description")
    text = reader.scalar(expr_node, what)
    if text is None:
        return None
    # Parse the expression where it stands in the file, so errors point into the schema. A plain
    # or quoted one-line scalar maps 1:1 onto the file (quotes shift it by one character).
    quoted = getattr(expr_node, "style", None) in ("'", '"')
    positioned = expr_node.start_mark is not None
    start = expr_node.start_mark.index + (1 if quoted else 0) if positioned else 0
    in_file = positioned and reader.source.text[start : start + len(text)] == text
    region = _unquoted_region(reader.source.text, expr_node, text) if positioned else None
    if in_file:
        padded = Source(reader.source.name, " " * start + text)
        source_text = reader.source.text
    elif region is not None:
        # A block or multi-line scalar: the same tokens where they stand, YAML's indentation
        # and block indicator blanked out (the language ignores whitespace and newlines).
        in_file = True
        padded = Source(reader.source.name, " " * expr_node.start_mark.index + region)
        source_text = reader.source.text
    else:
        padded = Source(reader.source.name, text)
        source_text = text
    try:
        expr = parse_expression_source(padded)
    except SegdslError as error:
        for d in error.diagnostics:
            span = d.span
            if span is not None:
                source = Source(reader.source.name, source_text) if not in_file else reader.source
                span = Span(source, span.start, span.end)
            reader.diagnostics.append(
                Diagnostic(d.code, f"in {what}: {d.message}", span, d.severity, d.hints)
            )
        return None
    if in_file:
        expr = _rebase(expr, reader.source)
    return Metric(name, expr, reader.span(expr_node), description)


def _unquoted_region(file_text: str, node: yaml.Node, text: str) -> str | None:
    """The file's text of an unquoted scalar that spans lines (`|`, `>` or plain), with a block
    indicator blanked out, if it holds the same words as the value YAML read."""
    style = getattr(node, "style", None)
    if style not in (None, "|", ">"):
        return None
    region = file_text[node.start_mark.index : node.end_mark.index]
    indicator = re.match(r"[|>][-+0-9]*", region) if style in ("|", ">") else None
    if indicator is not None:
        region = " " * indicator.end() + region[indicator.end() :]
    return region if region.split() == text.split() else None


def _rebase(expr: ast.Expr, source: Source) -> ast.Expr:
    """Point every span of a metric expression at the schema file's own Source."""
    import dataclasses

    def fix(value: object) -> object:
        if isinstance(value, Span):
            return Span(source, value.start, value.end)
        if isinstance(value, tuple):
            return tuple(fix(v) for v in value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {f.name: fix(getattr(value, f.name)) for f in dataclasses.fields(value)}
            return dataclasses.replace(value, **changes)
        return value

    return fix(expr)  # type: ignore[return-value]


def _set_values(reader: _Reader, name: str, node: yaml.Node) -> NamedSet | None:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        reader.error(errors.E301, f"set '{name}' must be a non-empty list like [DE, AT]", node)
        return None
    raw = [(item, reader.scalar(item, f"an item of set '{name}'")) for item in node.value]
    items = [(item, value) for item, value in raw if value is not None]
    # Unquoted whole numbers make an int set; anything else is a set of strings.
    whole = all(i.style is None and re.fullmatch(r"-?\d+", v) for i, v in items)
    seen: set[str | int] = set()
    for item, value in items:
        member = int(value) if whole else value
        if member in seen:
            reader.error(errors.E304, f"'{value}' is listed twice in set '{name}'", item)
        seen.add(member)
    if whole:
        return NamedSet(name, tuple(int(v) for _, v in items), t.INT, reader.span(node))
    return NamedSet(name, tuple(v for _, v in items), t.STRING, reader.span(node))


def parse_schema(text: str, name: str = "<schema>", path: Path | None = None) -> Schema:
    """Structural validation of a schema file. Metrics are parsed, not yet type-checked."""
    source = Source(name, text)
    check_size(source)
    reader = _Reader(source)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        offset = mark.index if mark is not None else 0
        message = f"the schema is not valid YAML: {error.problem or error.context}"
        raise SegdslError(
            [Diagnostic(errors.E300, message, Span(source, offset, offset + 1))]
        ) from None
    except yaml.reader.ReaderError as error:
        # A character YAML does not allow (a control character): located by its position.
        message = f"the schema is not valid YAML: {error.reason}"
        at = error.position
        raise SegdslError([Diagnostic(errors.E300, message, Span(source, at, at + 1))]) from None
    if root is None:
        raise SegdslError([Diagnostic(errors.E334, "the schema file is empty", Span(source, 0, 0))])
    return _read_schema(reader, root, path)


def schema_from_dict(data: Mapping[str, object], name: str = "<schema>") -> Schema:
    """A schema built in code: the structure of a schema file as Python values (types as their
    names, metrics as expression text). Checked like a file, metrics not yet type-checked."""
    return _read_schema(_Reader(Source(name, "")), _node(data), None)


def _node(value: object) -> yaml.Node:
    """A YAML node without a position for a Python value; text stays text (`"NO"`, `"01"`)."""
    if isinstance(value, Mapping):
        pairs = [(_node(k), _node(v)) for k, v in value.items()]
        return yaml.MappingNode("tag:yaml.org,2002:map", pairs)
    if isinstance(value, list | tuple):
        return yaml.SequenceNode("tag:yaml.org,2002:seq", [_node(v) for v in value])
    if value is None:
        return yaml.ScalarNode("tag:yaml.org,2002:null", "")
    if isinstance(value, bool):
        return yaml.ScalarNode("tag:yaml.org,2002:bool", str(value).lower())
    if isinstance(value, int):
        return yaml.ScalarNode("tag:yaml.org,2002:int", str(value))
    return yaml.ScalarNode("tag:yaml.org,2002:str", str(value), style='"')


def _read_schema(reader: _Reader, root: yaml.Node, path: Path | None) -> Schema:
    source = reader.source if root.start_mark is not None else None
    top = reader.mapping(root, "the schema")
    reader.unknown_keys(
        top,
        (
            "entity",
            "table",
            "key",
            "attributes",
            "events",
            "metrics",
            "sets",
            "report",
            "channels",
            "description",
            "time_zone",
            "customer_time_zone",
            "since",
            "history",
        ),
        "the schema",
    )
    for required in ("entity", "table", "key"):
        if required not in top and root is not None and isinstance(root, yaml.MappingNode):
            reader.error(errors.E303, f"the schema has no `{required}`", root)
    entity = reader.identifier(top["entity"][1], "entity") if "entity" in top else None
    table = reader.table(top["table"][1], "table") if "table" in top else None
    key = reader.identifier(top["key"][1], "key") if "key" in top else None
    if table is not None and path is not None and _is_local_file(table):
        table = str((path.parent / table).resolve())

    defined: dict[str, tuple[str, yaml.Node]] = {}

    def claim(name_: str, kind: str, node: yaml.Node) -> bool:
        if name_ in defined:
            other_kind, other = defined[name_]
            where = f" (line {other.start_mark.line + 1})" if other.start_mark else ""
            reader.error(errors.E336, f"'{name_}' is already defined as {other_kind}{where}", node)
            return False
        if name_ in BUILTIN_SETS:
            reader.error(errors.E337, f"'{name_}' is a built-in set and cannot be redefined", node)
            return False
        if name_ in KEYWORDS or name_ in FUNCTIONS:
            reader.error(errors.E337, f"'{name_}' is a keyword of the language", node)
            return False
        defined[name_] = (kind, node)
        return True

    attributes: dict[str, Column] = {}
    if "attributes" in top:
        for attr_name, (key_node, value_node) in reader.mapping(
            top["attributes"][1], "attributes"
        ).items():
            if reader.identifier(key_node, "attribute name") is None:
                continue
            column = reader.column_type(value_node, attr_name)
            if column is not None and claim(attr_name, "an attribute", key_node):
                attributes[attr_name] = column
    if key is not None and key not in attributes:
        # The key is always a (present, integer-or-string) attribute; an int unless declared.
        attributes[key] = Column(key, t.INT, key, reader.span(top["key"][1]), nullable=False)
        defined[key] = ("the key", top["key"][1])

    events: dict[str, EventStream] = {}
    if "events" in top:
        for stream_name, (key_node, value_node) in reader.mapping(
            top["events"][1], "events"
        ).items():
            if reader.identifier(key_node, "event stream name") is None:
                continue
            # Streams have a namespace of their own: they only appear as aggregate arguments
            # (`count(email)`, `max(email.ts)`), so the shop's `email` attribute can coexist.
            stream = _parse_stream(reader, stream_name, value_node, key or "", path)
            if stream is not None:
                events[stream_name] = stream

    metrics: dict[str, Metric] = {}
    if "metrics" in top:
        for metric_name, (key_node, value_node) in reader.mapping(
            top["metrics"][1], "metrics"
        ).items():
            if reader.identifier(key_node, "metric name") is None:
                continue
            metric = _parse_metric(reader, metric_name, value_node)
            if metric is not None and claim(metric_name, "a metric", key_node):
                metrics[metric_name] = metric

    sets: dict[str, NamedSet] = {
        n: NamedSet(n, values, t.STRING) for n, values in BUILTIN_SETS.items()
    }
    if "sets" in top:
        for set_name, (key_node, value_node) in reader.mapping(top["sets"][1], "sets").items():
            if reader.identifier(key_node, "set name") is None:
                continue
            named = _set_values(reader, set_name, value_node)
            if named is not None and claim(set_name, "a set", key_node):
                sets[set_name] = named

    report = _parse_report(reader, top["report"][1]) if "report" in top else None
    time_zone, time_zone_span = "UTC", None
    if "time_zone" in top:
        zone_node = top["time_zone"][1]
        time_zone = _time_zone(reader, zone_node) or time_zone
        time_zone_span = reader.span(zone_node)

    since = _since(reader, top["since"][1], attributes, key) if "since" in top else None
    customer_time_zone = None
    if "customer_time_zone" in top:
        customer_time_zone = _customer_time_zone(reader, top["customer_time_zone"][1], attributes)
    history = None
    if "history" in top:
        history = _history(reader, top["history"][1], attributes, key, since, path)

    # Channels have a namespace of their own: they are named by `--channel`, never in conditions.
    channels: dict[str, Channel] = {}
    if "channels" in top:
        for channel_name, (key_node, value_node) in reader.mapping(
            top["channels"][1], "channels"
        ).items():
            if reader.identifier(key_node, "channel name") is None:
                continue
            rule = _parse_metric(reader, channel_name, value_node, "channel")
            if rule is not None:
                channels[channel_name] = Channel(
                    channel_name, rule.expr, rule.span, rule.description
                )

    if reader.diagnostics:
        raise SegdslError(reader.diagnostics)
    assert entity is not None and table is not None and key is not None
    table_span = reader.span(top["table"][1])
    return Schema(
        entity,
        table,
        key,
        attributes,
        events,
        metrics,
        sets,
        source,
        path,
        report,
        table_span,
        channels,
        canonical_digest(root),
        time_zone=time_zone,
        time_zone_span=time_zone_span,
        customer_time_zone=customer_time_zone,
        since=since,
        history=history,
    )


def _since(
    reader: _Reader, node: yaml.Node, attributes: dict[str, Column], key: str | None
) -> str | None:
    """`since: signup_at`: a date or timestamp attribute, not the key."""
    name = reader.identifier(node, "since")
    if name is None:
        return None
    column = attributes.get(name)
    if column is None or name == key:
        reader.error(
            errors.E341,
            f"`since` names '{name}', which is not an attribute of the entity",
            node,
            did_you_mean(name, [a for a in attributes if attributes[a].type.is_temporal]),
        )
        return None
    if not column.type.is_temporal:
        reader.error(
            errors.E341,
            f"`since` names '{name}', a {column.type} attribute, not a date or timestamp",
            node,
        )
        return None
    return name


def _customer_time_zone(
    reader: _Reader, node: yaml.Node, attributes: dict[str, Column]
) -> str | None:
    """`customer_time_zone: tz`: a string attribute holding IANA zone names."""
    name = reader.identifier(node, "customer_time_zone")
    if name is None:
        return None
    column = attributes.get(name)
    if column is None:
        reader.error(
            errors.E345,
            f"`customer_time_zone` names '{name}', which is not an attribute of the entity",
            node,
            did_you_mean(name, [a for a in attributes if attributes[a].type.is_textual]),
        )
        return None
    if not column.type.is_textual:
        reader.error(
            errors.E345,
            f"`customer_time_zone` names '{name}', a {column.type} attribute, not a string",
            node,
        )
        return None
    return name


def _history(
    reader: _Reader,
    node: yaml.Node,
    attributes: dict[str, Column],
    key: str | None,
    since: str | None,
    path: Path | None,
) -> AttributeHistory | None:
    """`history: {table: …, valid_from: …, valid_to: …, attributes: [country, …]}`: the listed
    attributes are attributes of the entity other than the key and `since`, and the validity
    columns are two columns of their own."""
    if not isinstance(node, yaml.MappingNode):
        reader.mapping(node, "history")  # reports it
        return None
    entries = reader.mapping(node, "history")
    required = ("table", "valid_from", "valid_to", "attributes")
    reader.unknown_keys(entries, required, "history")
    missing = [k for k in required if k not in entries]
    for absent in missing:
        reader.error(errors.E303, f"history has no `{absent}`", node)
    if missing:
        return None
    table = reader.table(entries["table"][1], "history.table")
    valid_from = reader.identifier(entries["valid_from"][1], "history.valid_from")
    valid_to = reader.identifier(entries["valid_to"][1], "history.valid_to")
    listed_node = entries["attributes"][1]
    listed = reader.string_list(listed_node, "history.attributes")
    if isinstance(listed_node, yaml.SequenceNode) and not listed_node.value:
        reader.error(errors.E331, "history.attributes must list at least one attribute", node)
    items = listed_node.value if isinstance(listed_node, yaml.SequenceNode) else []
    for item in items:
        if not isinstance(item, yaml.ScalarNode):
            continue  # string_list reported it
        name = str(item.value)
        if name in (key, since):
            role = "the key" if name == key else "`since`"
            reader.error(
                errors.E347,
                f"history.attributes lists '{name}', {role}, which is read from the entity "
                "table only",
                item,
            )
        elif name not in attributes:
            others = [a for a in attributes if a not in (key, since)]
            reader.error(
                errors.E347,
                f"history.attributes lists '{name}', which is not an attribute of the entity",
                item,
                did_you_mean(name, others),
            )
    columns = {attributes[a].column: f"the attribute '{a}'" for a in listed if a in attributes}
    if key is not None:
        columns[key] = "the key"
    for what, column in (("valid_from", valid_from), ("valid_to", valid_to)):
        value_node = entries[what][1]
        if column is not None and column in columns:
            reader.error(
                errors.E348,
                f"history.{what} names the column '{column}', which holds {columns[column]}",
                value_node,
            )
        elif column is not None and what == "valid_to" and column == valid_from:
            reader.error(
                errors.E348, f"history.valid_to names '{column}', as valid_from does", value_node
            )
    if table is None or valid_from is None or valid_to is None:
        return None
    if path is not None and _is_local_file(table):
        table = str((path.parent / table).resolve())
    return AttributeHistory(table, valid_from, valid_to, tuple(listed), reader.span(node))


def canonical_digest(root: yaml.Node) -> str:
    """The SHA-256 (hex) of a schema's canonical form: its YAML tree as compact JSON, mappings
    in their order (attributes' order is meaningful), each value as its text and YAML type
    (`[DE]` and `["1"]` differ from `[1]`), without comments, quoting or layout."""

    def canonical(node: yaml.Node) -> object:
        if isinstance(node, yaml.MappingNode):
            return {str(key.value): canonical(value) for key, value in node.value}
        if isinstance(node, yaml.SequenceNode):
            return [canonical(item) for item in node.value]
        return [node.tag.rsplit(":", 1)[-1], str(node.value)]

    text = json.dumps(canonical(root), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def with_time_zone(schema: Schema, zone: str | None, origin: str) -> Schema:
    """The schema answering calendar questions on the clocks of `zone`, the project file's
    `time_zone` (named in messages as `origin`), which wins over the schema's own (docs/cli.md,
    "Project files"); the schema itself without one. The digest exports record changes with
    the zone, since the members do."""
    if zone is None or zone == schema.time_zone:
        return schema
    if calendar.zone(zone) is None:
        hints = did_you_mean(zone, sorted(calendar.zone_names())) or (
            "time zones are IANA names like Europe/Warsaw or America/Los_Angeles",
        )
        message = f"{origin}: unknown time zone '{zone}'"
        raise SegdslError([Diagnostic(errors.E611, message, None, hints=hints)])
    digest = schema.digest
    if digest:
        digest = hashlib.sha256(f"{digest}\0time_zone={zone}".encode()).hexdigest()
    return replace(schema, time_zone=zone, time_zone_span=None, digest=digest)


def _time_zone(reader: _Reader, node: yaml.Node) -> str | None:
    """An IANA time zone name that Python's zone database knows (`Europe/Warsaw`)."""
    name = reader.scalar(node, "time_zone")
    if name is None:
        return None
    if calendar.zone(name) is None:
        reader.error(
            errors.E340,
            f"unknown time zone '{name}'",
            node,
            did_you_mean(name, sorted(calendar.zone_names()))
            or ("time zones are IANA names like Europe/Warsaw or America/Los_Angeles",),
        )
        return None
    return name


def _parse_report(reader: _Reader, node: yaml.Node) -> Report | None:
    entries = reader.mapping(node, "report")
    reader.unknown_keys(entries, (*REPORT_MEASURES, "conversion"), "report")
    measures: dict[str, Metric] = {}
    for name in REPORT_MEASURES:
        if name not in entries:
            reader.error(errors.E311, f"report has no `{name}`", node)
            continue
        metric = _parse_metric(reader, f"report.{name}", entries[name][1])
        if metric is not None:
            measures[name] = metric
    if "conversion" not in entries:
        return Report(measures)
    conversion = reader.mapping(entries["conversion"][1], "report.conversion")
    reader.unknown_keys(conversion, ("click", "order", "within"), "report.conversion")
    parts: dict[str, Metric | None] = {}
    for part in ("click", "order"):
        if part not in conversion:
            reader.error(
                errors.E311, f"report.conversion has no `{part}`", entries["conversion"][1]
            )
            parts[part] = None
            continue
        parts[part] = _parse_metric(reader, f"report.conversion.{part}", conversion[part][1])
    within = "7d"
    if "within" in conversion:
        within_node = conversion["within"][1]
        within = reader.scalar(within_node, "report.conversion.within") or within
        duration = parse_duration(within.strip())
        if duration is None or duration[0] == 0:
            reader.error(
                errors.E338,
                f"report.conversion.within '{within}' is not a duration like 7d",
                within_node,
            )
    return Report(measures, parts["click"], parts["order"], within)


def _parse_stream(
    reader: _Reader, name: str, node: yaml.Node, entity_key: str, path: Path | None
) -> EventStream | None:
    entries = reader.mapping(node, f"event stream '{name}'")
    reader.unknown_keys(
        entries,
        ("table", "time", "key", "fields", "of_existing", "description"),
        f"event stream '{name}'",
    )
    ok = True
    for required in ("table", "time"):
        if required not in entries:
            reader.error(errors.E303, f"event stream '{name}' has no `{required}`", node)
            ok = False
    if not ok:
        return None
    table = reader.table(entries["table"][1], "table")
    time = reader.identifier(entries["time"][1], "time")
    join_key = entity_key
    if "key" in entries:
        join_key = reader.identifier(entries["key"][1], "key") or entity_key
    fields: dict[str, Column] = {}
    if "fields" in entries:
        for field_name, (key_node, value_node) in reader.mapping(
            entries["fields"][1], f"fields of '{name}'"
        ).items():
            if reader.identifier(key_node, "field name") is None:
                continue
            column = reader.column_type(value_node, field_name)
            if column is not None:
                fields[field_name] = column
    if table is None or time is None:
        return None
    if time not in fields:
        # The time column is a field too, so filters can say `created_at < 90d`.
        fields[time] = Column(time, t.TIMESTAMP, time, reader.span(entries["time"][1]))
    elif fields[time].type != t.TIMESTAMP:
        reader.error(
            errors.E335, f"the time field '{time}' must be a timestamp", entries["time"][1]
        )
    if path is not None and _is_local_file(table):
        table = str((path.parent / table).resolve())
    key_span = reader.span(entries["key"][1]) if "key" in entries else None
    return EventStream(
        name,
        table,
        time,
        join_key,
        fields,
        reader.span(node),
        reader.span(entries["table"][1]),
        key_span,
        "of_existing" in entries and reader.flag(entries["of_existing"][1], "of_existing"),
        reader.span(entries["of_existing"][0]) if "of_existing" in entries else None,
    )


def read_schema_file(path: Path) -> Schema:
    """Read and structurally validate a schema file (metrics not yet type-checked)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SegdslError(
            [Diagnostic(errors.E310, f"schema file not found: {path}", None)]
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise SegdslError(
            [Diagnostic(errors.E310, f"cannot read schema {path}: {error}", None)]
        ) from None
    return parse_schema(text, str(path), path)
