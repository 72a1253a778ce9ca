"""`segdsl sync` below the command line (segdsl/runtime/sync.py, syncstate.py, webhook.py): on a
small demo shop at two instants, a webhook on 127.0.0.1 that fails, times out and refuses pages,
and an interrupted sync, the receiver ends up with exactly the difference between the two
memberships `segdsl run --out` writes, each page taken once. The state on DuckDB, SQLite and
PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import json
import socket
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import segdsl
from segdsl import errors
from segdsl.api import check_file
from segdsl.cli import main
from segdsl.demo.builder import build_demo_database
from segdsl.diagnostics import SegdslError
from segdsl.runtime.engines import connect
from segdsl.runtime.sync import Delivered, Destination, Files, Webhook, chosen, sync
from segdsl.runtime.syncstate import FULL, Run, SyncState, member_json
from segdsl.runtime.webhook import Retries, post_json
from segdsl.semantics import ir
from tests.support.backends import require_service
from tests.support.webhook import (
    Membership,
    Receiver,
    Server,
    changes_of,
    difference,
    membership_file,
    serve,
)

ROOT = Path(__file__).parents[2]
SCHEMA_FILE = ROOT / "examples/shop/schema.yaml"
SEGMENTS_FILE = ROOT / "examples/shop/segments.seg"
SCHEMA = segdsl.load_schema(SCHEMA_FILE)
MODULE = check_file(SEGMENTS_FILE, SCHEMA)
PARTITIONS = set(MODULE.partitions)
ANCHOR = dt.datetime(2026, 11, 1)
A, B = dt.datetime(2026, 9, 1), ANCHOR
PAGE_SIZE = 50
# Quick retries: the faults are planned, the waits need not be long.
QUICK = Retries(attempts=4, first_delay=0.01, max_delay=0.05, timeout=0.5)


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sync") / "shop.duckdb"
    build_demo_database(path, customers=300, seed=5, anchor=ANCHOR)
    return path


@pytest.fixture(scope="module")
def expected(shop: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[dt.datetime, Membership]:
    """The membership at A and at B, from `segdsl run FILE --out`."""
    folder = tmp_path_factory.mktemp("expected")
    out: dict[dt.datetime, Membership] = {}
    for instant in (A, B):
        path = folder / f"{instant.date()}.csv"
        arguments = ["run", str(SEGMENTS_FILE), "--schema", str(SCHEMA_FILE), "--db", str(shop)]
        arguments += ["--as-of", instant.isoformat(), "--out", str(path)]
        result = CliRunner().invoke(main, arguments)
        assert result.exit_code == 0, result.output
        out[instant] = membership_file(path, PARTITIONS)
    assert out[A] != out[B]
    return out


@pytest.fixture()
def server() -> Iterator[Server]:
    yield from serve(Receiver())


@pytest.fixture(params=["duckdb", "sqlite", "postgres"])
def state_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "duckdb":
        yield str(tmp_path / "state.duckdb")
    elif request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'state.sqlite'}"
    else:
        yield from _postgres_state()


def _postgres_state() -> Iterator[str]:
    try:
        import psycopg

        admin = psycopg.connect("postgresql://postgres@127.0.0.1:5432/test", autocommit=True)
    except Exception as error:
        require_service(f"PostgreSQL is not reachable: {error}")
    schema = f"segdsl_sync_{uuid.uuid4().hex[:10]}"
    admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/test?options=-csearch_path%3D{schema}"
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


def run_sync(
    shop: Path,
    state_target: str,
    destination: Destination,
    instant: dt.datetime,
    module: ir.CheckedModule = MODULE,
    **options: Any,
) -> list[Delivered]:
    with SyncState(state_target) as state, connect(str(shop), schema=SCHEMA) as database:
        return sync(
            database, SCHEMA, module, state, destination, instant, page_size=PAGE_SIZE, **options
        )


def pending(state_target: str, destination: Destination) -> tuple[Run | None, set[int]]:
    with SyncState(state_target) as state:
        run = state.pending_run(destination.identity)
        return run, state.acknowledged_pages(run) if run else set()


def test_faults_and_a_rerun_deliver_exactly_the_difference(
    shop: Path, expected: dict[dt.datetime, Membership], state_target: str, server: Server
) -> None:
    receiver = server.receiver
    webhook = Webhook(server.url, QUICK)
    [first] = run_sync(shop, state_target, webhook, A)
    assert first.run.mode == FULL and not first.resumed
    assert receiver.membership() == expected[A]

    # Page 2 fails twice (then passes), page 3 is taken but answered too late (sent again),
    # page 4 is refused: the sync stops there, with pages 1-3 recorded.
    receiver.faults = {(2, 2): [500, 503], (2, 3): ["slow"], (2, 4): [400]}
    with pytest.raises(SegdslError) as refused:
        run_sync(shop, state_target, webhook, B)
    assert [d.code for d in refused.value.diagnostics] == [errors.E631]
    assert "refused page 4 of" in refused.value.diagnostics[0].message
    run, acknowledged = pending(state_target, webhook)
    assert run is not None and run.pages > 4 and acknowledged == {1, 2, 3}

    [again] = run_sync(shop, state_target, webhook, B)
    assert again.resumed and again.run.run_id == run.run_id
    assert pending(state_target, webhook) == (None, set())
    assert changes_of(receiver.events_of_run(2)) == difference(expected[A], expected[B])
    assert receiver.membership() == expected[B]
    with SyncState(state_target) as state:
        assert state.members(webhook.identity) == {
            (segment, label, member_json(key))
            for (segment, label), keys in expected[B].items()
            for key in keys
        }
    # Only the page answered too late arrived twice, under the same Idempotency-Key.
    counts = receiver.deliveries_per_key()
    assert {key for key, count in counts.items() if count > 1} == {f"{run.run_id}-3"}
    assert counts[f"{run.run_id}-3"] == 2
    assert len(counts) == first.run.pages + run.pages


def test_an_interrupted_sync_resumes_after_the_last_page_taken(
    shop: Path, expected: dict[dt.datetime, Membership], tmp_path: Path, server: Server
) -> None:
    state_target = str(tmp_path / "state.duckdb")
    webhook = Webhook(server.url, QUICK)
    run_sync(shop, state_target, webhook, A)

    def interrupt(run: Run, page: int) -> None:
        if run.number == 2 and page == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_sync(shop, state_target, webhook, B, on_page=interrupt)
    assert pending(state_target, webhook)[1] == {1, 2}
    [resumed] = run_sync(shop, state_target, webhook, B)
    assert resumed.resumed
    assert set(server.receiver.deliveries_per_key().values()) == {1}
    assert changes_of(server.receiver.events_of_run(2)) == difference(expected[A], expected[B])
    assert server.receiver.membership() == expected[B]


def test_a_rerun_after_a_finished_sync_delivers_nothing_twice(
    shop: Path, tmp_path: Path, server: Server
) -> None:
    state_target = str(tmp_path / "state.duckdb")
    webhook = Webhook(server.url, QUICK)
    run_sync(shop, state_target, webhook, A)
    run_sync(shop, state_target, webhook, B)
    before = len(server.receiver.requests)
    [same] = run_sync(shop, state_target, webhook, B)
    assert same.run.changes == 0 and same.run.pages == 0
    assert len(server.receiver.requests) == before


def test_a_full_resync_replaces_a_pending_run_and_the_receivers_lists(
    shop: Path, expected: dict[dt.datetime, Membership], tmp_path: Path, server: Server
) -> None:
    state_target = str(tmp_path / "state.sqlite")
    state_url = f"sqlite:///{state_target}"
    webhook = Webhook(server.url, QUICK)
    run_sync(shop, state_url, webhook, A)
    server.receiver.faults = {(2, 1): [404]}
    with pytest.raises(SegdslError):
        run_sync(shop, state_url, webhook, B)
    # The receiver lost its lists: a full resync sends them whole, and the pending run is
    # dropped, never to be delivered.
    server.receiver.requests.clear()
    [full] = run_sync(shop, state_url, webhook, B, full_resync=True)
    assert full.run.mode == FULL and full.run.number == 3 and not full.resumed
    assert server.receiver.membership() == expected[B]
    assert pending(state_url, webhook) == (None, set())
    with sqlite3.connect(state_target) as con:
        statuses = con.execute("SELECT run_number, status FROM segdsl_sync_runs").fetchall()
    assert sorted(statuses) == [(1, "delivered"), (2, "superseded"), (3, "delivered")]


def test_segments_new_to_a_destination_arrive_whole(
    shop: Path, expected: dict[dt.datetime, Membership], tmp_path: Path, server: Server
) -> None:
    """A sync of one segment, then of all: the others' members enter, the one's changes."""
    state_target = str(tmp_path / "state.duckdb")
    webhook = Webhook(server.url, QUICK)
    run_sync(shop, state_target, webhook, A, chosen(MODULE, ["vip"]))
    run_sync(shop, state_target, webhook, B)
    assert server.receiver.membership() == expected[B]
    entered, exited = changes_of(server.receiver.events_of_run(2))
    vip_entered, vip_exited = difference(
        {g: k for g, k in expected[A].items() if g[0] == "vip"}, expected[B]
    )
    assert entered[("vip", "")] == vip_entered[("vip", "")]
    assert {g for g in exited} == {g for g in vip_exited if g[0] == "vip"}
    assert entered[("lapsed", "")] == expected[B][("lapsed", "")]


def test_an_empty_full_list_is_still_sent(shop: Path, tmp_path: Path, server: Server) -> None:
    """So that a receiver replaces what it held with nothing."""
    module = segdsl.check_module(segdsl.parse_module("segment nobody = purchases < 0\n"), SCHEMA)
    [delivered] = run_sync(shop, str(tmp_path / "s.duckdb"), Webhook(server.url, QUICK), A, module)
    assert delivered.run.pages == 1
    [request] = server.receiver.requests
    assert request.body["events"] == [] and request.body["segments"] == ["nobody"]


def _read_keys(path: Path) -> set[int]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["customer_id"]
    return {int(row[0]) for row in rows[1:]}


def _files(directory: Path) -> Files:
    labels = {
        name: tuple(dict.fromkeys([*(label for label, _ in p.value.arms), p.value.otherwise]))
        for name, p in MODULE.partitions.items()
    }
    return Files(directory, "csv", "customer_id", True, labels)


def _groups(folder: Path, kind: str) -> Membership:
    held: Membership = {}
    for path in folder.glob(f"*.{kind}.csv"):
        segment, _, label = path.name.removesuffix(f".{kind}.csv").partition("=")
        keys = _read_keys(path)
        if keys:
            held[(segment, label)] = keys
    return held


def test_files_hold_the_full_list_then_the_difference(
    shop: Path, expected: dict[dt.datetime, Membership], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    files = _files(out)
    state_target = str(tmp_path / "state.duckdb")
    [first] = run_sync(shop, state_target, files, A)
    [second] = run_sync(shop, state_target, files, B)
    assert sorted(p.name for p in out.iterdir()) == [
        "000001_20260901T000000Z",
        "000002_20261101T000000Z",
    ]
    first_folder, second_folder = files.folder(first.run), files.folder(second.run)
    assert _groups(first_folder, "entered") == expected[A]
    assert _groups(first_folder, "exited") == {}
    entered, exited = difference(expected[A], expected[B])
    assert (_groups(second_folder, "entered"), _groups(second_folder, "exited")) == (
        entered,
        exited,
    )
    events = [json.loads(line) for line in (second_folder / "events.ndjson").open()]
    assert changes_of(events) == (entered, exited)
    assert {e["instant"] for e in events} == {"2026-11-01T00:00:00Z"}
    # Every segment and label has its two files, empty or not.
    names = {p.name for p in second_folder.iterdir()}
    assert {"vip.entered.csv", "vip.exited.csv", "lifecycle=lead.exited.csv"} <= names
    manifest = json.loads((second_folder / "run.json").read_text())
    assert manifest["mode"] == "diff" and manifest["run"] == second.run.run_id
    assert manifest["changes"]["vip.entered.csv"] == len(entered.get(("vip", ""), ()))


def test_a_folder_written_before_the_state_recorded_it_counts_as_delivered(
    shop: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    files = _files(out)
    state_target = str(tmp_path / "state.duckdb")

    def interrupt(run: Run, page: int) -> None:
        raise KeyboardInterrupt  # the folder is complete; its run is not recorded

    with pytest.raises(KeyboardInterrupt):
        run_sync(shop, state_target, files, A, on_page=interrupt)
    [finished] = run_sync(shop, state_target, files, A)
    assert finished.resumed
    assert [p.name for p in out.iterdir()] == ["000001_20260901T000000Z"]


def test_parquet_files(shop: Path, expected: dict[dt.datetime, Membership], tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    out.mkdir()
    files = Files(out, "parquet", "customer_id", True, {})
    [delivered] = run_sync(shop, str(tmp_path / "s.duckdb"), files, A, chosen(MODULE, ["vip"]))
    folder = files.folder(delivered.run)
    table = pq.read_table(folder / "vip.entered.parquet")
    assert table.column_names == ["customer_id"]
    assert set(table.column("customer_id").to_pylist()) == expected[A][("vip", "")]
    assert pq.read_table(folder / "vip.exited.parquet").num_rows == 0


# -- the webhook's retries ---------------------------------------------------------------------


def _post(url: str, retries: Retries, sleeps: list[float]) -> int:
    body = json.dumps({"run_number": 1, "page": 1}).encode()
    return post_json(url, body, "key-1", retries, "page 1 of 1", sleep=sleeps.append)


def test_retries_back_off_exponentially_up_to_a_bound(server: Server) -> None:
    server.receiver.faults = {(1, 1): [500, 502, 503, 504, 500]}
    sleeps: list[float] = []
    retries = Retries(attempts=5, first_delay=1, max_delay=3, timeout=5)
    with pytest.raises(SegdslError) as failed:
        _post(server.url, retries, sleeps)
    assert sleeps == [1, 2, 3, 3]
    [diagnostic] = failed.value.diagnostics
    assert diagnostic.code == errors.E631
    assert "after 5 attempts (last: HTTP 500" in diagnostic.message
    assert len(server.receiver.requests) == 5
    assert {r.key for r in server.receiver.requests} == {"key-1"}


def test_a_retry_after_answer_sets_the_wait(server: Server) -> None:
    server.receiver.faults = {(1, 1): [(429, 2), (503, 60)]}
    sleeps: list[float] = []
    assert _post(server.url, Retries(attempts=3, first_delay=1, max_delay=10), sleeps) == 3
    assert sleeps == [2, 10]


def test_a_client_error_is_not_retried(server: Server) -> None:
    server.receiver.faults = {(1, 1): [422]}
    sleeps: list[float] = []
    with pytest.raises(SegdslError) as refused:
        _post(server.url, Retries(attempts=5, first_delay=1), sleeps)
    assert sleeps == [] and len(server.receiver.requests) == 1
    assert "refused page 1 of 1: HTTP 422" in refused.value.diagnostics[0].message


def test_no_connection_is_retried_then_reported() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    sleeps: list[float] = []
    with pytest.raises(SegdslError) as failed:
        _post(f"http://127.0.0.1:{port}/hook", Retries(attempts=2, first_delay=1), sleeps)
    assert sleeps == [1]
    assert "(last: connection refused)" in failed.value.diagnostics[0].message


# -- the state ---------------------------------------------------------------------------------


def test_tables_of_another_program_are_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "theirs.sqlite"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE segdsl_sync_runs (id INTEGER)")
    with pytest.raises(SegdslError) as refused:
        SyncState(f"sqlite:///{path}")
    [diagnostic] = refused.value.diagnostics
    assert diagnostic.code == errors.E630
    assert "segdsl did not create: segdsl_sync_runs" in diagnostic.message
    with sqlite3.connect(path) as con:
        tables = con.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    assert tables == [("segdsl_sync_runs",)]


def test_a_state_of_another_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    SyncState(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as con:
        con.execute("UPDATE segdsl_sync_meta SET value = '99' WHERE name = 'version'")
    with pytest.raises(SegdslError) as refused:
        SyncState(f"sqlite:///{path}")
    assert "is a sync state of version 99" in refused.value.diagnostics[0].message
