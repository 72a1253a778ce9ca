"""`segdsl sync` on the command line: against a webhook on 127.0.0.1 that fails, times out and
refuses pages, and a sync stopped by a signal between pages, a re-run leaves the receiver with
exactly the difference between two `segdsl run --out` files; files in a folder per run; the
usage errors."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from segdsl.cli import main
from segdsl.demo.builder import build_demo_database
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
SCHEMA = str(ROOT / "examples/shop/schema.yaml")
SEGMENTS = str(ROOT / "examples/shop/segments.seg")
PARTITIONS = {"lifecycle", "rfm_recency", "rfm_frequency", "rfm_monetary"}
A, B = "2026-09-01", "2026-11-01"
QUICK = ["--retries", "3", "--backoff", "0.01", "--max-backoff", "0.05", "--page-size", "40"]


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sync_cli") / "shop.duckdb"
    build_demo_database(path, customers=250, seed=9, anchor=dt.datetime(2026, 11, 1))
    return path


@pytest.fixture(scope="module")
def expected(shop: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Membership]:
    folder = tmp_path_factory.mktemp("runs")
    out: dict[str, Membership] = {}
    for as_of in (A, B):
        path = folder / f"{as_of}.csv"
        result = _invoke("run", SEGMENTS, "--db", str(shop), "--as-of", as_of, "--out", str(path))
        assert result.exit_code == 0, result.output
        out[as_of] = membership_file(path, PARTITIONS)
    return out


@pytest.fixture()
def server() -> Iterator[Server]:
    yield from serve(Receiver())


def _invoke(*arguments: str) -> Result:
    return CliRunner().invoke(main, [*arguments, "--schema", SCHEMA])


def _sync(shop: Path, state: str, *arguments: str) -> Result:
    return _invoke("sync", SEGMENTS, "--db", str(shop), "--state", state, *arguments)


def test_faults_then_a_rerun(
    shop: Path, expected: dict[str, Membership], server: Server, tmp_path: Path
) -> None:
    state = str(tmp_path / "state.duckdb")
    webhook = ["--webhook", server.url, *QUICK]
    first = _sync(shop, state, "--as-of", A, *webhook)
    assert first.exit_code == 0, first.output
    assert first.output.startswith("run 1 as of 2026-09-01 00:00:00 (full list): ")
    receiver = server.receiver
    receiver.faults = {(2, 1): [500], (2, 2): ["slow"], (2, 3): [503, 400]}
    failed = _sync(shop, state, "--as-of", B, *webhook, "--request-timeout", "0.5")
    assert failed.exit_code == 1
    assert "error[E631]: the webhook" in failed.output
    assert "refused page 3 of" in failed.output and "HTTP 400" in failed.output
    again = _sync(shop, state, "--as-of", B, *webhook)
    assert again.exit_code == 0, again.output
    assert again.output.startswith("run 2 as of 2026-11-01 00:00:00 (changes, resumed): ")
    assert changes_of(receiver.events_of_run(2)) == difference(expected[A], expected[B])
    assert receiver.membership() == expected[B]
    repeated = {key for key, n in receiver.deliveries_per_key().items() if n > 1}
    assert [key.rsplit("-", 1)[1] for key in repeated] == ["2"]


def test_a_sync_stopped_between_pages_resumes_once(
    shop: Path, expected: dict[str, Membership], server: Server, tmp_path: Path
) -> None:
    state = str(tmp_path / "state.sqlite")
    state_url = f"sqlite:///{state}"
    assert _sync(shop, state_url, "--as-of", A, "--webhook", server.url, *QUICK).exit_code == 0
    receiver = server.receiver
    receiver.faults = {(2, 3): ["hold"]}
    command = [sys.executable, "-m", "segdsl", "sync", SEGMENTS, "--schema", SCHEMA]
    command += ["--db", str(shop), "--state", state_url, "--as-of", B, "--webhook", server.url]
    process = subprocess.Popen(
        [*command, *QUICK], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert receiver.held.wait(120), process.communicate()
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        receiver.release.set()
        if process.poll() is None:
            process.kill()
    assert process.returncode == 128 + signal.SIGTERM, stderr
    assert "stopped by SIGTERM" in stderr
    resumed = _sync(shop, state_url, "--as-of", B, "--webhook", server.url, *QUICK)
    assert resumed.exit_code == 0, resumed.output
    assert "(changes, resumed)" in resumed.output
    # Page 3 reached the receiver before the stop; it came again, under the same key.
    counts = receiver.deliveries_per_key()
    assert [key.rsplit("-", 1)[1] for key, n in counts.items() if n > 1] == ["3"]
    assert changes_of(receiver.events_of_run(2)) == difference(expected[A], expected[B])
    assert receiver.membership() == expected[B]


def test_files_per_run(shop: Path, expected: dict[str, Membership], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    state = str(tmp_path / "state.duckdb")
    assert _sync(shop, state, "--as-of", A, "--to-dir", str(out)).exit_code == 0
    second = _sync(shop, state, "--as-of", B, "--to-dir", str(out), "--segment", "vip")
    assert second.exit_code == 0, second.output
    folder = out / "000002_20261101T000000Z"
    assert second.output.endswith(f"delivered to {folder}\n")
    assert sorted(p.name for p in folder.iterdir()) == [
        "events.ndjson",
        "run.json",
        "vip.entered.csv",
        "vip.exited.csv",
    ]
    events = [json.loads(line) for line in (folder / "events.ndjson").open()]
    vip_before = {("vip", ""): expected[A][("vip", "")]}
    vip_after = {("vip", ""): expected[B][("vip", "")]}
    assert changes_of(events) == difference(vip_before, vip_after)


def test_one_destination_is_required(shop: Path, tmp_path: Path) -> None:
    state = str(tmp_path / "s.duckdb")
    neither = _sync(shop, state)
    assert neither.exit_code == 2 and "give one destination" in neither.output
    both = _sync(shop, state, "--to-dir", str(tmp_path), "--webhook", "http://127.0.0.1:1/")
    assert both.exit_code == 2 and "give one destination" in both.output
    bad_url = _sync(shop, state, "--webhook", "ftp://127.0.0.1/x")
    assert bad_url.exit_code == 2 and "starts with http:// or https://" in bad_url.output
    assert not (tmp_path / "s.duckdb").exists()


def test_unknown_segments_and_the_data_as_state_are_refused(shop: Path, tmp_path: Path) -> None:
    unknown = _sync(shop, str(tmp_path / "s.duckdb"), "--segment", "vips", "--to-dir", ".")
    assert unknown.exit_code == 1 and "error[E604]" in unknown.output
    assert "did you mean 'vip'?" in unknown.output
    same = _sync(shop, str(shop), "--to-dir", str(tmp_path))
    assert same.exit_code == 1 and "error[E630]" in same.output
    assert os.listdir(tmp_path) == []
