"""`segdsl why` on the hand-written shop (tests/support/shop_fixture.py), whose values are known:
the tree for people, the JSON for programs (docs/schemas/why.json), and the errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

import segdsl
from segdsl.cli import main
from segdsl.runtime.why_render import why_text
from tests.support.shop_fixture import build

ROOT = Path(__file__).parents[2]
SCHEMA = str(ROOT / "examples/shop/schema.yaml")
SEGMENTS = str(ROOT / "examples/shop/segments.seg")
WHY_SCHEMA = json.loads((ROOT / "docs/schemas/why.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("why") / "shop.duckdb")


def why(shop: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, ["why", *args, "--schema", SCHEMA, "--db", str(shop), "--as-of", "2026-11-01"]
    )
    return result.exit_code, result.stdout, result.stderr


def as_json(shop: Path, *args: str) -> dict[str, Any]:
    code, stdout, stderr = why(shop, *args, "--format", "json")
    assert code == 0, stdout + stderr
    answer: dict[str, Any] = json.loads(stdout)
    jsonschema.Draft202012Validator.check_schema(WHY_SCHEMA)
    jsonschema.Draft202012Validator(WHY_SCHEMA).validate(answer)
    return answer


def test_a_segment_as_a_tree(shop: Path) -> None:
    code, stdout, _ = why(shop, SEGMENTS, "--segment", "inactive_subscribers", "--customer", "2")
    assert code == 0, stdout
    assert stdout.splitlines() == [
        "customer 2 is in inactive_subscribers (as of 2026-11-01 00:00:00 UTC)",
        "✓ all of",
        "  ✓ consent_email",
        "      consent_email = true",
        "  ✓ not last_open < 30d",
        "    ✗ last_open < 30d",
        "        last_open = missing",
        "        needs last_open > 2026-10-02 00:00:00",
        "  ✓ not last_order < 90d",
        "    ✗ last_order < 90d",
        "        last_order = 2026-04-15 00:00:00",
        "        needs last_order > 2026-08-03 00:00:00",
    ]


def test_a_partition_shows_the_arms_up_to_the_one_that_matched(shop: Path) -> None:
    code, stdout, _ = why(shop, SEGMENTS, "--segment", "lifecycle", "--customer", "1")
    assert code == 0, stdout
    lines = stdout.splitlines()
    assert lines[0] == 'customer 1 is in lifecycle "new" (as of 2026-11-01 00:00:00 UTC)'
    assert [line for line in lines if not line.startswith(" ")] == [
        lines[0],
        '✗ "lead" when leads',
        '✓ "new" when new_customers',
    ]
    answer = as_json(shop, SEGMENTS, "--segment", "lifecycle", "--customer", "3")
    assert answer["label"] == "other"
    assert [(arm["label"], arm["otherwise"]) for arm in answer["arms"]][-2:] == [
        ("lapsed", False),
        ("other", True),
    ]


def test_a_condition_with_the_segments_of_a_file_in_scope(shop: Path) -> None:
    code, stdout, _ = why(shop, SEGMENTS, "-e", "vip and country in EU", "--customer", "4")
    assert code == 0, stdout
    assert stdout.splitlines()[:4] == [
        "customer 4 does not match the condition (as of 2026-11-01 00:00:00 UTC)",
        "✗ all of",
        "  ✗ vip",
        "    ✗ top 10% by spend_365d",
    ]
    # Totals in the last 365 days: 500 (2), 230 (1), 20 (4), 0 (3, 5): 4 is third of five.
    assert "        rank: 3 of 5 at or above (60%, needs ≤ 10%)" in stdout.splitlines()


def test_json_has_the_documented_shape(shop: Path) -> None:
    answer = as_json(shop, "-e", 'avg(orders.amount) > 100 and country = "DE"', "--customer", "4")
    assert (answer["customer"], answer["segment"], answer["member"]) == (4, "<expr>", False)
    assert answer["as_of"] == "2026-11-01T00:00:00Z"
    average, country = answer["reason"]["reasons"]
    assert average["condition"] == "avg(orders.amount) > 100" and not average["holds"]
    assert average["operands"][0]["value"] == 20.0
    assert (country["kind"], country["holds"]) == ("compare", True)
    age = as_json(shop, "-e", "last_order < 30d", "--customer", "4")["reason"]
    assert age["bound"] == {
        "expression": "last_order",
        "op": ">",
        "instant": "2026-10-02T00:00:00Z",
    }


def test_no_colour_off_a_terminal(shop: Path) -> None:
    code, stdout, _ = why(shop, "-e", "purchases > 0", "--customer", "1")
    assert code == 0 and "\x1b[" not in stdout and "✓ purchases > 0" in stdout


def test_an_unknown_customer_is_a_located_error(shop: Path) -> None:
    code, stdout, stderr = why(shop, "-e", "purchases > 0", "--customer", "42")
    assert code == 1 and stdout == ""
    assert stderr.splitlines()[:4] == [
        "--customer:1:1: error[E609]: no customer has customer_id 42 in customers",
        "  |",
        "1 | 42",
        "  | ^^",
    ]
    code, stdout, stderr = why(shop, "-e", "purchases > 0", "--customer", "x1")
    assert code == 1 and "error[E609]" in stderr and "whole number" in stderr
    code, stdout, _ = why(shop, "-e", "purchases > 0", "--customer", "42", "--format", "json")
    assert code == 1
    assert [d["code"] for d in json.loads(stdout)["diagnostics"]] == ["E609"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ([SEGMENTS, "--customer", "1"], 2, "name the segment or partition of FILE"),
        ([SEGMENTS, "--segment", "vips", "--customer", "1"], 1, "error[E604]"),
        (["-e", "purchases > 0"], 2, "Missing option '--customer'"),
    ],
)
def test_what_to_explain_must_be_clear(
    shop: Path, args: list[str], code: int, message: str
) -> None:
    found, _, stderr = why(shop, *args)
    assert found == code and message in stderr


def test_colour_marks_for_a_terminal(shop: Path) -> None:
    schema = segdsl.load_schema(SCHEMA)
    found = segdsl.why("purchases > 0 or purchases = 0", schema, str(shop), customer=1)
    coloured = why_text(found, color=True)
    assert "\x1b[32m✓\x1b[0m" in coloured and "\x1b[31m✗\x1b[0m" in coloured
    assert why_text(found) == coloured.replace("\x1b[32m", "").replace("\x1b[31m", "").replace(
        "\x1b[0m", ""
    )


def test_durations_read_as_days_and_hours_and_in_json_as_seconds(shop: Path) -> None:
    # Customer 2 last ordered 200 days before, and added to cart 3 hours before, the as-of.
    code, stdout, _ = why(shop, "-e", "now - last_order > 30d + 0d", "--customer", "2")
    assert code == 0, stdout
    assert "    now - last_order = 200d" in stdout.splitlines()
    answer = as_json(shop, "-e", "now - last_cart_add < 1d", "--customer", "2")
    operand = answer["reason"]["operands"][0]
    assert (operand["type"], operand["value"]) == ("duration", 3 * 3600.0)
    code, stdout, _ = why(shop, "-e", "now - last_cart_add < 1d", "--customer", "2")
    assert "    now - last_cart_add = 3h" in stdout.splitlines()


def test_a_customer_who_does_not_exist_yet_is_explained_as_such(shop: Path) -> None:
    # Customer 5 signs up on 22 October 2026: on 1 October they are in no segment, no partition.
    def run(*args: str) -> str:
        base = ["why", *args, "--customer", "5", "--schema", SCHEMA, "--db", str(shop)]
        result = CliRunner().invoke(main, [*base, "--as-of", "2026-10-01"])
        assert result.exit_code == 0, result.output
        return result.stdout

    assert run(SEGMENTS, "--segment", "lifecycle").splitlines() == [
        "customer 5 does not exist yet (as of 2026-10-01 00:00:00 UTC)",
        "  signup_at is 2026-10-22 00:00:00 UTC, after the as-of instant: in no segment, "
        "with no label",
    ]
    answer = json.loads(run("-e", "country is missing", "--format", "json"))
    jsonschema.Draft202012Validator(WHY_SCHEMA).validate(answer)
    assert answer == {
        "customer": 5,
        "as_of": "2026-10-01T00:00:00Z",
        "name": "<expr>",
        "member": False,
        "not_yet": {"attribute": "signup_at", "since": "2026-10-22T00:00:00Z"},
    }
