"""Golden SQL of the behaviour conditions (value traits, distinct counts, active days, random
splits, windows anchored on the customer, sequences and attributes read from their history) per
dialect, reviewed by hand
like tests/sql/test_golden.py: tests/golden/behaviour/. What a dialect cannot compile is kept
as its error, for review too. Every statement parses back with sqlglot in its own dialect.

After a deliberate change: `SEGDSL_UPDATE_GOLDEN=1 python -m pytest
tests/sql/test_golden_behaviour.py`, then read the diff of tests/golden/behaviour/.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import sqlglot

import segdsl
from segdsl.sql.dialects import DIALECTS

ROOT = Path(__file__).parents[2]
GOLDEN = Path(__file__).parents[1] / "golden" / "behaviour"
SCHEMA = segdsl.load_schema(ROOT / "examples/shop/schema.yaml")
AS_OF = dt.datetime(2026, 11, 1)
BEHAVIOUR = (
    'last(orders.category) = "shoes"',
    "first(orders.amount where category is present) > 50",
    'most_frequent(web.category where type = "view") = "shoes"',
    "count(distinct orders.category where created_at < 365d) >= 3",
    "active_days(web where ts < 30d) >= 4",
    'split("spring24") < 10%',
    'not split("spring24") between 10% and 55%',
    "count(orders where created_at < signup_at + 1mo) >= 2",
    "count(orders where created_at > last_click) > 0"
    ' and last(web.category where ts >= signup_at) = "shoes"',
    "sum(orders.amount where created_at < first_order + 30d and created_at > last_open) > 100",
    'email where type = "click" then orders within 7d without email where type = "unsubscribe"',
    'web where type = "add_to_cart" and ts < 7d then no orders within 1mo',
)

# Attributes as of the instant, from examples/history/schema.yaml's history table.
HISTORY_SCHEMA = segdsl.load_schema(ROOT / "examples/history/schema.yaml")
HISTORY = (
    'country = "DE" and not consent_email',
    'count(orders where country = "DE") >= 1',
    "top 10% by purchases and country in EU",
)


def _statements(dialect: str) -> list[tuple[str, str]]:
    out = []
    cases = [(text, SCHEMA, "") for text in BEHAVIOUR]
    cases += [(text, HISTORY_SCHEMA, "examples/history/schema.yaml, ") for text in HISTORY]
    for text, schema, where in cases:
        title = f"{text} ({where}as of {AS_OF.isoformat()})"
        try:
            sql = segdsl.compile_sql(text, schema, dialect=dialect, as_of=AS_OF, pretty=True)
        except segdsl.SegdslError as error:
            out.append((title, "-- " + error.diagnostics[0].message))
            continue
        out.append((title, sql))
    return out


@pytest.mark.parametrize("dialect", list(DIALECTS))
def test_golden_sql(dialect: str) -> None:
    path = GOLDEN / f"{dialect}.sql"
    text = "".join(f"-- {title}\n{sql};\n\n" for title, sql in _statements(dialect))
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
        if sql.startswith("-- "):
            continue
        tree = sqlglot.parse_one(sql, read=read, error_level=sqlglot.ErrorLevel.RAISE)
        assert tree.find(sqlglot.exp.Select) is not None, title
