"""Input limits (docs/language.md, "Limits"): every pass is safe on the deepest and largest
inputs the limits allow, and one step beyond a limit is a located error, never a traceback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

import segdsl
from segdsl.diagnostics import SegdslError
from segdsl.dialects import DIALECTS
from segdsl.formatter import format_source
from segdsl.limits import DEFAULT_LIMITS
from segdsl.lint import lint_text
from segdsl.reference import Dataset, Evaluator, load_dataset

from . import shop_fixture

ROOT = Path(__file__).parent.parent
SCHEMA = segdsl.load_schema(ROOT / "examples/shop/schema.yaml")


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    path = shop_fixture.build(tmp_path_factory.mktemp("limits") / "shop.duckdb")
    with duckdb.connect(str(path), read_only=True) as connection:
        yield connection


@pytest.fixture(scope="module")
def dataset(shop: duckdb.DuckDBPyConnection) -> Dataset:
    return load_dataset(shop, SCHEMA)


def codes(error: pytest.ExceptionInfo[SegdslError]) -> list[str]:
    return [d.code for d in error.value.diagnostics]


# Each shape nests one construct n times around a condition; together they cover every kind of
# node the checker, compiler, formatter, linter and reference evaluator recurse through.
SHAPES: dict[str, Callable[[int], str]] = {
    "parentheses": lambda n: "(" * n + "count(orders) > 1" + ")" * n,
    "not": lambda n: "not " * n + "count(orders) > 1",
    "plus": lambda n: "count(orders)" + " + 1" * n + " > 1",
    "times and minus": lambda n: "(" * n + "count(orders)" + " * 2) - 1" * n + " > 1",
    "unary minus": lambda n: "-" * n + "count(orders) < 1",
    "abs": lambda n: "abs(" * n + "count(orders)" + ")" * n + " > 1",
    "lower": lambda n: "lower(" * n + "country" + ")" * n + ' in ["pl", "de"]',
    "aggregate filter": lambda n: (
        "count(orders where " + "(" * n + "amount > 20)" + ")" * n + " > 0"
    ),
    "population aggregate": lambda n: "avg(" + "abs(" * n + "count(orders)" + ")" * n + ") > 1",
    "condition as value": lambda n: "consent_email = (" * n + "true" + ")" * n,
    "and/or": lambda n: (
        '(length(country) > 1 and (country = "PL" or ' * n + "consent_email" + "))" * n
    ),
    "ranking": lambda n: "top 40% by " + "abs(" * n + "count(orders)" + ")" * n,
    "between": lambda n: "length(country) between 1 and " + "abs(" * n + "2" + ")" * n,
    "durations": lambda n: "now - signup_at > " + "(" * n + "1d" + ")" * n,
    "timestamps": lambda n: "signup_at < " + "(" * n + "now - 1d" + ")" * n,
}


def accepted(text: str) -> bool:
    try:
        segdsl.check(text, SCHEMA)
    except SegdslError as error:
        assert codes_of(error) == ["E111"], error
        return False
    return True


def codes_of(error: SegdslError) -> list[str]:
    return [d.code for d in error.diagnostics]


def deepest(shape: Callable[[int], str]) -> int:
    """The largest n the depth limit accepts (each shape nests monotonically in n)."""
    low, high = 0, DEFAULT_LIMITS.depth + 1
    assert accepted(shape(low)) and not accepted(shape(high))
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if accepted(shape(middle)) else (low, middle)
    return low


def every_pass(text: str, dataset: Dataset, shop: duckdb.DuckDBPyConnection) -> None:
    """Check, compile for every dialect (with and without an instant), evaluate with the
    reference, run on DuckDB, format and lint, all as one segment of a file too."""
    condition = segdsl.check(text, SCHEMA)
    for dialect in DIALECTS:
        for as_of in (shop_fixture.AS_OF, None):
            assert segdsl.compile_sql(condition, SCHEMA, dialect, as_of)
    expected = Evaluator(SCHEMA, dataset, shop_fixture.AS_OF).members(condition)
    sql = segdsl.compile_sql(condition, SCHEMA, "duckdb", shop_fixture.AS_OF)
    assert {row[0] for row in shop.execute(sql).fetchall()} == expected
    file = f"segment deep = {text}\n"
    assert segdsl.check_file(segdsl.api.parse_module(file), SCHEMA).segments
    assert format_source(file)
    lint_text(file, "deep.seg", SCHEMA)


@pytest.mark.parametrize("name", SHAPES)
def test_every_pass_is_safe_at_the_depth_limit(
    name: str, dataset: Dataset, shop: duckdb.DuckDBPyConnection
) -> None:
    shape = SHAPES[name]
    every_pass(shape(deepest(shape)), dataset, shop)
