"""Every difference between SQL engines that segdsl cares about, one module per engine family.

A dialect is a few capability flags plus emitters for the constructs sqlglot does not transpile
correctly on its own: "now" as a UTC instant, calendar-aware interval
arithmetic, exact seconds between instants, FILTER clauses, exact (case- and pad-sensitive)
string comparison, booleans where the engine has none. The compiler asks the dialect; it never
branches on names. Each class says how the engine's timestamps are expected to be stored.

- `base`: the `Dialect` class, the generic (standard SQL) emitters, and the builders engines share;
- `precedence`: parentheses wherever sqlglot's output would bind differently than the tree;
- `duckdb`, `postgres` (and Redshift), `sqlite`, `mysql` (and MariaDB), `clickhouse`, `spark`
  (and Databricks), `warehouses` (Snowflake, BigQuery, Trino), `tsql` (SQL Server);
- this module: the registry `DIALECTS`, name → dialect, and the names other modules import.

Adding a dialect:

1. Subclass `Dialect` in its engine family's module (or a new module for a new family), overriding
   only the emitters whose generic SQL is wrong on that engine; the docstring says how the
   engine's timestamps are stored. Build SQL from sqlglot nodes and `base`'s builders.
2. Register an instance in `DIALECTS` below: its name, sqlglot's name for it, a description, how
   it is verified, and the capability flags that differ from `Dialect`'s defaults.
3. Prove it: a compile-only dialect gets a golden file (`SEGDSL_UPDATE_GOLDEN=1 python -m pytest
   tests/sql/test_golden.py`, then review tests/golden/<name>.sql); an executed one a backend in
   tests/support/backends.py, which runs the conformance suite and the generated programs.
4. Document it in docs/dialects.md (the table of dialects and, per difference, what it emits).
"""

from __future__ import annotations

from segdsl.sql.dialects.base import Dialect, per_row_zone_unsupported, split_unsupported
from segdsl.sql.dialects.clickhouse import ClickHouse
from segdsl.sql.dialects.duckdb import DuckDB
from segdsl.sql.dialects.mysql import MySQL
from segdsl.sql.dialects.postgres import Postgres, Redshift
from segdsl.sql.dialects.precedence import parenthesised
from segdsl.sql.dialects.spark import Spark
from segdsl.sql.dialects.sqlite import SQLITE_FUNCTIONS, SQLite
from segdsl.sql.dialects.tsql import TSQL
from segdsl.sql.dialects.warehouses import BigQuery, Snowflake, Trino

__all__ = [
    "DIALECTS",
    "SQLITE_FUNCTIONS",
    "TSQL",
    "BigQuery",
    "ClickHouse",
    "Dialect",
    "DuckDB",
    "MySQL",
    "Postgres",
    "Redshift",
    "SQLite",
    "Snowflake",
    "Spark",
    "Trino",
    "parenthesised",
    "per_row_zone_unsupported",
    "split_unsupported",
]

_EXECUTED = "executed in the test suite against the reference evaluator"
_COMPILED = "compile-only: output parsed back by sqlglot and kept as reviewed golden snapshots"

DIALECTS: dict[str, Dialect] = {
    d.name: d
    for d in (
        DuckDB("duckdb", "duckdb", "DuckDB 1.1+ (the embedded default)", f"{_EXECUTED} (DuckDB)"),
        Postgres(
            "postgres",
            "postgres",
            "PostgreSQL 13+",
            f"{_EXECUTED} (PostgreSQL 15)",
            semi_join="exists",
        ),
        SQLite("sqlite", "sqlite", "SQLite 3.30+", f"{_EXECUTED} (SQLite, in-process)"),
        MySQL(
            "mysql",
            "mysql",
            "MySQL 8 / MariaDB 10.5+",
            f"{_EXECUTED} (MariaDB 10.11)",
            filter_clause=False,
            insensitive_strings=True,
        ),
        ClickHouse(
            "clickhouse",
            "clickhouse",
            "ClickHouse 23+",
            f"{_EXECUTED} (ClickHouse via chdb)",
            per_row_zone=False,
            correlated_ranges=False,  # correlated subqueries came in ClickHouse 25
        ),
        Spark("spark", "spark", "Apache Spark 3.4+", f"{_EXECUTED} (pyspark, local mode)"),
        Spark(
            "databricks",
            "databricks",
            "Databricks SQL",
            "compile-only: same emitters as spark, which is executed; output parsed back",
        ),
        Snowflake("snowflake", "snowflake", "Snowflake", _COMPILED, filter_clause=False),
        BigQuery("bigquery", "bigquery", "Google BigQuery", _COMPILED, filter_clause=False),
        Redshift(
            "redshift",
            "redshift",
            "Amazon Redshift",
            _COMPILED,
            filter_clause=False,
            per_row_zone=False,
        ),
        Trino("trino", "trino", "Trino / Presto", _COMPILED),
        TSQL(
            "tsql",
            "tsql",
            "Microsoft SQL Server 2017+ / Azure SQL",
            _COMPILED,
            filter_clause=False,
            insensitive_strings=True,
            split_hash=False,
            zone_conversion=False,
        ),
    )
}
