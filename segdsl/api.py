"""The Python API for programs that embed segdsl: read a schema, check segments, compile them to
SQL for any dialect, run them and their analytics on a database, lint and format segment files.

    import datetime as dt
    import sqlite3

    import segdsl

    schema = segdsl.load_schema("examples/shop/schema.yaml")
    as_of = dt.datetime(2026, 11, 1)
    sql = segdsl.compile_sql("purchases >= 2", schema, dialect="postgres", as_of=as_of)
    members = segdsl.run("purchases >= 2", schema, "shop.duckdb")  # or an open connection
    checked = segdsl.check_file("examples/shop/segments.seg", schema)
    compiled = segdsl.compile_module(checked, schema, dialect="sqlite")
    counts = segdsl.sizes(checked, schema, sqlite3.connect("shop.db")).counts

Conventions, the same for every function:

- Options are keyword-only: `dialect=` (a name from `dialects()`, default `"duckdb"`),
  `as_of=` (a naive datetime is UTC, an aware one is converted to UTC, exactly as the CLI's
  `--as-of`; `None` is the engine's current time), `module=` (a parsed segment file whose
  segments a condition may name), `pretty=` (SQL laid out over lines), `limits=` (a
  `segdsl.Limits` for the input limits, docs/language.md "Limits"; default: the defaults),
  `rewrites=` (False: compile without the planner's rewrites, docs/performance.md).
- A condition is text, a parsed `ast.Expr`, or a checked `ir.Cond`; a segment file is text, a
  parsed `ast.Module`, or (where it is compiled or run) a `CheckedModule`.
- A database is a URL or DuckDB file path (opened read-only and closed again, as the CLI does),
  an `engines.Database`, or an open DuckDB, sqlite3, psycopg or PyMySQL connection (used as it
  is and left open; the dialect follows from the connection's package).
- Bad input raises `SegdslError`, whose `.diagnostics` are located `Diagnostic` values; a
  database failure raises `EngineError`. `analyze` never raises for bad input: it returns every
  diagnostic (syntax, type and lint), for editors.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from segdsl import errors
from segdsl.diagnostics import Diagnostic, SegdslError, did_you_mean
from segdsl.limits import Limits, limits_in_effect
from segdsl.semantics import ir
from segdsl.semantics.checker import check_condition, check_schema
from segdsl.semantics.checker import check_module as check_parsed_module
from segdsl.semantics.schema import (
    Schema,
    parse_schema,
    read_schema_file,
    schema_from_dict,
)
from segdsl.syntax import ast
from segdsl.syntax.parser import parse_expression, read_source
from segdsl.syntax.parser import parse_module as parse_module_text

if TYPE_CHECKING:
    from sqlglot import exp

    from segdsl.lint import Finding, LintConfig
    from segdsl.runtime.analytics import Changes, Measure, Overlap, Performance, Sizes
    from segdsl.runtime.engines import Database
    from segdsl.runtime.exports import Export
    from segdsl.runtime.why import Why
    from segdsl.sql.dialects import Dialect

# sqlglot, the compiler and the dialects load on first compile: `segdsl check` and editors that
# only check never pay for them.

Condition = str | ast.Expr | ir.Cond
"""A condition: its text, its syntax tree (`parse`) or its checked form (`check`)."""

Key = int | str
"""A customer's key, as the database returns it."""

DatabaseTarget = str | os.PathLike[str] | Any
"""Where to run: a URL or DuckDB file path, an `engines.Database`, or an open DuckDB, sqlite3,
psycopg or PyMySQL connection, or a SparkSession."""


# --- schema --------------------------------------------------------------------------------------


def load_schema(path: str | os.PathLike[str], *, limits: Limits | None = None) -> Schema:
    """Read a schema file and type-check its metrics."""
    with limits_in_effect(limits):
        schema = read_schema_file(Path(path))
        check_schema(schema)
    return schema


def schema_from_text(text: str, name: str = "<schema>", *, limits: Limits | None = None) -> Schema:
    """A schema from the text of a schema file (`name` appears in messages)."""
    with limits_in_effect(limits):
        schema = parse_schema(text, name)
        check_schema(schema)
    return schema


def schema_from_mapping(
    data: Mapping[str, object], name: str = "<schema>", *, limits: Limits | None = None
) -> Schema:
    """A schema built in code: the schema file's structure as Python values, e.g.
    `{"entity": "customer", "table": "customers", "key": "customer_id", "attributes":
    {"country": "string"}, "metrics": {"purchases": "count(orders)"}, …}`. Checked as a file is;
    a problem has no location unless it is inside a metric's text."""
    with limits_in_effect(limits):
        schema = schema_from_dict(data, name)
        check_schema(schema)
    return schema


# --- parse and check -----------------------------------------------------------------------------


def parse(text: str, name: str = "<expr>", *, limits: Limits | None = None) -> ast.Expr:
    """Parse one condition."""
    with limits_in_effect(limits):
        return parse_expression(text, name)


def parse_module(
    text: str, name: str = "<segments>", *, limits: Limits | None = None
) -> ast.Module:
    """Parse the text of a whole segment file (`name` appears in messages)."""
    with limits_in_effect(limits):
        return parse_module_text(text, name)


def parse_file(path: str | os.PathLike[str], *, limits: Limits | None = None) -> ast.Module:
    """Parse a segment file (`.seg`)."""
    file = Path(path)
    text = read_source(file)
    with limits_in_effect(limits):
        return parse_module_text(text, str(file))


def check(
    condition: str | ast.Expr,
    schema: Schema,
    *,
    module: ast.Module | None = None,
    limits: Limits | None = None,
) -> ir.Cond:
    """Type-check a condition; the segments of `module` may be named in it."""
    with limits_in_effect(limits):
        expr = parse_expression(condition) if isinstance(condition, str) else condition
        return check_condition(expr, schema, module)


def check_module(
    module: str | ast.Module,
    schema: Schema,
    *,
    name: str = "<segments>",
    limits: Limits | None = None,
) -> ir.CheckedModule:
    """Type-check a whole segment file, given as text or parsed: every segment and partition."""
    with limits_in_effect(limits):
        parsed = parse_module_text(module, name) if isinstance(module, str) else module
        return check_parsed_module(parsed, schema)


def check_file(
    path: str | os.PathLike[str], schema: Schema, *, limits: Limits | None = None
) -> ir.CheckedModule:
    """Read, parse and type-check a segment file."""
    with limits_in_effect(limits):
        return check_parsed_module(parse_file(path), schema)


# --- compile -------------------------------------------------------------------------------------


def dialects() -> tuple[str, ...]:
    """The SQL dialects segdsl compiles to (`segdsl dialects` tells how each is verified)."""
    from segdsl.sql.dialects import DIALECTS

    return tuple(DIALECTS)


def resolve_dialect(name: str) -> Dialect:
    from segdsl.sql.dialects import DIALECTS

    try:
        return DIALECTS[name]
    except KeyError:
        hints = (*did_you_mean(name, list(DIALECTS)), "dialects: " + ", ".join(DIALECTS))
        raise SegdslError(
            [Diagnostic(errors.E601, f"unknown dialect '{name}'", None, hints=hints)]
        ) from None


def _condition(condition: Condition, schema: Schema, module: ast.Module | None) -> ir.Cond:
    if isinstance(condition, ir.COND_TYPES):
        return cast(ir.Cond, condition)
    return check(cast(str | ast.Expr, condition), schema, module=module)


def compile_expression(
    condition: Condition,
    schema: Schema,
    *,
    dialect: str = "duckdb",
    as_of: dt.datetime | None = None,
    module: ast.Module | None = None,
    limits: Limits | None = None,
    rewrites: bool = True,
) -> exp.Select:
    """The member query as a sqlglot tree (SELECT of the entity key, once per member).
    `rewrites=False`: the plain query, without the planner's rewrites (docs/performance.md)."""
    from segdsl.sql.compiler import members_query

    with limits_in_effect(limits):
        cond = _condition(condition, schema, module)
        return members_query(cond, schema, resolve_dialect(dialect), as_of, rewrites=rewrites)


def compile_sql(
    condition: Condition,
    schema: Schema,
    *,
    dialect: str = "duckdb",
    as_of: dt.datetime | None = None,
    module: ast.Module | None = None,
    pretty: bool = False,
    limits: Limits | None = None,
    rewrites: bool = True,
) -> str:
    """The member query as SQL text for `dialect` (`rewrites` as in `compile_expression`)."""
    with limits_in_effect(limits):
        tree = compile_expression(
            condition, schema, dialect=dialect, as_of=as_of, module=module, rewrites=rewrites
        )
        return resolve_dialect(dialect).sql(tree, pretty=pretty, copy=False)


@dataclass(frozen=True)
class CompiledModule:
    """The SQL of a whole segment file, for one dialect and as-of instant."""

    segments: dict[str, str]
    """Per segment: the member query (the key of every member, once each)."""
    partitions: dict[str, str]
    """Per partition: every customer's key and label (a column named after the partition)."""
    membership: str
    """Every customer's key, a 1/0 column per segment and a label column per partition."""


def compile_module(
    module: str | ast.Module | ir.CheckedModule,
    schema: Schema,
    *,
    dialect: str = "duckdb",
    as_of: dt.datetime | None = None,
    pretty: bool = False,
    limits: Limits | None = None,
    rewrites: bool = True,
) -> CompiledModule:
    """The SQL of every segment, every partition and the membership table of a segment file
    (`rewrites` as in `compile_expression`, for the segments' member queries)."""
    from segdsl.sql.compiler import members_query
    from segdsl.sql.queries import membership_query

    target = resolve_dialect(dialect)

    def sql(tree: exp.Expr) -> str:
        return target.sql(tree, pretty=pretty, copy=False)

    with limits_in_effect(limits):
        checked = _checked(module, schema)
        return CompiledModule(
            segments={
                name: sql(
                    members_query(segment.condition, schema, target, as_of, rewrites=rewrites)
                )
                for name, segment in checked.segments.items()
            },
            partitions={
                name: sql(membership_query(checked, schema, target, as_of, only=name))
                for name in checked.partitions
            },
            membership=sql(membership_query(checked, schema, target, as_of)),
        )


def _checked(module: str | ast.Module | ir.CheckedModule, schema: Schema) -> ir.CheckedModule:
    if isinstance(module, ir.CheckedModule):
        return module
    return check_module(module, schema)


# --- run and analytics ---------------------------------------------------------------------------


@contextlib.contextmanager
def _database(target: DatabaseTarget, schema: Schema) -> Iterator[Database]:
    """An open `Database` for `target` whose tables are checked against `schema` before the
    first query (segdsl/runtime/dbcheck.py); closed afterwards only if it was opened here.
    A `Database` given is used as it is."""
    from segdsl.runtime.engines import Database, connect, wrap_connection

    if isinstance(target, str | os.PathLike):
        with connect(os.fspath(target), schema=schema) as database:
            yield database
    elif isinstance(target, Database):
        yield target
    else:
        yield wrap_connection(target, schema=schema)


@dataclass(frozen=True)
class Members:
    """A segment's members: the key of each, in the order the engine returned them."""

    keys: tuple[Key, ...]

    def __len__(self) -> int:
        return len(self.keys)

    def __iter__(self) -> Iterator[Key]:
        return iter(self.keys)

    def __contains__(self, key: object) -> bool:
        return key in self.keys


def run(
    condition: Condition,
    schema: Schema,
    database: DatabaseTarget,
    *,
    as_of: dt.datetime | None = None,
    module: ast.Module | None = None,
    channel: str | None = None,
    limits: Limits | None = None,
) -> Members:
    """Evaluate a condition on a database: the key of every member; with `channel`, of every
    member who meets the consent rule of that channel of the schema."""
    from segdsl.runtime.exports import channel_consent

    with limits_in_effect(limits), _database(database, schema) as opened:
        cond = _condition(condition, schema, module)
        if channel is not None:
            cond = channel_consent(schema, channel).applied_to(cond)
        sql = compile_sql(cond, schema, dialect=opened.dialect, as_of=as_of)
        return Members(tuple(row[0] for batch in opened.query(sql).batches for row in batch))


def export(
    condition: Condition,
    schema: Schema,
    database: DatabaseTarget,
    path: str | os.PathLike[str],
    *,
    columns: Sequence[str] = (),
    channel: str | None = None,
    consent_check: bool = True,
    metadata: bool = True,
    segment: str | None = None,
    as_of: dt.datetime | None = None,
    module: ast.Module | None = None,
    limits: Limits | None = None,
) -> Export:
    """Write a condition's members to a CSV or Parquet file, as `segdsl run --out` does: their
    keys, then the attributes named in `columns`. With `channel`, only the members who meet the
    channel's consent rule, the others counted in `Export.removed`; `consent_check=False`
    writes every member and says so in the record. Unless `metadata=False`, a record of the
    export (docs/exports.md; `segment` names the condition in it) is written to `F.meta.json`,
    and into a Parquet file. Without `as_of`, the export is evaluated as of the time it starts."""
    from segdsl.runtime.exports import (
        Subject,
        channel_consent,
        chosen_attributes,
        export_instant,
        export_members,
    )

    if not consent_check and (channel is None or not metadata):
        raise ValueError("consent_check=False needs a channel and the metadata that records it")
    with limits_in_effect(limits):
        cond = _condition(condition, schema, module)
        attributes = chosen_attributes([(name, None) for name in columns], schema)
        consent = (
            None if channel is None else channel_consent(schema, channel, checked=consent_check)
        )
        text = None if cond.span is None else cond.span.text
        with _database(database, schema) as opened:
            return export_members(
                opened,
                schema,
                cond,
                Subject("members", segment, text),
                Path(path),
                as_of=export_instant(as_of),
                attributes=attributes,
                consent=consent,
                metadata=metadata,
            )


Explained = Condition | ir.CheckedSegment | ir.CheckedPartition
"""What `why` explains: a condition, or a segment or partition of a checked segment file."""


def why(
    explained: Explained,
    schema: Schema,
    database: DatabaseTarget,
    *,
    customer: Key,
    as_of: dt.datetime | None = None,
    module: ast.Module | None = None,
    limits: Limits | None = None,
) -> Why:
    """Why one customer is (or is not) in a segment, from one query: the condition as a tree of
    `Reason`s, each with whether it holds and the values it compared (docs/activation.md). For
    a partition, its label and the arms up to the one that matched. A key no customer has is a
    `SegdslError` (E609)."""
    from segdsl.runtime.why import explain

    with limits_in_effect(limits), _database(database, schema) as opened:
        if isinstance(explained, ir.CheckedPartition):
            return explain(opened, schema, explained.value, explained.name, customer, as_of)
        if isinstance(explained, ir.CheckedSegment):
            return explain(opened, schema, explained.condition, explained.name, customer, as_of)
        condition = _condition(explained, schema, module)
        return explain(opened, schema, condition, "<expr>", customer, as_of)


Segments = ir.CheckedModule | Mapping[str, Condition]
"""What the analytics count: a checked segment file (every segment and every label of each
partition), or conditions by name (which may name the segments of `module=`)."""


def _measures(segments: Segments, schema: Schema, module: ast.Module | None) -> list[Measure]:
    from segdsl.runtime.analytics import Measure, measures_of

    if isinstance(segments, ir.CheckedModule):
        return measures_of(segments)
    return [Measure(name, _condition(c, schema, module)) for name, c in segments.items()]


def sizes(
    segments: Segments,
    schema: Schema,
    database: DatabaseTarget,
    *,
    as_of: dt.datetime | None = None,
    module: ast.Module | None = None,
    limits: Limits | None = None,
) -> Sizes:
    """Every segment's (and partition label's) member count, from one query."""
    from segdsl.runtime.analytics import sizes as compute

    with limits_in_effect(limits), _database(database, schema) as opened:
        return compute(opened, schema, _measures(segments, schema, module), as_of)


def overlap(
    segments: Segments,
    schema: Schema,
    database: DatabaseTarget,
    *,
    as_of: dt.datetime | None = None,
    against: Sequence[str] = (),
    module: ast.Module | None = None,
    limits: Limits | None = None,
) -> Overlap:
    """Members in both of every pair of segments, and their Jaccard similarity, in one query;
    with `against` (some of the names), only the pairs of one of those with one of the others."""
    from segdsl.runtime.analytics import overlap as compute

    with limits_in_effect(limits), _database(database, schema) as opened:
        measures = _measures(segments, schema, module)
        return compute(opened, schema, measures, as_of, against)


def history(
    segments: Segments,
    schema: Schema,
    database: DatabaseTarget,
    *,
    at: Sequence[dt.datetime],
    module: ast.Module | None = None,
    limits: Limits | None = None,
) -> list[Sizes]:
    """The sizes as of each instant of `at` (events after it ignored), in one query."""
    from segdsl.runtime.analytics import history as compute

    with limits_in_effect(limits), _database(database, schema) as opened:
        return compute(opened, schema, _measures(segments, schema, module), at)


def changes(
    segments: Segments,
    schema: Schema,
    database: DatabaseTarget,
    *,
    at: Sequence[dt.datetime],
    module: ast.Module | None = None,
    limits: Limits | None = None,
) -> list[Changes]:
    """How many members entered and left each segment between consecutive instants of `at`."""
    from segdsl.runtime.analytics import changes as compute

    with limits_in_effect(limits), _database(database, schema) as opened:
        return compute(opened, schema, _measures(segments, schema, module), at)


def report(
    segments: Segments,
    schema: Schema,
    database: DatabaseTarget,
    *,
    as_of: dt.datetime | None = None,
    module: ast.Module | None = None,
    limits: Limits | None = None,
) -> dict[str, Performance]:
    """Each segment's campaign performance, as the schema's `report:` section defines it."""
    from segdsl.runtime.analytics import report as compute

    with limits_in_effect(limits), _database(database, schema) as opened:
        return compute(opened, schema, _measures(segments, schema, module), as_of)


# --- lint, format, analyze -----------------------------------------------------------------------


def lint(
    module: str | ast.Module,
    schema: Schema,
    *,
    name: str = "<segments>",
    config: LintConfig | None = None,
    limits: Limits | None = None,
) -> list[Finding]:
    """The linter's findings on a segment file (docs/lint.md), in file order. Raises
    `SegdslError` if the file does not parse or type-check."""
    from segdsl.lint import lint_module

    with limits_in_effect(limits):
        parsed = parse_module_text(module, name) if isinstance(module, str) else module
        return lint_module(parsed, schema, config)


def format(text: str, *, name: str = "<segments>", limits: Limits | None = None) -> str:
    """The canonical layout of a segment file's text (what `segdsl fmt` writes)."""
    from segdsl.fmt.formatter import format_source

    with limits_in_effect(limits):
        return format_source(text, name)


@dataclass(frozen=True)
class Analysis:
    """Everything an editor shows for a segment file."""

    checked: ir.CheckedModule | None
    """The checked file, or None when it has syntax or type errors."""
    diagnostics: tuple[Diagnostic, ...]
    """Syntax and type errors, or else the linter's findings."""

    @property
    def ok(self) -> bool:
        return self.checked is not None and not any(d.is_error for d in self.diagnostics)


def analyze(
    text: str,
    schema: Schema,
    *,
    name: str = "<segments>",
    config: LintConfig | None = None,
    limits: Limits | None = None,
) -> Analysis:
    """Parse, check and lint a segment file without raising for what is wrong with it."""
    from segdsl.lint import lint_module

    with limits_in_effect(limits):
        try:
            module = parse_module_text(text, name)
            checked = check_parsed_module(module, schema)
        except SegdslError as error:
            return Analysis(None, error.diagnostics)
        findings = lint_module(module, schema, config, checked=checked)
    return Analysis(checked, tuple(finding.to_diagnostic() for finding in findings))
