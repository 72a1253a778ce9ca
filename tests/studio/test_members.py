"""The Members view's look-up on the engines the fixture shop is served from (tests/conftest.py:
a DuckDB file, SQLite, PostgreSQL; a server that is absent skips its case, or fails it with
SEGDSL_REQUIRE_SERVICES=1): every customer's segments and labels as the reference evaluator has
them, their attributes without PII, and why they are in a segment. (MariaDB reads the example
schema's time zone only with its zone tables loaded, which the test server lacks.)"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import segdsl
from segdsl.runtime.engines import connect
from segdsl.semantics.reference import Dataset, Evaluator
from segdsl.semantics.schema import Schema
from tests.studio.conftest import EXAMPLE, make_studio, post, serving


@pytest.fixture(params=["duckdb", "sqlite", "postgres"])
def url(request: pytest.FixtureRequest, duckdb_file: Path) -> str:
    if request.param == "duckdb":
        return str(duckdb_file)
    return str(request.getfixturevalue(f"{request.param}_url"))


def test_member_look_up_on_each_engine(
    url: str, dataset: Dataset, schema: Schema, tmp_path: Path
) -> None:
    for name in ("schema.yaml", "segments.seg"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    module = segdsl.check_file(tmp_path / "segments.seg", schema)
    studio = make_studio(tmp_path, schema, lambda: connect(url, 30, schema))
    with serving(studio) as address:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        evaluator = Evaluator(schema, dataset, now)
        members = {n: evaluator.members(s.condition) for n, s in module.segments.items()}
        labels = {n: evaluator.partition(p.value) for n, p in module.partitions.items()}
        for customer in dataset.customers:
            key = customer[schema.key]
            status, found = post(address, "member", {"client": "p1", "key": str(key)})
            assert status == 200 and found["found"], found
            assert found["attributes"][schema.key] == key and "email" not in found["attributes"]
            [file] = found["files"]
            assert {
                m["name"]: m["member"] for m in file["memberships"] if m["kind"] == "segment"
            } == {name: key in keys for name, keys in members.items()}
            assert {
                m["name"]: m["label"] for m in file["memberships"] if m["kind"] == "partition"
            } == {name: of[key] for name, of in labels.items()}
        first = dataset.customers[0][schema.key]
        request = {"client": "p1", "key": str(first), "file": "f1", "name": "vip"}
        status, why = post(address, "why", request)
        verdict = "is in" if first in members["vip"] else "is not in"
        assert status == 200 and why["text"].startswith(f"customer {first} {verdict} vip")
        assert post(address, "member", {"client": "p1", "key": "424242"})[1]["found"] is False
