"""SQLite moves a timestamp by hours and days with strftime, whose modifiers round the seconds to
milliseconds: shifted with its fraction, 23:59:59.999999 − 1d came out a second late. Found by
`why`'s property test (tests/runtime/test_why.py), which compares shown values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import segdsl
from segdsl.semantics.reference import Evaluator
from tests.support.backends import SQLiteBackend, dataset_from_rows

ROOT = Path(__file__).parents[2]
SCHEMA = segdsl.load_schema(ROOT / "examples/shop/schema.yaml")
AS_OF = dt.datetime(2026, 3, 1)
LATE = dt.datetime(2026, 1, 30, 23, 59, 59, 999_999)


@pytest.mark.parametrize(
    "condition",
    [
        "signup_at - 1d < 2026-01-30",
        "signup_at + 1h >= 2026-01-31T00:59:59.999999",
        "signup_at + 1h < 2026-01-31T01:00:00",
    ],
)
def test_a_shift_keeps_a_fraction_that_rounds_up(condition: str) -> None:
    data = dataset_from_rows([{"customer_id": 1, "signup_at": LATE}], {})
    backend = SQLiteBackend()
    try:
        backend.load(data)
        sql = segdsl.compile_sql(condition, SCHEMA, dialect="sqlite", as_of=AS_OF)
        expected = Evaluator(SCHEMA, data, AS_OF).members(segdsl.check(condition, SCHEMA))
        assert expected == {1}
        assert backend.members(sql) == expected
    finally:
        backend.close()
