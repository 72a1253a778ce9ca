"""Golden SQL per dialect for the example segments, reviewed by hand, so that any change in the
generated SQL shows up as a diff in review. Every statement must also parse back with sqlglot in
its own dialect (the check that compile-only dialects get besides review).

After a deliberate change: `SEGDSL_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`, then
read the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import sqlglot

import segdsl
from segdsl.dialects import DIALECTS

ROOT = Path(__file__).parent.parent
GOLDEN = Path(__file__).parent / "golden"
SCHEMA = segdsl.load_schema(ROOT / "examples/shop/schema.yaml")
CHECKED = segdsl.check_file(ROOT / "examples/shop/segments.seg", SCHEMA)
AS_OF = dt.datetime(2026, 11, 1)
# Segments whose SQL is also kept in "now" mode (no --as-of): the engine's clock and intervals.
NOW_MODE = ("cart_abandoners", "lapsed", "women_25_34", "active_12m")


def _statements(dialect: str) -> list[tuple[str, str]]:
    out = []
    for name, segment in CHECKED.segments.items():
        sql = segdsl.compile_sql(
            segment.condition, SCHEMA, dialect=dialect, as_of=AS_OF, pretty=True
        )
        out.append((f"{name} (as of {AS_OF.isoformat()})", sql))
    for name in NOW_MODE:
        sql = segdsl.compile_sql(
            CHECKED.segments[name].condition, SCHEMA, dialect=dialect, pretty=True
        )
        out.append((f"{name} (now)", sql))
    return out


def _render(statements: list[tuple[str, str]]) -> str:
    return "".join(f"-- {title}\n{sql};\n\n" for title, sql in statements)


@pytest.mark.parametrize("dialect", list(DIALECTS))
def test_golden_sql(dialect: str) -> None:
    path = GOLDEN / f"{dialect}.sql"
    text = _render(_statements(dialect))
    if os.environ.get("SEGDSL_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run with SEGDSL_UPDATE_GOLDEN=1 and review"
    assert text == path.read_text(encoding="utf-8"), (
        f"the SQL for {dialect} changed: review, then regenerate with SEGDSL_UPDATE_GOLDEN=1"
    )


@pytest.mark.parametrize("dialect", list(DIALECTS))
def test_sql_parses_back_in_its_dialect(dialect: str) -> None:
    read = DIALECTS[dialect].sqlglot_name
    for title, sql in _statements(dialect):
        tree = sqlglot.parse_one(sql, read=read, error_level=sqlglot.ErrorLevel.RAISE)
        assert tree.find(sqlglot.exp.Select) is not None, title
