"""The query behind `segdsl why` (segdsl/runtime/why.py): for one customer, the truth of every
condition node and the value of every operand, in one row.

Every node is lowered by the compiler's plain lowering (`Lowering`, the query `rewrites=False`
compiles), not the planner's rewrites: those answer a whole condition, not each of its parts.
Event tables are aggregated for this customer alone, except those a ranking or an aggregate over
all customers reads, which need every customer's events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlglot import exp

from segdsl.semantics import ir
from segdsl.semantics import types as t
from segdsl.semantics.schema import Schema
from segdsl.sql.compiler import CANDIDATES, Lowering
from segdsl.sql.dialects import Dialect
from segdsl.sql.sources import table_source


@dataclass(frozen=True)
class Columns:
    """Where each node's answer is in the row of `why_query`."""

    conditions: dict[ir.Cond, int]
    """1 if the condition holds, else 0."""
    values: dict[ir.Value, int]
    """The value; NULL when missing."""
    shares: dict[ir.TopPercent, int]
    """The customer's cumulative distribution in the ranking; NULL when not ranked."""
    ranked: dict[ir.TopPercent, int]
    """How many customers the ranking ranks (those whose value is present)."""


def why_query(
    schema: Schema,
    dialect: Dialect,
    as_of: dt.datetime | None,
    customer: int | str,
    conditions: Sequence[ir.Cond],
    values: Sequence[ir.Value],
    rankings: Sequence[ir.TopPercent],
) -> tuple[exp.Select, Columns]:
    """One row for the customer whose key is `customer` (none when there is no such customer),
    with a column per condition, value and ranking (see `Columns`)."""
    lowering = Lowering(schema, dialect, as_of)
    counts = [
        ir.PopulationAgg("count", None, ir.Not(ir.IsMissing(node.key)), t.INT) for node in rankings
    ]
    nodes: list[ir.Node] = [*conditions, *values, *counts]
    lowering.candidates = _streams(nodes) - _streams_of_everyone(nodes)
    select = lowering.flags(conditions, [*values, *counts])
    for index, node in enumerate(rankings):
        # Named apart: ClickHouse refuses two columns both called `cume_dist`.
        share = exp.alias_(lowering.cume_dist(node), f"share_{index}", copy=False)
        select.select(share, copy=False)
    key = exp.column(schema.key, table=lowering.entity_alias)
    select.where(_is_customer(key, customer, schema, dialect), copy=False)
    if lowering.candidates:
        entity = exp.alias_(
            table_source(schema.table), lowering.entity_alias, table=True, copy=False
        )
        chosen = (
            exp.select(key.copy(), copy=False)
            .from_(entity, copy=False)
            .where(_is_customer(key.copy(), customer, schema, dialect), copy=False)
        )
        alias = exp.TableAlias(this=exp.to_identifier(CANDIDATES))
        with_ = select.args["with_"]
        with_.set("expressions", [exp.CTE(this=chosen, alias=alias), *with_.expressions])
    first = 1  # after the key
    values_at = first + len(conditions)
    counts_at = values_at + len(values)
    shares_at = counts_at + len(counts)
    columns = Columns(
        conditions={node: first + i for i, node in enumerate(conditions)},
        values={node: values_at + i for i, node in enumerate(values)},
        shares={node: shares_at + i for i, node in enumerate(rankings)},
        ranked={node: counts_at + i for i, node in enumerate(rankings)},
    )
    return select, columns


def _is_customer(key: exp.Expr, customer: int | str, schema: Schema, dialect: Dialect) -> exp.Expr:
    if schema.attributes[schema.key].type.is_textual:
        return dialect.string_equal(key, exp.Literal.string(str(customer)))
    return exp.EQ(this=key, expression=exp.Literal.number(str(customer)))


def _streams(nodes: Sequence[ir.Node]) -> set[str]:
    return {n.stream for node in nodes for n in ir.walk(node) if isinstance(n, ir.Agg)}


def _streams_of_everyone(nodes: Sequence[ir.Node]) -> set[str]:
    """Streams that a ranking or an aggregate over all customers reads for every customer."""
    return {
        stream
        for node in nodes
        for n in ir.walk(node)
        if isinstance(n, ir.TopPercent | ir.PopulationAgg)
        for stream in _streams([n])
    }


def since_query(
    schema: Schema, dialect: Dialect, as_of: dt.datetime | None, customer: int | str
) -> exp.Select:
    """The customer's `since` and the query's instant, in one row when the customer is in the
    entity table but does not exist yet (`since` after the instant); no row otherwise."""
    assert schema.since is not None
    lowering = Lowering(schema, dialect, as_of)
    column = schema.attributes[schema.since]
    since = ir.Attr(schema.since, column.column, column.type, column.nullable)
    key = exp.column(schema.key, table=lowering.entity_alias)
    later = lowering.cond(ir.Compare(">", since, ir.Now()), exact=False)
    return (
        exp.select(lowering.value(since), lowering.now(), copy=False)
        .from_(lowering.entity(), copy=False)
        .where(_is_customer(key, customer, schema, dialect), copy=False)
        .where(later, copy=False)
    )
