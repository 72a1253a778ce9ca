"""Where the schema's tables are read from: every query that reads one, in the compiler, the
analytics queries and the database check, names it through `table_source`; the entity table
with its attributes as they stood at an instant through `entity_as_of`."""

from __future__ import annotations

import functools
import re

from sqlglot import exp

from segdsl.semantics.schema import AttributeHistory, Schema
from segdsl.sql.dialects import Dialect


@functools.cache
def _parsed_table(name: str) -> exp.Table:
    """A user's table name, possibly qualified (`analytics.orders`); parsed once."""
    return exp.to_table(name)


def table_source(table: str) -> exp.Expr:
    """The schema's `table:` as a FROM source: a file DuckDB reads by its quoted path, or a
    (possibly qualified) table name."""
    if re.search(r"\.(csv|tsv|parquet|json|ndjson)(\.gz)?$", table, re.IGNORECASE):
        return exp.Table(this=exp.Literal.string(table))
    return _parsed_table(table).copy()


# The aliases inside `entity_as_of`: the entity table and the history row that wins.
_ENTITY, _WINNER = "entity", "winner"
HISTORY_RANK = "history_rank"


def valid_at(history: AttributeHistory, instant: exp.Expr) -> exp.Expr:
    """The test that a row of the history table is valid at `instant` (any expression: a
    literal, the engine's clock, a column of a table of instants): `valid_from <= instant`
    and `valid_to` missing or after it, the half-open validity of docs/semantics.md
    ("Attributes in time"). A row without `valid_from` is never valid."""
    valid_to = exp.column(history.valid_to)
    return exp.and_(
        exp.LTE(this=exp.column(history.valid_from), expression=instant),
        exp.or_(
            exp.Is(this=valid_to, expression=exp.Null()),
            exp.GT(this=valid_to.copy(), expression=instant.copy()),
            copy=False,
        ),
        copy=False,
    )


def winner_first(schema: Schema, dialect: Dialect) -> list[exp.Ordered]:
    """The order of a customer's history rows valid at one instant that puts the row that
    wins first: the latest `valid_from`, then the greatest values in the listed order, a
    present value before a missing one (docs/semantics.md, "Attributes in time")."""
    history = schema.history
    assert history is not None
    order = [exp.Ordered(this=exp.column(history.valid_from), desc=True, nulls_first=False)]
    for name in history.attributes:
        column = exp.column(schema.attributes[name].column)
        present = (
            exp.Case()
            .when(exp.Is(this=column.copy(), expression=exp.Null()), exp.Literal.number(0))
            .else_(exp.Literal.number(1))
        )
        keys = [present, *dialect.value_order(column, schema.attributes[name].type)]
        order += [exp.Ordered(this=k, desc=True, nulls_first=False) for k in keys]
    return order


def _winning_rows(schema: Schema, dialect: Dialect, instant: exp.Expr) -> exp.Select:
    """One row per customer with a history row valid at `instant`: the key and the listed
    attributes' columns of the row that wins (`winner_first`)."""
    history = schema.history
    assert history is not None
    key = exp.column(schema.key)
    columns = [exp.column(schema.attributes[name].column) for name in history.attributes]
    window = exp.Window(
        this=exp.RowNumber(),
        partition_by=[key.copy()],
        order=exp.Order(expressions=winner_first(schema, dialect)),
    )
    ranked = (
        exp.select(key.copy(), *columns, exp.alias_(window, HISTORY_RANK), copy=False)
        .from_(table_source(history.table), copy=False)
        .where(valid_at(history, instant), copy=False)
    )
    rank = exp.EQ(this=exp.column(HISTORY_RANK), expression=exp.Literal.number(1))
    return (
        exp.select(key, *(c.copy() for c in columns), copy=False)
        .from_(ranked.subquery("ranked", copy=False), copy=False)
        .where(rank, copy=False)
    )


def entity_as_of(schema: Schema, dialect: Dialect, instant: exp.Expr, alias: str) -> exp.Expr:
    """The entity table as `alias`, with the same columns (the key's and every attribute's),
    each attribute of the schema's `history` as it stood at `instant`: from the history row
    valid then, or, with none, from the entity table (docs/semantics.md, "Attributes in
    time")."""
    history = schema.history
    assert history is not None
    winner_key = exp.column(schema.key, table=_WINNER)
    changing = {schema.attributes[name].column for name in history.attributes}
    projections: list[exp.Expr] = []
    for column in dict.fromkeys([schema.key, *(a.column for a in schema.attributes.values())]):
        value: exp.Expr = exp.column(column, table=_ENTITY)
        if column in changing:
            value = (
                exp.Case()
                .when(exp.Is(this=winner_key.copy(), expression=exp.Null()), value)
                .else_(exp.column(column, table=_WINNER))
            )
        # Named explicitly: ClickHouse would name a column `entity.country`.
        projections.append(exp.alias_(value, column, copy=False))
    on = exp.EQ(this=winner_key, expression=exp.column(schema.key, table=_ENTITY))
    entity = exp.alias_(table_source(schema.table), _ENTITY, table=True, copy=False)
    winners = _winning_rows(schema, dialect, instant).subquery(_WINNER, copy=False)
    select = exp.select(*projections, copy=False).from_(entity, copy=False)
    select.append("joins", exp.Join(this=winners, on=on, side="LEFT"))
    return select.subquery(alias, copy=False)
