"""The text of `segdsl dbt`'s models (segdsl/sql/dbt.py), for every dialect: the tables read as
dbt sources, the instant as the dbt variable wherever the compiler would put "now", and
qualified tables in sources of their own. tests/cli/test_dbt.py builds them with dbt."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import yaml

import segdsl
from segdsl.api import check_file
from segdsl.sql.dbt import AS_OF_JINJA, AS_OF_SETTING, dbt_files
from segdsl.sql.dialects import DIALECTS

ROOT = Path(__file__).parents[2]
SCHEMA = segdsl.load_schema(ROOT / "examples/shop/schema.yaml")
MODULE = check_file(ROOT / "examples/shop/segments.seg", SCHEMA)
TABLES = ("customers", "orders", "email_events", "web_events")


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_models_read_sources_and_the_variable_never_the_clock(dialect: str) -> None:
    chosen = DIALECTS[dialect]
    schema, module = SCHEMA, MODULE
    if not chosen.zone_conversion:
        # SQL Server knows no IANA zone: "this month" by its clock is refused in Warsaw (E262).
        with pytest.raises(segdsl.SegdslError) as raised:
            dbt_files(MODULE, SCHEMA, chosen, "shop", "segdsl", "segments.seg")
        assert {d.code for d in raised.value.diagnostics} == {"E262"}
        schema = dataclasses.replace(SCHEMA, time_zone="UTC")
        module = check_file(ROOT / "examples/shop/segments.seg", schema)
    files = dbt_files(module, schema, chosen, "shop", "segdsl", "segments.seg")
    clock = chosen.sql(chosen.now())
    for name, text in files.items():
        if not name.endswith(".sql"):
            continue
        assert text.splitlines()[1] == AS_OF_SETTING, name
        assert clock not in text, name
        for table in TABLES:
            assert not re.search(rf"\bFROM {table}\b", text), name
    membership = files["shop.sql"]
    assert AS_OF_JINJA in membership
    for table in TABLES:
        assert "{{ source('segdsl', '" + table + "') }}" in membership


def test_qualified_tables_are_sources_of_their_own() -> None:
    text = (ROOT / "examples/shop/schema.yaml").read_text(encoding="utf-8")
    text = text.replace("table: customers", "table: crm.customers")
    text = text.replace("{table: orders,", "{table: shop.sales.orders,")
    schema = segdsl.schema_from_text(text)
    module = segdsl.check_module(
        segdsl.parse_module("segment buyers = total_spent > 100 and country = 'DE'\n"), schema
    )
    files = dbt_files(module, schema, DIALECTS["duckdb"], "m", "raw", "b.seg")
    sql = files["m_buyers.sql"]
    assert "{{ source('raw_crm', 'customers') }} AS c" in sql
    assert "{{ source('raw_shop_sales', 'orders') }}" in sql
    assert "orders_agg" in sql  # the CTE keeps its name
    sources = {s["name"]: s for s in yaml.safe_load(files["m.yml"])["sources"]}
    assert sources["raw_crm"] == {
        "name": "raw_crm",
        "schema": "crm",
        "tables": [{"name": "customers"}],
    }
    assert sources["raw_shop_sales"]["database"] == "shop"
    assert sources["raw_shop_sales"]["schema"] == "sales"
    assert sources["raw"]["schema"] == "{{ target.schema }}"
    assert {t["name"] for t in sources["raw"]["tables"]} == {"email_events", "web_events"}


def test_a_history_table_is_a_source_read_as_of_the_variable() -> None:
    schema = segdsl.load_schema(ROOT / "examples/history/schema.yaml")
    module = segdsl.check_module('segment german = country = "DE"\n', schema)
    files = dbt_files(module, schema, DIALECTS["duckdb"], "shop", "segdsl", "segments.seg")
    sources = yaml.safe_load(files["shop.yml"])["sources"]
    assert [t["name"] for t in sources[0]["tables"]] == ["customers", "orders", "customer_history"]
    model = files["shop_german.sql"]
    assert "{{ source('segdsl', 'customer_history') }}" in model
    assert f"valid_from <= CAST('{AS_OF_JINJA}' AS TIMESTAMP)" in model
