"""The Python API for embedding segdsl: parse, load a schema, check, compile, run.

    import segdsl
    schema = segdsl.load_schema("examples/shop/schema.yaml")
    sql = segdsl.compile_sql("purchases >= 2 and last_open < 30d", schema, dialect="postgres")
    ids = segdsl.run("purchases >= 2", schema, duckdb.connect("shop.duckdb")).fetchall()

Errors are raised as `SegdslError`, whose `.diagnostics` are located `Diagnostic` values. Every
function takes `limits=segdsl.Limits(...)` to change the input limits (docs/language.md, "Limits").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, cast

from . import ast, errors, ir
from .checker import check_condition, check_module, check_schema
from .diagnostics import Diagnostic, SegdslError
from .limits import Limits, limits_in_effect
from .schema import Schema, parse_schema, read_schema_file
from .syntax import parse_expression, parse_module, read_source

if TYPE_CHECKING:
    import duckdb
    from sqlglot import exp

    from .dialects import Dialect

# sqlglot, the compiler and the dialects load on first compile: `segdsl check` and editors that
# only check never pay for them.


def load_schema(path: str | Path, limits: Limits | None = None) -> Schema:
    """Read a schema file and type-check its metrics."""
    with limits_in_effect(limits):
        schema = read_schema_file(Path(path))
        check_schema(schema)
    return schema


def schema_from_text(text: str, name: str = "<schema>", limits: Limits | None = None) -> Schema:
    with limits_in_effect(limits):
        schema = parse_schema(text, name)
        check_schema(schema)
    return schema


def parse(text: str, name: str = "<expr>", limits: Limits | None = None) -> ast.Expr:
    """Parse one condition."""
    with limits_in_effect(limits):
        return parse_expression(text, name)


def parse_file(path: str | Path, limits: Limits | None = None) -> ast.Module:
    """Parse a segment file (`.seg`)."""
    file = Path(path)
    text = read_source(file)
    with limits_in_effect(limits):
        return parse_module(text, str(file))


def check(
    condition: str | ast.Expr,
    schema: Schema,
    module: ast.Module | None = None,
    limits: Limits | None = None,
) -> ir.Cond:
    """Type-check a condition; segments of `module` may be referred to by name."""
    with limits_in_effect(limits):
        expr = parse_expression(condition) if isinstance(condition, str) else condition
        return check_condition(expr, schema, module)


def check_file(
    module: ast.Module, schema: Schema, limits: Limits | None = None
) -> ir.CheckedModule:
    with limits_in_effect(limits):
        return check_module(module, schema)


def resolve_dialect(name: str) -> Dialect:
    from .dialects import DIALECTS

    try:
        return DIALECTS[name]
    except KeyError:
        known = ", ".join(DIALECTS)
        raise SegdslError(
            [
                Diagnostic(
                    errors.E601, f"unknown dialect '{name}'", None, hints=(f"dialects: {known}",)
                )
            ]
        ) from None


def _condition(
    condition: str | ast.Expr | ir.Cond,
    schema: Schema,
    module: ast.Module | None,
    limits: Limits | None,
) -> ir.Cond:
    if isinstance(condition, ir.COND_TYPES):
        return cast(ir.Cond, condition)
    return check(cast(str | ast.Expr, condition), schema, module, limits)


def compile_expression(
    condition: str | ast.Expr | ir.Cond,
    schema: Schema,
    dialect: str = "duckdb",
    as_of: dt.datetime | None = None,
    module: ast.Module | None = None,
    limits: Limits | None = None,
    *,
    rewrites: bool = True,
) -> exp.Select:
    """The member query as a sqlglot tree (SELECT of the entity key, once per member).
    `rewrites=False`: the plain query, without the planner's rewrites (docs/performance.md)."""
    from .compiler import members_query

    cond = _condition(condition, schema, module, limits)
    return members_query(cond, schema, resolve_dialect(dialect), as_of, rewrites=rewrites)


def compile_sql(
    condition: str | ast.Expr | ir.Cond,
    schema: Schema,
    dialect: str = "duckdb",
    as_of: dt.datetime | None = None,
    module: ast.Module | None = None,
    pretty: bool = False,
    limits: Limits | None = None,
    *,
    rewrites: bool = True,
) -> str:
    """The member query as SQL text for `dialect` (`rewrites` as in `compile_expression`)."""
    tree = compile_expression(condition, schema, dialect, as_of, module, limits, rewrites=rewrites)
    return resolve_dialect(dialect).sql(tree, pretty=pretty, copy=False)


def run(
    condition: str | ast.Expr | ir.Cond,
    schema: Schema,
    connection: duckdb.DuckDBPyConnection,
    as_of: dt.datetime | None = None,
    module: ast.Module | None = None,
    limits: Limits | None = None,
) -> duckdb.DuckDBPyRelation:
    """Evaluate on a DuckDB connection; returns a relation of member keys (lazy, streamable).
    The connection's tables are first checked against the schema (`segdsl.dbcheck`)."""
    from .dbcheck import check_database
    from .engines import DuckDBDatabase

    sql = compile_sql(condition, schema, "duckdb", as_of, module, limits=limits)
    check_database(DuckDBDatabase(None, connection=connection), schema)
    return connection.sql(sql)
