"""`segdsl studio` as a user starts it: in a project folder without options, it prints its
address with the token, serves the project's segment files, and stops on Ctrl-C or SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.studio.conftest import post


def start(project: Path, *options: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "segdsl", "studio", "--no-browser", *options],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first.startswith("segdsl studio: http://127.0.0.1:"), first + process.stderr.read()
    return process, first.split(": ", 1)[1].strip()


@pytest.mark.parametrize(
    ("stop", "status", "said"),
    [
        (signal.SIGINT, 0, "studio stopped"),
        (signal.SIGTERM, 128 + signal.SIGTERM, "stopped by SIGTERM"),
    ],
)
def test_it_serves_the_project_until_stopped(
    project: Path, stop: signal.Signals, status: int, said: str
) -> None:
    process, address = start(project)
    try:
        url, token = address.split("/?token=")
        assert len(token) >= 32
        assert process.stdout is not None
        assert process.stdout.readline() == "files: segments.seg\n"
        code, state = post(url, "state", {}, token=token)
        assert code == 200 and state["dialect"] == "duckdb"
        assert [f["label"] for f in state["files"]] == ["segments.seg"]
        assert post(url, "state", {}, token=None)[0] == 403
    finally:
        process.send_signal(stop)
        _, err = process.communicate(timeout=60)
    assert process.returncode == status, err
    assert err.strip().splitlines()[-1] == said


def _studio_in(folder: Path) -> subprocess.CompletedProcess[str]:
    """`segdsl studio` in `folder`, for the cases where it stops before serving."""
    return subprocess.run(
        [sys.executable, "-m", "segdsl", "studio", "--no-browser"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_project_without_its_database_is_told(project: Path) -> None:
    toml = project / "segdsl.toml"
    toml.write_text(toml.read_text().replace('db = "', 'db = "missing-'), encoding="utf-8")
    done = _studio_in(project)
    assert done.returncode == 1
    assert "error[E608]: no DuckDB database at " in done.stderr and "missing-" in done.stderr
    assert "segdsl demo" in done.stderr


def test_the_address_opens_the_page(project: Path) -> None:
    process, address = start(project, "--port", "0")
    try:
        # The address sets the cookie and leads to the page, as a browser follows it.
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with browser.open(address, timeout=30) as page:
            assert page.status == 200 and b"<title>segdsl studio</title>" in page.read()
            assert page.url == address.split("?")[0]
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)


def test_only_this_machine_s_own_addresses_go_unwarned() -> None:
    from segdsl.cli.studio import is_loopback

    assert all(map(is_loopback, ["127.0.0.1", "127.0.0.2", "::1", "localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "192.168.1.20", "::", "example.org"]))


def test_outside_a_project_it_serves_only_the_demo_shop(tmp_path: Path) -> None:
    """Without segdsl.toml, a shop.duckdb that `segdsl demo` did not build is not taken for
    the demo: the command says what it misses (the demo's own case is in test_wheel.py)."""
    import duckdb

    for contents in (None, "CREATE TABLE customers (customer_id BIGINT)"):
        folder = tmp_path / ("empty" if contents is None else "other")
        folder.mkdir()
        if contents is not None:
            with duckdb.connect(str(folder / "shop.duckdb")) as con:
                con.execute(contents)
        done = _studio_in(folder)
        assert done.returncode == 1 and "error[E603]: no schema given" in done.stderr
        assert not (folder / "segments.seg").exists()
