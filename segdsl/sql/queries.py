"""The queries behind segment analytics (segdsl/runtime/analytics.py runs them and shapes their
rows): sizes, overlap, history, who entered or left, the campaign report, the membership table,
and the members with their attributes that `segdsl run` shows and exports.

Each function returns a sqlglot tree for a dialect, built on the compiler's one-pass plan: every
event table is aggregated once, whatever the number of conditions. Its docstring gives the
columns of its rows, in order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlglot import exp

from segdsl import errors
from segdsl.diagnostics import Diagnostic, SegdslError
from segdsl.semantics import ir
from segdsl.semantics import types as t
from segdsl.semantics.schema import Schema
from segdsl.sql.compiler import Lowering, members_query
from segdsl.sql.dialects import Dialect
from segdsl.sql.sources import table_source


def sizes_query(
    conditions: Sequence[ir.Cond],
    schema: Schema,
    dialect: Dialect,
    as_of: dt.datetime | None = None,
) -> exp.Select:
    """One row: the number of customers, then the member count of each condition."""
    return Lowering(schema, dialect, as_of).sizes(conditions)


def members_table_query(
    condition: ir.Cond,
    schema: Schema,
    dialect: Dialect,
    as_of: dt.datetime | None,
    attributes: Sequence[str],
    limit: int | None = None,
) -> exp.Select:
    """The members' keys and `attributes`, columns named as the schema names them; with `limit`,
    that many members with the smallest keys (a sample that is the same on every engine)."""
    stored = tuple(schema.attributes[name].column for name in attributes)
    members = members_query(condition, schema, dialect, as_of, stored)
    key = exp.column(schema.key, table="m")
    named = [
        exp.alias_(exp.column(column, table="m"), exp.to_identifier(name, quoted=True))
        for column, name in zip(stored, attributes, strict=True)
    ]
    select = exp.select(key, *named).from_(members.subquery("m"))
    if limit is None:
        return select
    return select.order_by(key.copy()).limit(limit)


def overlap_query(
    conditions: Sequence[ir.Cond],
    pairs: Sequence[tuple[int, int]],
    schema: Schema,
    dialect: Dialect,
    as_of: dt.datetime | None = None,
) -> exp.Select:
    """One row: the number of customers, the member count of each condition, then for each
    pair (i, j) of indexes into `conditions` the number of members of both. Each condition is
    evaluated once per customer as a 0/1 flag, and a pair is a sum of products of flags."""
    flags = Lowering(schema, dialect, as_of).flags(conditions)

    def flag(index: int) -> exp.Expr:
        return exp.column(f"flag_{index}", table="f")

    columns: list[exp.Expr] = [exp.Count(this=exp.Star())]
    columns += [exp.Sum(this=flag(i)) for i in range(len(conditions))]
    columns += [exp.Sum(this=exp.Mul(this=flag(i), expression=flag(j))) for i, j in pairs]
    return _over_flags(flags, columns)


def member_flags_query(
    conditions: Sequence[ir.Cond],
    schema: Schema,
    dialect: Dialect,
    as_of: dt.datetime | None = None,
) -> exp.Select:
    """A row per customer who is a member of at least one condition: the key, then a 0/1 flag
    per condition."""
    flags = Lowering(schema, dialect, as_of).flags(conditions)
    in_any: exp.Expr = exp.column("flag_0", table="f")
    for index in range(1, len(conditions)):
        in_any = exp.Add(this=in_any, expression=exp.column(f"flag_{index}", table="f"))
    return _over_flags(flags, [exp.Star()]).where(
        exp.GT(this=in_any, expression=exp.Literal.number(0)), copy=False
    )


def _over_flags(flags: exp.Select, columns: Sequence[exp.Expr]) -> exp.Select:
    """`SELECT columns FROM (flags) AS f`, the flags query's CTEs moved to the outer WITH
    (where a caller can add its own)."""
    ctes = flags.args.get("with_")
    flags.set("with_", None)
    query = exp.select(*columns, copy=False).from_(flags.subquery("f", copy=False), copy=False)
    if ctes is not None:
        query.set("with_", ctes)
    return query


# A history query answers several instants at once, but engines bound one statement: SQLite
# allows 500 terms in a UNION, DuckDB an expression depth of 1000 (each UNION ALL nests one
# level), ClickHouse 256 KiB of SQL. So the instants go in batches within these bounds (with
# room to spare).
INSTANTS_PER_QUERY = 100
SQL_CHARS_PER_QUERY = 100_000


def history_queries(
    conditions: Sequence[ir.Cond],
    at: Sequence[dt.datetime],
    schema: Schema,
    dialect: Dialect,
) -> list[exp.Query]:
    """Sizes as of each instant, in as few queries as the engines' bounds allow: each answers
    a batch of consecutive instants, a row per instant as `sizes_query` gives it followed by the
    instant's index in `at` (`step`)."""
    terms: list[exp.Select] = []
    for index, instant in enumerate(at):
        sizes = sizes_query(conditions, schema, dialect, instant)
        sizes.select(exp.alias_(exp.Literal.number(index), "step"), copy=False)
        # Each instant keeps its WITH in its own derived table: ClickHouse would copy one WITH
        # over the whole UNION into every term, and MariaDB allows 64 CTEs in one WITH.
        terms.append(
            exp.select(exp.Star(), copy=False).from_(
                sizes.subquery(f"instant_{index}", copy=False), copy=False
            )
        )
    if not terms:
        return []
    # Every instant's query has the same shape: the first one's length stands for all.
    chars = len(dialect.sql(terms[0]))
    size = max(1, min(INSTANTS_PER_QUERY, SQL_CHARS_PER_QUERY // chars))
    queries: list[exp.Query] = []
    for start in range(0, len(terms), size):
        union: exp.Query = terms[start]
        for term in terms[start + 1 : start + size]:
            union = exp.union(union, term, distinct=False, copy=False)
        queries.append(union)
    return queries


@dataclass(frozen=True)
class Conversion:
    """A conversion: an `order` event at most `within` after a `click` event of the same
    customer (each a `count(stream where …)`)."""

    click: ir.Agg
    order: ir.Agg
    within: ir.DurationConst


def report_query(
    conditions: Sequence[ir.Cond],
    values: Sequence[ir.Value],
    schema: Schema,
    dialect: Dialect,
    as_of: dt.datetime | None = None,
    conversion: Conversion | None = None,
) -> exp.Select:
    """One row with, per condition in turn: its member count, the sum of each of `values`
    over its members, and with a `conversion` the number of its members who clicked and the
    number who converted."""
    flagged = list(conditions)
    if conversion is not None:
        flagged.append(ir.Compare(">", conversion.click, ir.Const(0, t.INT)))  # clicked
    lowering = Lowering(schema, dialect, as_of)
    flags = lowering.flags(flagged, values)
    if conversion is not None:
        key = exp.column(schema.key, table=lowering.entity_alias)
        converted_key = exp.column(schema.key, table="converted")
        on = exp.EQ(this=converted_key, expression=key)
        flags.append("joins", exp.Join(this=exp.to_table("converted"), on=on, side="LEFT"))
        present = exp.not_(exp.Is(this=converted_key.copy(), expression=exp.Null()))
        flag = exp.Case().when(present, exp.Literal.number(1)).else_(exp.Literal.number(0))
        flags.select(exp.alias_(flag, "converted"), copy=False)

    def column(name: str) -> exp.Expr:
        return exp.column(name, table="f")

    def total(expression: exp.Expr) -> exp.Expr:
        return exp.Sum(this=expression)

    columns: list[exp.Expr] = []
    for index in range(len(conditions)):
        member = column(f"flag_{index}")
        columns.append(total(member))
        columns += [
            total(exp.Mul(this=member.copy(), expression=column(f"value_{j}")))
            for j in range(len(values))
        ]
        if conversion is not None:
            clicked = column(f"flag_{len(conditions)}")
            columns.append(total(exp.Mul(this=member.copy(), expression=clicked)))
            converted = exp.Mul(this=member.copy(), expression=column("converted"))
            columns.append(total(converted))
    query = _over_flags(flags, columns)
    if conversion is not None:
        query.with_("converted", as_=_converted(lowering, conversion), copy=False)
    return query


def _converted(lowering: Lowering, conversion: Conversion) -> exp.Select:
    """Customers with an order event at or after one of their click events, within the window
    (both as of the query's instant)."""
    schema, dialect = lowering.schema, lowering.dialect

    def events(agg: ir.Agg, time_alias: str) -> exp.Select:
        stream = schema.events[agg.stream]
        time = exp.column(stream.time)
        select = (
            exp.select(
                exp.alias_(exp.column(stream.key), "k"), exp.alias_(time, time_alias), copy=False
            )
            .from_(table_source(stream.table), copy=False)
            .where(exp.LTE(this=time.copy(), expression=lowering.now()), copy=False)
        )
        if agg.where is not None:
            select = select.where(lowering.cond(agg.where, exact=False, event=True), copy=False)
        return select

    click_time = exp.column("click_time", table="k")
    order_time = exp.column("order_time", table="o")
    on = exp.and_(
        exp.EQ(this=exp.column("k", table="o"), expression=exp.column("k", table="k")),
        exp.GTE(this=order_time, expression=click_time),
        exp.LTE(
            this=order_time.copy(),
            expression=dialect.shift(click_time.copy(), 1, conversion.within, date=False),
        ),
    )
    return (
        exp.select(exp.alias_(exp.column("k", table="k"), schema.key), copy=False)
        .distinct(copy=False)
        .from_(events(conversion.click, "click_time").subquery("k", copy=False), copy=False)
        .join(events(conversion.order, "order_time").subquery("o", copy=False), on=on, copy=False)
    )


def membership_query(
    module: ir.CheckedModule,
    schema: Schema,
    dialect: Dialect,
    as_of: dt.datetime | None = None,
    only: str | None = None,
    attributes: Sequence[str] = (),
) -> exp.Select:
    """One row per customer, from one pass over the event tables: the key, a 1/0 column per
    segment and the label per partition, named after them (`segdsl run FILE --out`); with
    `only`, that segment or partition alone; then the customer's `attributes` as of the
    instant (columns `attribute-NAME`: no segment has such a name)."""
    segments = [(n, s.condition) for n, s in module.segments.items() if only in (None, n)]
    partitions = [(n, p.value) for n, p in module.partitions.items() if only in (None, n)]
    names = [name for name, _ in [*segments, *partitions]]
    _check_column_names([schema.key, *names])
    select = Lowering(schema, dialect, as_of).flags(
        [cond for _, cond in segments],
        [value for _, value in partitions],
        [schema.attributes[name].column for name in attributes],
    )
    names += [f"attribute-{name}" for name in attributes]
    for column, name in zip(select.expressions[1:], names, strict=True):
        # Quoted: an engine that folds unquoted names (PostgreSQL) would rename `Vip` to `vip`.
        column.set("alias", exp.to_identifier(name, quoted=True))
    return select


def customer_membership_query(
    module: ir.CheckedModule,
    schema: Schema,
    dialect: Dialect,
    key: int | str,
    attributes: Sequence[str] = (),
    as_of: dt.datetime | None = None,
) -> exp.Select:
    """`membership_query`'s row of the customer whose key is `key` (no row: no such customer),
    with the customer's `attributes`. The whole table is computed before the one row is
    picked: a `top N%` ranks every customer."""
    membership = membership_query(module, schema, dialect, as_of, attributes=attributes)
    key_name = membership.expressions[0].alias_or_name
    found = exp.column(key_name, table="f")
    if schema.attributes[schema.key].type.is_textual:
        condition = dialect.string_equal(found, exp.Literal.string(str(key)))
    else:
        condition = exp.EQ(this=found, expression=exp.Literal.number(str(key)))
    return _over_flags(membership, [exp.Star()]).where(condition, copy=False)


def _check_column_names(names: Sequence[str]) -> None:
    """Refuse names that differ only in case: many engines and file readers treat such column
    names as one (DuckDB renames the second `vip` to `vip_1`), so a column would silently
    hold another segment's members."""
    seen: dict[str, str] = {}
    for name in names:
        other = seen.setdefault(name.casefold(), name)
        if other != name:
            raise SegdslError(
                [
                    Diagnostic(
                        errors.E606,
                        f"'{other}' and '{name}' differ only in case: as columns of one "
                        "membership table they would collide",
                        None,
                        hints=("rename one, or write one at a time with --segment NAME",),
                    )
                ]
            )
