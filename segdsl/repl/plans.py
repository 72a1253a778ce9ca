"""The engines' query plans (`.explain`) as lines of text: each engine's EXPLAIN rows (see
`plan_prefix` in segdsl/runtime/engines/base.py) in a readable form."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from segdsl.tables import format_table


def plan_lines(
    dialect: str, columns: list[str], rows: list[tuple[Any, ...]], width: int
) -> list[str]:
    """The plan rows of an engine of `dialect` as lines, each cut to `width` characters."""
    lines = _RENDERERS[dialect](columns, rows)
    return [line if len(line) <= width else line[: max(width - 1, 0)] + "…" for line in lines]


PlanRenderer = Callable[[list[str], list[tuple[Any, ...]]], list[str]]


def _duckdb_plan(_columns: list[str], rows: list[tuple[Any, ...]]) -> list[str]:
    """DuckDB's JSON plan as an indented tree: each operator with its details on one line."""
    lines: list[str] = []

    def walk(node: dict[str, Any], depth: int) -> None:
        details = "; ".join(
            f"{key}: {' '.join(str(value).split())}"
            for key, value in node.get("extra_info", {}).items()
        )
        arrow = "-> " if depth else ""
        lines.append(
            f"{'   ' * depth}{arrow}{node['name']}" + (f"  ({details})" if details else "")
        )
        for child in node.get("children", []):
            walk(child, depth + 1)

    for row in rows:
        for node in json.loads(row[-1]):
            walk(node, 0)
    return lines


def _sqlite_plan(_columns: list[str], rows: list[tuple[Any, ...]]) -> list[str]:
    """SQLite's EXPLAIN QUERY PLAN rows (id, parent, unused, detail) as a tree."""
    depth: dict[int, int] = {0: -1}
    lines = []
    for node, parent, _unused, detail in rows:
        depth[node] = depth.get(parent, -1) + 1
        lines.append(f"{'   ' * depth[node]}{'-> ' if depth[node] else ''}{detail}")
    return lines


def _text_plan(_columns: list[str], rows: list[tuple[Any, ...]]) -> list[str]:
    """A plan that is already text, in rows of one line (PostgreSQL, ClickHouse) or of many
    (Spark, Trino)."""
    return [line for row in rows for line in str(row[0]).splitlines()]


def _tabular_plan(columns: list[str], rows: list[tuple[Any, ...]]) -> list[str]:
    """A plan that is a table, one row per table read (MySQL and MariaDB)."""
    return format_table(columns, rows).splitlines()


_RENDERERS: dict[str, PlanRenderer] = {
    "duckdb": _duckdb_plan,
    "sqlite": _sqlite_plan,
    "postgres": _text_plan,
    "mysql": _tabular_plan,
    **dict.fromkeys(("redshift", "clickhouse", "spark", "databricks", "trino"), _text_plan),
    "snowflake": _tabular_plan,
}
