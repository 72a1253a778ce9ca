"""The example segments on every executed engine: the compiled SQL for each dialect returns
exactly the reference evaluator's members, at a fixed as-of instant and at the engine's own
"now", with the engine session in a time zone far from UTC."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

import segdsl
from segdsl.demo.shop import build_shop
from segdsl.semantics import ir
from segdsl.semantics.reference import Dataset, Evaluator, load_dataset
from tests.support.backends import EXECUTED, Backend

ROOT = Path(__file__).parents[2]
SCHEMA = segdsl.load_schema(ROOT / "examples/shop/schema.yaml")
MODULE = segdsl.parse_file(ROOT / "examples/shop/segments.seg")
CHECKED = segdsl.check_module(MODULE, SCHEMA)
ANCHOR = dt.datetime(2026, 3, 31, 12, 0)  # month arithmetic clamps from the 31st
AS_OFS = [ANCHOR, dt.datetime(2025, 12, 1)]


def _generated_shop(tmp: Path) -> Dataset:
    path = tmp / "shop.duckdb"
    with duckdb.connect(str(path)) as con:
        build_shop(con, customers=400, seed=11, anchor=ANCHOR)
        # Strings that only exact comparison tells apart, and a customer on the boundaries.
        con.execute(
            "INSERT INTO customers VALUES (100001, NULL, 'de', NULL, NULL, 'female', 'mobile', "
            "TRUE), (100002, 'x@example.com', 'DE ', NULL, NULL, NULL, NULL, FALSE)"
        )
        for offset in (dt.timedelta(days=30), dt.timedelta(hours=24), dt.timedelta(0)):
            con.execute(
                "INSERT INTO orders VALUES (?, 100001, ?, 100.00, 'shoes')",
                [int(offset.total_seconds()) + 9_000_000, ANCHOR - offset],
            )
            con.execute(
                "INSERT INTO email_events VALUES (100001, 'open', ?, 'x')", [ANCHOR - offset]
            )
        con.execute(
            "INSERT INTO orders VALUES (9999999, 100001, ?, 1.00, 'shoes')",
            [ANCHOR.replace(month=2, day=28)],  # exactly 1mo before the 31st, clamped
        )
        return load_dataset(con, SCHEMA)


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return _generated_shop(tmp_path_factory.mktemp("engines"))


@pytest.fixture(scope="module", params=list(EXECUTED))
def backend(request: pytest.FixtureRequest, shop: Dataset) -> Iterator[Backend]:
    engine = EXECUTED[request.param]()
    engine.load(shop)
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def evaluators(shop: Dataset) -> dict[dt.datetime, Evaluator]:
    return {as_of: Evaluator(SCHEMA, shop, as_of) for as_of in AS_OFS}


def _members(backend: Backend, cond: ir.Cond, as_of: dt.datetime | None) -> set[Any]:
    return backend.members(segdsl.compile_sql(cond, SCHEMA, dialect=backend.name, as_of=as_of))


def test_every_example_segment_on_every_engine(
    backend: Backend, evaluators: dict[dt.datetime, Evaluator]
) -> None:
    wrong = []
    for as_of, evaluator in evaluators.items():
        # The customers who exist at the instant (docs/semantics.md, "Customers in time").
        everyone = {row[SCHEMA.key] for row in evaluator.customers}
        for name, segment in CHECKED.segments.items():
            expected = evaluator.members(segment.condition)
            got = _members(backend, segment.condition, as_of)
            negated = _members(backend, ir.Not(segment.condition), as_of)
            if got != expected:
                wrong.append(f"{name} @ {as_of}: extra {got - expected}, missing {expected - got}")
            if negated != everyone - expected:
                wrong.append(f"not {name} @ {as_of}: does not complement the segment")
    assert not wrong, f"{backend.name}:\n" + "\n".join(wrong)


def test_partition_labels_on_every_engine(
    backend: Backend, evaluators: dict[dt.datetime, Evaluator]
) -> None:
    for name, partition in CHECKED.partitions.items():
        labels = evaluators[ANCHOR].partition(partition.value)
        for label in {*labels.values()}:
            condition = segdsl.check(f'{name} = "{label}"', SCHEMA, module=MODULE)
            expected = {key for key, got in labels.items() if got == label}
            assert _members(backend, condition, ANCHOR) == expected, (backend.name, label)


EXACT_CASES = [
    # exact strings: case, trailing spaces
    ('country = "DE"', lambda r: r["country"] == "DE"),
    ('country in ["de", "PL"]', lambda r: r["country"] in ("de", "PL")),
    ('country != "DE"', lambda r: r["country"] is not None and r["country"] != "DE"),
    ('country starts with "D"', lambda r: (r["country"] or "").startswith("D")),
    ('country ends with "E "', lambda r: (r["country"] or "").endswith("E ")),
    ('lower(country) = "de"', lambda r: (r["country"] or "").lower() == "de"),
    ("length(country) = 3", lambda r: len(r["country"] or "") == 3),
]


@pytest.mark.parametrize(("text", "predicate"), EXACT_CASES, ids=[c[0] for c in EXACT_CASES])
def test_strings_are_exact_on_every_engine(
    backend: Backend, shop: Dataset, text: str, predicate: Any
) -> None:
    expected = {row["customer_id"] for row in shop.customers if predicate(row)}
    assert _members(backend, segdsl.check(text, SCHEMA), ANCHOR) == expected


NOW_CASES = [
    "last_order < 30d",
    "last_order >= 2mo",
    "now - last_order > 10d",
    "last_cart_add + 1mo > now",
    "count(orders where created_at < 1y) >= 2",
    "birth_date < 30y",
    "signup_at + 2w < now - 3d",
]


def _recent_dataset(now: dt.datetime) -> Dataset:
    """Events at offsets from the real current time, none within a day of a window's edge,
    so the engine's clock and ours need not agree to the microsecond."""
    days = [2, 5, 20, 45, 75, 200, 500]
    customers = []
    orders: list[dict[str, Any]] = []
    web: list[dict[str, Any]] = []
    for key, offset in enumerate(days, start=1):
        when = now - dt.timedelta(days=offset, hours=7)
        customers.append(
            {
                "customer_id": key,
                "email": None,
                "country": "PL",
                "signup_at": when,
                "birth_date": (now - dt.timedelta(days=offset * 30)).date(),
                "gender": "female",
                "device_type": "mobile",
                "consent_email": True,
            }
        )
        for repeat in range(key % 3 + 1):
            orders.append(
                {
                    "order_id": key * 10 + repeat,
                    "customer_id": key,
                    "created_at": when - dt.timedelta(days=3 * repeat),
                    "amount": Decimal("10.00"),
                    "category": "shoes",
                }
            )
        web.append({"customer_id": key, "type": "add_to_cart", "ts": when, "category": None})
    return Dataset(customers, {"orders": orders, "email_events": [], "web_events": web})


@pytest.fixture(scope="module", params=list(EXECUTED))
def now_backend(request: pytest.FixtureRequest) -> Iterator[tuple[Backend, dt.datetime]]:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    engine = EXECUTED[request.param]()
    engine.load(_recent_dataset(now))
    yield engine, now
    engine.close()


def test_now_mode_uses_the_engines_utc_clock(now_backend: tuple[Backend, dt.datetime]) -> None:
    """Without --as-of the engine's own current time is the instant, read in UTC even though
    the session time zone is far from it, with calendar months and years."""
    backend, now = now_backend
    evaluator = Evaluator(SCHEMA, _recent_dataset(now), now)
    for text in NOW_CASES:
        condition = segdsl.check(text, SCHEMA)
        assert _members(backend, condition, None) == evaluator.members(condition), text
