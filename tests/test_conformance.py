"""The conformance suite (tests/conformance/*.yaml) on the reference evaluator and on every
executed engine: the same members everywhere, and the same located errors for mistakes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

import segdsl
from segdsl.diagnostics import SegdslError
from segdsl.reference import Dataset, Evaluator, load_dataset

from .backends import EXECUTED, Backend
from .shop_fixture import build

HERE = Path(__file__).parent
SCHEMA = segdsl.load_schema(HERE.parent / "examples/shop/schema.yaml")
MEMBERS = yaml.safe_load((HERE / "conformance/members.yaml").read_text(encoding="utf-8"))
ERRORS = yaml.safe_load((HERE / "conformance/errors.yaml").read_text(encoding="utf-8"))
AS_OF: dt.datetime = MEMBERS["as_of"]
CASES: list[dict[str, Any]] = MEMBERS["cases"]


@pytest.fixture(scope="module")
def fixture_shop(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    path = build(tmp_path_factory.mktemp("conformance") / "shop.duckdb")
    with duckdb.connect(str(path), read_only=True) as con:
        return load_dataset(con, SCHEMA)


@pytest.fixture(scope="module", params=list(EXECUTED))
def backend(request: pytest.FixtureRequest, fixture_shop: Dataset) -> Iterator[Backend]:
    engine = EXECUTED[request.param]()
    engine.load(fixture_shop)
    yield engine
    engine.close()


@pytest.mark.parametrize("case", CASES, ids=[c["expr"] for c in CASES])
def test_reference_evaluator(fixture_shop: Dataset, case: dict[str, Any]) -> None:
    evaluator = Evaluator(SCHEMA, fixture_shop, AS_OF)
    assert evaluator.members(segdsl.check(case["expr"], SCHEMA)) == set(case["members"])


def test_every_engine(backend: Backend) -> None:
    wrong = []
    for case in CASES:
        sql = segdsl.compile_sql(case["expr"], SCHEMA, dialect=backend.name, as_of=AS_OF)
        got = backend.members(sql)
        if got != set(case["members"]):
            wrong.append(f"{case['expr']}: got {sorted(got)}, expected {case['members']}")
    assert not wrong, f"{backend.name}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("case", ERRORS["cases"], ids=[c["expr"] for c in ERRORS["cases"]])
def test_errors(case: dict[str, Any]) -> None:
    expected = case["error"]
    with pytest.raises(SegdslError) as raised:
        segdsl.check(case["expr"], SCHEMA)
    first = raised.value.diagnostics[0]
    assert first.code == expected["code"]
    assert first.span is not None
    assert (first.span.line, first.span.column) == (expected["line"], expected["column"])
    assert expected["message"] in first.message
