"""Checked nodes written back as the language (segdsl/semantics/unparse.py) read back as equal
nodes: for generated conditions, and for every segment and partition arm of the shop's file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

import segdsl
from segdsl.semantics import ir
from segdsl.semantics.unparse import unparse
from tests.support.generators import conditions

ROOT = Path(__file__).parents[2]
SCHEMA = segdsl.load_schema(ROOT / "examples/shop/schema.yaml")
MODULE = segdsl.parse_file(ROOT / "examples/shop/segments.seg")
CHECKED = segdsl.check_module(MODULE, SCHEMA)


def reads_back(condition: ir.Cond) -> None:
    text = unparse(condition)
    assert segdsl.check(text, SCHEMA, module=MODULE) == condition, text


@given(conditions())
def test_a_generated_condition_reads_back(text: str) -> None:
    reads_back(segdsl.check(text, SCHEMA))


@pytest.mark.parametrize(
    "condition",
    [
        *(segment.condition for segment in CHECKED.segments.values()),
        *(cond for p in CHECKED.partitions.values() for _, cond in p.value.arms),
    ],
    ids=lambda condition: unparse(condition)[:40],
)
def test_the_shops_conditions_read_back(condition: ir.Cond) -> None:
    reads_back(condition)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("-(1) < -(purchases)", "-(1) < -purchases"),
        ("(purchases - 1) - (2 - purchases) > 0", "purchases - 1 - (2 - purchases) > 0"),
        ("not (country not in EU) and (consent_email or vip)", None),
        ("count(customers where purchases > 0) > 3", None),
        ('email ends with "a\\"b"', None),
        ("top 33.3% by total_spent", None),
        ("last_order + 1mo < now", None),
        ("consent_email = (purchases > 2)", None),
        ("signup_at > 2020-01-01T10:00:00 and birth_date < 2001-01-01", None),
    ],
)
def test_how_nodes_are_written(text: str, written: str | None) -> None:
    condition = segdsl.check(text, SCHEMA, module=MODULE)
    assert unparse(condition) == (written or text)
    reads_back(condition)
