"""The database against the schema, before any query runs.

Every table the schema uses must exist, and every column it names (the entity key, attributes,
each event stream's key, time and fields) must exist with a type that holds the schema's type.
A mismatch is a diagnostic at the schema entry that names the table and the column, instead of
the engine's binder error (or, worse, a silent conversion). Only catalog queries run: one per
table. The rules are written for users in docs/schema.md ("Checking the database") and per
engine in docs/dialects.md.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import sqlglot
from sqlglot import exp

from segdsl import errors
from segdsl.diagnostics import Diagnostic, EngineError, Span, did_you_mean
from segdsl.semantics import calendar
from segdsl.semantics import types as t
from segdsl.semantics.schema import AttributeHistory, Schema
from segdsl.sql.dialects import DIALECTS
from segdsl.sql.dialects.base import cast_to
from segdsl.sql.sources import table_source


class _Rows(Protocol):
    batches: Iterator[list[tuple[Any, ...]]]


class Database(Protocol):
    """What the check reads of an open database (`Database` in segdsl/runtime/engines/base.py): it
    asks the catalog with queries that must not themselves wait for the check."""

    dialect: str
    display_name: str
    engine: str

    def query_unchecked(self, sql: str) -> _Rows: ...


class Storage(enum.Enum):
    """What an engine's column type stores, as far as the language is concerned."""

    INT = "int"
    DECIMAL = "decimal"
    FLOAT = "float"
    STRING = "string"
    BOOL = "bool"
    DATE = "date"
    TIMESTAMP = "timestamp"
    UNTYPED = "untyped"  # SQLite columns declared without a type: any value
    OTHER = "other"


# The column types that hold each schema type, on every engine. A DATE does not hold a
# `timestamp` (date text orders before a timestamp text on SQLite, and PostgreSQL's date minus
# date is a number of days), nor a TIMESTAMP a `date` (its time of day would be ignored).
_HOLDS: dict[t.Kind, frozenset[Storage]] = {
    t.Kind.INT: frozenset({Storage.INT}),
    t.Kind.DECIMAL: frozenset({Storage.INT, Storage.DECIMAL, Storage.FLOAT}),
    t.Kind.STRING: frozenset({Storage.STRING}),
    t.Kind.ENUM: frozenset({Storage.STRING}),
    t.Kind.BOOL: frozenset({Storage.BOOL}),
    t.Kind.DATE: frozenset({Storage.DATE}),
    t.Kind.TIMESTAMP: frozenset({Storage.TIMESTAMP}),
}
# What an engine family stores differently: MySQL's BOOLEAN is TINYINT(1), so booleans are
# integers (0/1) there; SQLite has no boolean or date types (booleans 0/1, ISO-8601 text).
_ALSO_HOLDS: dict[str, dict[t.Kind, frozenset[Storage]]] = {
    "mysql": {t.Kind.BOOL: frozenset({Storage.INT})},
    "sqlite": {
        t.Kind.BOOL: frozenset({Storage.INT}),
        t.Kind.DATE: frozenset({Storage.STRING}),
        t.Kind.TIMESTAMP: frozenset({Storage.STRING}),
    },
}
# The schema type to suggest for a column of each storage.
_DECLARE = {
    Storage.INT: "int",
    Storage.DECIMAL: "decimal",
    Storage.FLOAT: "decimal",
    Storage.STRING: "string",
    Storage.BOOL: "bool",
    Storage.DATE: "date",
    Storage.TIMESTAMP: "timestamp",
}

_TYPE_NAMES: dict[Storage, frozenset[str]] = {
    Storage.INT: frozenset(
        [
            "tinyint",
            "smallint",
            "mediumint",
            "int",
            "integer",
            "bigint",
            "hugeint",
            "int1",
            "int2",
            "int4",
            "int8",
            "int16",
            "int32",
            "int64",
            "int128",
            "utinyint",
            "usmallint",
            "uinteger",
            "ubigint",
            "uhugeint",
            "serial",
            "smallserial",
            "bigserial",
            "long",
            "short",
            "signed",
        ]
    ),
    Storage.DECIMAL: frozenset({"decimal", "numeric", "dec", "fixed", "number", "bignumeric"}),
    Storage.FLOAT: frozenset(
        {"real", "float", "double", "double precision", "float4", "float8", "float32", "float64"}
    ),
    Storage.STRING: frozenset(
        {
            "varchar",
            "char",
            "character",
            "character varying",
            "nvarchar",
            "nchar",
            "text",
            "tinytext",
            "mediumtext",
            "longtext",
            "string",
            "bpchar",
            "citext",
            "enum",
            "fixedstring",
        }
    ),
    Storage.BOOL: frozenset({"boolean", "bool", "logical"}),
    Storage.DATE: frozenset({"date", "date32"}),
    Storage.TIMESTAMP: frozenset(
        {
            "timestamp",
            "datetime",
            "timestamp without time zone",
            "timestamp with time zone",
            "timestamptz",
            "timestamp_s",
            "timestamp_ms",
            "timestamp_us",
            "timestamp_ns",
            "timestamp_ntz",
            "timestamp_ltz",
            "timestamp_tz",
            "datetime64",
        }
    ),
}
_STORAGE_BY_NAME = {name: storage for storage, names in _TYPE_NAMES.items() for name in names}


def storage_of(type_text: str, dialect: str) -> Storage:
    """The storage of a column type as the engine reports it (`VARCHAR`, `numeric(12,2)`,
    `tinyint(1)`, `ENUM('a', 'b')`, `timestamp(6) without time zone`, `INTEGER[]`)."""
    text = " ".join(type_text.lower().split())
    if dialect == "sqlite":
        return _sqlite_storage(text)
    if dialect == "clickhouse":
        return _clickhouse_storage(text)
    return _named_storage(text)


def _clickhouse_storage(text: str) -> Storage:
    """ClickHouse's types: wrapped in Nullable(…) or LowCardinality(…); Decimal32(S) to
    Decimal256(S) give only the scale."""
    wrapped = re.fullmatch(r"(?:nullable|lowcardinality)\((.*)\)", text)
    if wrapped:
        return _clickhouse_storage(wrapped.group(1))
    sized = re.fullmatch(r"decimal(?:32|64|128|256)\((\d+)\)", text)
    if sized:
        return Storage.INT if sized.group(1) == "0" else Storage.DECIMAL
    if re.fullmatch(r"u?int(8|16|32|64|128|256)", text):
        return Storage.INT
    if re.fullmatch(r"enum(8|16)?\(.*\)", text):
        return Storage.STRING
    return _named_storage(text)


def _named_storage(text: str) -> Storage:
    if text.endswith("]"):
        return Storage.OTHER  # an array
    arguments = re.findall(r"\(([^)]*)\)", text)
    name = re.sub(r"\(.*?\)", "", text)
    name = " ".join(w for w in name.split() if w not in ("unsigned", "signed", "zerofill"))
    storage = _STORAGE_BY_NAME.get(name, Storage.OTHER)
    if storage is Storage.DECIMAL and arguments and _scale(arguments[0]) == 0:
        return Storage.INT  # DECIMAL(10,0): whole numbers
    return storage


def _scale(arguments: str) -> int:
    parts = [p.strip() for p in arguments.split(",")]
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def _sqlite_storage(text: str) -> Storage:
    """A declared SQLite type: by its name when it is one segdsl knows, otherwise by SQLite's
    type affinity rules (https://www.sqlite.org/datatype3.html, section 3.1)."""
    if not text:
        return Storage.UNTYPED
    named = _named_storage(text)
    if named is not Storage.OTHER:
        return named
    if "int" in text:
        return Storage.INT
    if any(word in text for word in ("char", "clob", "text")):
        return Storage.STRING
    if "blob" in text:
        return Storage.OTHER
    if any(word in text for word in ("real", "floa", "doub")):
        return Storage.FLOAT
    return Storage.DECIMAL  # NUMERIC affinity


def holds(kind: t.Kind, storage: Storage, dialect: str) -> bool:
    """Whether a column of this storage holds values of the schema type `kind` on `dialect`."""
    if storage is Storage.UNTYPED:
        return True
    also = _ALSO_HOLDS.get(dialect, {}).get(kind, frozenset())
    return storage in _HOLDS[kind] or storage in also


@dataclass(frozen=True)
class DatabaseColumn:
    name: str
    type: str  # as the engine spells it


class _Part(enum.Enum):
    """What a column is to the schema (the advice for a wrong type depends on it)."""

    KEY = "key"
    STREAM_KEY = "stream key"
    TIME = "time"
    VALUE = "value"  # an attribute or a field


@dataclass(frozen=True)
class _ColumnUse:
    """A column the schema names, and what it says the column is."""

    role: str  # e.g. "attribute 'gender'"
    name: str  # in the schema
    column: str  # in the table
    type: t.Type
    span: Span | None
    part: _Part


@dataclass(frozen=True)
class _TableUse:
    table: str
    owner: str  # e.g. "event stream 'orders'"
    span: Span | None
    is_file: bool
    columns: tuple[_ColumnUse, ...]


def _uses(schema: Schema) -> list[_TableUse]:
    key = schema.attributes[schema.key]
    entity_columns = [
        _ColumnUse(
            f"the key '{name}'" if name == schema.key else f"attribute '{name}'",
            name,
            column.column,
            column.type,
            column.span,
            _Part.KEY if name == schema.key else _Part.VALUE,
        )
        for name, column in schema.attributes.items()
    ]
    uses = [
        _TableUse(
            schema.table,
            f"the entity '{schema.entity}'",
            schema.table_span,
            schema.table_is_file,
            tuple(entity_columns),
        )
    ]
    for stream in schema.events.values():
        columns = [
            _ColumnUse(
                f"the key of event stream '{stream.name}'",
                stream.key,
                stream.key,
                key.type,
                stream.key_span or stream.span,
                _Part.STREAM_KEY,
            )
        ]
        for name, column in stream.fields.items():
            is_time = name == stream.time
            columns.append(
                _ColumnUse(
                    f"the time of event stream '{stream.name}'"
                    if is_time
                    else f"field '{name}' of event stream '{stream.name}'",
                    name,
                    column.column,
                    column.type,
                    column.span,
                    _Part.TIME if is_time else _Part.VALUE,
                )
            )
        uses.append(
            _TableUse(
                stream.table,
                f"event stream '{stream.name}'",
                stream.table_span or stream.span,
                stream.is_file,
                tuple(columns),
            )
        )
    if schema.history is not None:
        uses.append(_history_use(schema, schema.history))
    return uses


def _history_use(schema: Schema, history: AttributeHistory) -> _TableUse:
    """The history table: the entity's key, the validity columns and the listed attributes."""
    key = schema.attributes[schema.key]
    columns = [
        _ColumnUse(
            "the key of the history",
            schema.key,
            key.column,
            key.type,
            history.span,
            _Part.STREAM_KEY,
        ),
        *(
            _ColumnUse(f"history.{role}", column, column, t.TIMESTAMP, history.span, _Part.TIME)
            for role, column in (("valid_from", history.valid_from), ("valid_to", history.valid_to))
        ),
    ]
    for name in history.attributes:
        column = schema.attributes[name]
        columns.append(
            _ColumnUse(
                f"attribute '{name}' in the history",
                name,
                column.column,
                column.type,
                history.span,
                _Part.VALUE,
            )
        )
    return _TableUse(history.table, "the history", history.span, history.is_file, tuple(columns))


class _Unreadable(Exception):
    """The table (or file) exists but its columns cannot be read; the engine's reason."""


def schema_problems(database: Database, schema: Schema) -> tuple[Diagnostic, ...]:
    """Every mismatch between the schema and the database, as located diagnostics."""
    read: dict[str, list[DatabaseColumn] | _Unreadable] = {}
    problems: list[Diagnostic] = []
    for use in _uses(schema):
        if use.is_file and not DIALECTS[database.dialect].reads_file(use.table):
            problems.append(
                Diagnostic(
                    errors.E320,
                    f"table '{use.table}' of {use.owner} is a file, which "
                    f"{database.engine} does not read",
                    use.span,
                    hints=(
                        "run on DuckDB (--db :memory: or a DuckDB file), which reads CSV, "
                        "Parquet and JSON files; Spark reads Parquet files",
                    ),
                )
            )
            continue
        if use.table not in read:
            try:
                read[use.table] = _READERS[database.dialect](database, use.table)
            except _Unreadable as error:
                read[use.table] = error
        found = read[use.table]
        if isinstance(found, _Unreadable):
            problems.append(
                Diagnostic(
                    errors.E320,
                    f"cannot read table '{use.table}' of {use.owner}: {found}",
                    use.span,
                )
            )
        elif not found:
            problems.append(_missing_table(database, use))
        else:
            problems.extend(_column_problems(database.dialect, use, found))
    zone = zone_problem(database, schema)
    return tuple(problems if zone is None else [*problems, zone])


# MySQL and MariaDB read zone names from tables that a fresh server leaves empty; SQLite reads
# local times with a function segdsl registers on its own connections.
_ZONE_ADVICE = {
    "mysql": "load the server's time zone tables: mysql_tzinfo_to_sql /usr/share/zoneinfo | "
    "mysql -u root mysql (docs/dialects.md)",
    "sqlite": "register segdsl's functions on the connection: "
    "segdsl.runtime.engines.register_sqlite_functions(connection)",
}


# A zone every zone database holds, probed for the customers' own zones (`customer_time_zone`).
_NAMED_ZONE = "Europe/Warsaw"


def zone_problem(database: Database, schema: Schema) -> Diagnostic | None:
    """The schema's time zone, if the database cannot read a time on its clocks: the SQL of
    date parts and of periods without --as-of asks it to (docs/semantics.md, "Time zone")."""
    from segdsl.sql.dialects import DIALECTS

    dialect = DIALECTS[database.dialect]
    zone = schema.time_zone
    if zone == calendar.UTC and schema.customer_time_zone is not None:
        # The customers' own zones are named too: the database must read some zone's clocks.
        zone = _NAMED_ZONE
    if zone == calendar.UTC or not dialect.zone_conversion:
        return None
    instant = dialect.timestamp_literal(dt.datetime(2000, 1, 1))
    probe = exp.select(dialect.local_timestamp(instant, exp.Literal.string(zone)))
    try:
        rows = _rows(database, dialect.sql(probe))
        reason = "it does not know the zone" if rows[0][0] is None else None
    except EngineError as error:
        reason = str(error).removeprefix(f"{database.display_name}: ")
    if reason is None:
        return None
    advice = _ZONE_ADVICE.get(database.dialect, "use a zone name the database knows")
    return Diagnostic(
        errors.E323,
        f"{database.display_name} cannot read times on the clocks of {zone}: {reason}",
        schema.time_zone_span,
        hints=(advice,),
    )


def broken_promises(database: Database, schema: Schema) -> tuple[Diagnostic, ...]:
    """For each event stream that promises `of_existing`, the events that break the promise, if
    any: of no customer, or earlier than their customer's `since` (docs/schema.md, "Event
    streams"). Events without a time count for nobody and are not counted. Reads every such
    stream whole, so it runs only when asked (`segdsl check --db`)."""
    dialect = DIALECTS[database.dialect]
    problems = []
    for stream in schema.events.values():
        if not stream.of_existing:
            continue
        time = exp.column(stream.fields[stream.time].column, table="e")
        matches: list[exp.Expr] = [
            exp.EQ(
                this=exp.column(schema.key, table="c"),
                expression=exp.column(stream.key, table="e"),
            )
        ]
        if schema.since is not None:
            column = schema.attributes[schema.since]
            since: exp.Expr = exp.column(column.column, table="c")
            if column.type == t.DATE:
                since = cast_to(since, exp.DType.TIMESTAMP)
            matches.append(
                exp.or_(
                    exp.Is(this=since, expression=exp.Null()), exp.LTE(this=since, expression=time)
                )
            )
        customer = (
            exp.select(exp.Literal.number(1))
            .from_(exp.alias_(table_source(schema.table), "c", table=True))
            .where(exp.and_(*matches))
        )
        broken = (
            exp.select(exp.Count(this=exp.Star()))
            .from_(exp.alias_(table_source(stream.table), "e", table=True))
            .where(
                exp.and_(
                    exp.not_(exp.Is(this=time.copy(), expression=exp.Null())),
                    exp.not_(exp.Exists(this=customer)),
                )
            )
        )
        count = int(_rows(database, dialect.sql(broken))[0][0])
        if count:
            before = " or earlier than their customer's `since`" if schema.since else ""
            problems.append(
                Diagnostic(
                    errors.E324,
                    f"`of_existing: true` promises that every event of stream '{stream.name}' "
                    f"is of an existing customer, but {count:,} event{'s' * (count != 1)} of table "
                    f"'{stream.table}' "
                    f"{'are' if count != 1 else 'is'} of no customer{before}",
                    stream.of_existing_span or stream.span,
                    hints=(
                        "remove `of_existing` (queries then join every member to the customers "
                        "who exist), or correct the data",
                    ),
                )
            )
    return tuple(problems)


def _missing_table(database: Database, use: _TableUse) -> Diagnostic:
    tables = _table_names(database, use.table)
    return Diagnostic(
        errors.E320,
        f"table '{use.table}' of {use.owner} does not exist in {database.display_name}",
        use.span,
        hints=did_you_mean(_parts(use.table)[0], tables)
        or (("tables: " + ", ".join(sorted(tables)),) if tables else ()),
    )


def _column_problems(dialect: str, use: _TableUse, found: list[DatabaseColumn]) -> list[Diagnostic]:
    # The generated SQL names columns unquoted: PostgreSQL folds such names to lower case, the
    # other engines compare column names without regard to case.
    if dialect == "postgres":
        by_name = {c.name: c for c in found}
    else:
        by_name = {c.name.lower(): c for c in found}
    problems = []
    for wanted in use.columns:
        column = by_name.get(wanted.column.lower())
        if column is None:
            problems.append(
                Diagnostic(
                    errors.E321,
                    f"{wanted.role}: table '{use.table}' has no column '{wanted.column}'",
                    wanted.span,
                    hints=did_you_mean(wanted.column, [c.name for c in found])
                    or ("its columns: " + ", ".join(c.name for c in found),),
                )
            )
            continue
        storage = storage_of(column.type, dialect)
        if holds(wanted.type.kind, storage, dialect):
            continue
        declared = t.Kind.ENUM.value if wanted.type.kind is t.Kind.ENUM else str(wanted.type)
        problems.append(
            Diagnostic(
                errors.E322,
                f"{wanted.role} is declared {declared}, but column '{column.name}' of table "
                f"'{use.table}' is {column.type}",
                wanted.span,
                hints=(_type_advice(wanted, _DECLARE.get(storage)),),
            )
        )
    return problems


def _type_advice(wanted: _ColumnUse, suggestion: str | None) -> str:
    if wanted.part is _Part.TIME:
        return "an event stream's time must be a timestamp column: convert it in a view"
    if suggestion is None:
        return (
            "segdsl reads int, decimal, string, bool, date and timestamp columns: convert the "
            "column in a view"
        )
    if wanted.part is _Part.KEY:
        return f"declare the key's type under `attributes:` as `{wanted.name}: {suggestion}`"
    if wanted.part is _Part.STREAM_KEY:
        return "an event stream's key must hold the entity key's type"
    return f"declare it `{suggestion}`, or convert the column in a view"


# -- catalog queries, one family of engines each ----------------------------------------------


def _catalog(database: Database, sql: str, **values: str | None) -> list[tuple[object, ...]]:
    """Run a catalog query, given as SQL text with `:name` placeholders for string values."""
    return _rows(database, _catalog_sql(database.dialect, sql, tuple(sorted(values.items()))))


def _rows(database: Database, sql: str) -> list[tuple[Any, ...]]:
    """Every row of `sql`, run without waiting for the check (which it is part of)."""
    return [row for batch in database.query_unchecked(sql).batches for row in batch]


@functools.lru_cache(maxsize=1024)
def _catalog_sql(dialect_name: str, sql: str, values: tuple[tuple[str, str | None], ...]) -> str:
    # Cached: the REPL and the Python API check again on every new connection.
    dialect = DIALECTS[dialect_name]
    literals = {
        name: exp.null() if value is None else exp.Literal.string(value) for name, value in values
    }
    tree = exp.replace_placeholders(sqlglot.parse_one(sql, read=dialect.sqlglot_name), **literals)
    return dialect.sql(tree, copy=False)


def _parts(table: str) -> tuple[str, str | None]:
    """A table name's last part and its qualifier (`analytics.orders`: orders, analytics)."""
    from segdsl.sql.sources import table_source

    parsed = table_source(table)
    return parsed.name, parsed.text("db") or None


def _described(rows: list[tuple[object, ...]]) -> list[DatabaseColumn]:
    return [DatabaseColumn(str(row[0]), str(row[1] or "")) for row in rows]


def _described_columns(database: Database, table: str) -> list[DatabaseColumn]:
    """DuckDB and Spark: the first two columns of DESCRIBE SELECT * FROM the table."""
    try:
        result = database.query_unchecked(_describe_sql(database.dialect, table))
    except EngineError as error:
        # DuckDB: "Table … does not exist"; Spark: "[TABLE_OR_VIEW_NOT_FOUND] …".
        if "does not exist" in str(error) or "TABLE_OR_VIEW_NOT_FOUND" in str(error):
            return []
        raise _Unreadable(str(error)) from None
    return _described([row for batch in result.batches for row in batch])


@functools.lru_cache(maxsize=1024)
def _describe_sql(dialect: str, table: str) -> str:
    # DESCRIBE reads tables, views and files alike, resolving names as the queries do.
    from segdsl.sql.sources import table_source

    describe = exp.Describe(this=exp.select("*").from_(table_source(table)))
    return DIALECTS[dialect].sql(describe, copy=False)


def _sqlite_columns(database: Database, table: str) -> list[DatabaseColumn]:
    name, schema = _parts(table)
    rows = _catalog(
        database,
        "SELECT name, type FROM pragma_table_info(:table, :schema)",
        table=name,
        schema=schema or "main",
    )
    return _described(rows)


def _postgres_columns(database: Database, table: str) -> list[DatabaseColumn]:
    # to_regclass resolves the name as a query would (search_path, case folding); an enum
    # type is a string, a domain is its base type.
    rows = _catalog(
        database,
        "SELECT a.attname, CASE t.typtype WHEN 'e' THEN 'enum'"
        " WHEN 'd' THEN format_type(t.typbasetype, t.typtypmod)"
        " ELSE format_type(a.atttypid, a.atttypmod) END"
        " FROM pg_attribute AS a JOIN pg_type AS t ON t.oid = a.atttypid"
        " WHERE a.attrelid = to_regclass(:table) AND a.attnum > 0 AND NOT a.attisdropped"
        " ORDER BY a.attnum",
        table=table,
    )
    return _described(rows)


def _mysql_columns(database: Database, table: str) -> list[DatabaseColumn]:
    name, schema = _parts(table)
    rows = _catalog(
        database,
        "SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS"
        " WHERE TABLE_SCHEMA = COALESCE(:schema, DATABASE()) AND TABLE_NAME = :table"
        " ORDER BY ORDINAL_POSITION",
        table=name,
        schema=schema,
    )
    return _described(rows)


def _clickhouse_columns(database: Database, table: str) -> list[DatabaseColumn]:
    name, schema = _parts(table)
    rows = _catalog(
        database,
        "SELECT name, type FROM system.columns"
        " WHERE database = COALESCE(:schema, currentDatabase()) AND table = :table"
        " ORDER BY position",
        table=name,
        schema=schema,
    )
    return _described(rows)


# Trino's information_schema has no numeric_scale: its data_type reads `decimal(12,2)`.
_INFORMATION_SCHEMA_COLUMNS = {
    dialect: "SELECT column_name, data_type, "
    f"{'NULL' if dialect == 'trino' else 'numeric_scale'} FROM information_schema.columns"
    " WHERE UPPER(table_schema) = UPPER(COALESCE(:schema, CURRENT_SCHEMA()))"
    " AND UPPER(table_name) = UPPER(:table) ORDER BY ordinal_position"
    for dialect in ("trino", "snowflake", "redshift")
}


def _information_schema_columns(database: Database, table: str) -> list[DatabaseColumn]:
    """Trino, Snowflake, Redshift: the standard catalog. Snowflake keeps unquoted names in upper
    case; a NUMBER's scale (0: whole numbers) is a column of its own."""
    name, schema = _parts(table)
    rows = _catalog(
        database, _INFORMATION_SCHEMA_COLUMNS[database.dialect], table=name, schema=schema
    )
    return [
        DatabaseColumn(
            str(column),
            f"{kind}(38,{scale})" if scale is not None and "(" not in str(kind) else str(kind),
        )
        for column, kind, scale in rows
    ]


def _bigquery_columns(database: Database, table: str) -> list[DatabaseColumn]:
    """BigQuery: the INFORMATION_SCHEMA of the table's dataset (the connection's default
    dataset when the name is not qualified)."""
    name, schema = _parts(table)
    columns = exp.table_("COLUMNS", db="INFORMATION_SCHEMA", catalog=schema)
    query = (
        exp.select("column_name", "data_type")
        .from_(columns)
        .where(exp.column("table_name").eq(exp.Literal.string(name)))
        .order_by("ordinal_position")
    )
    text = DIALECTS["bigquery"].sql(query, copy=False)
    return _described(_rows(database, text))


_READERS: dict[str, Callable[[Database, str], list[DatabaseColumn]]] = {
    "duckdb": _described_columns,
    "sqlite": _sqlite_columns,
    "postgres": _postgres_columns,
    "mysql": _mysql_columns,
    "spark": _described_columns,
    "databricks": _described_columns,
    "clickhouse": _clickhouse_columns,
    "trino": _information_schema_columns,
    "snowflake": _information_schema_columns,
    "redshift": _information_schema_columns,
    "bigquery": _bigquery_columns,
}

# The tables (and views) next to a missing one, for a did-you-mean.
_TABLES_IN_SCHEMA = {
    "duckdb": "SELECT table_name FROM information_schema.tables"
    " WHERE table_schema = COALESCE(:schema, current_schema())",
    "sqlite": "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')",
    "postgres": "SELECT table_name FROM information_schema.tables"
    " WHERE table_schema = COALESCE(:schema, current_schema())",
    "mysql": "SELECT TABLE_NAME FROM information_schema.TABLES"
    " WHERE TABLE_SCHEMA = COALESCE(:schema, DATABASE())",
    "clickhouse": "SELECT name FROM system.tables"
    " WHERE database = COALESCE(:schema, currentDatabase())",
    **dict.fromkeys(
        ("trino", "snowflake", "redshift"),
        "SELECT table_name FROM information_schema.tables"
        " WHERE UPPER(table_schema) = UPPER(COALESCE(:schema, CURRENT_SCHEMA()))",
    ),
}


def _table_names(database: Database, table: str) -> list[str]:
    """The tables next to `table`, where the engine lists them with a query (not on Spark,
    Databricks and BigQuery: the message then goes without a did-you-mean)."""
    sql = _TABLES_IN_SCHEMA.get(database.dialect)
    if sql is None:
        return []
    rows = _catalog(database, sql, schema=_parts(table)[1])
    return [str(row[0]) for row in rows]
