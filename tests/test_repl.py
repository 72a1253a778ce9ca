"""The REPL: session logic on a real DuckDB shop and every command on every executed engine,
completion, the Pygments lexer, scripted use through stdin, and the interactive program driven
in a pseudo-terminal (on DuckDB, PostgreSQL and MariaDB, Ctrl-C included)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pexpect
import pytest
from click.testing import CliRunner
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from pygments.token import Keyword, Name, Number, String

import segdsl
from segdsl.cli import main
from segdsl.completion import SegdslCompleter
from segdsl.engines import Database, connect
from segdsl.pygments_lexer import SegdslLexer
from segdsl.reference import Dataset
from segdsl.repl import ReplSession, history_instants, is_complete, statements, status_line
from segdsl.shopdata import build_shop

from . import shop_fixture
from .backends import DBAPIBackend, MariaDBBackend, PostgresBackend

ROOT = Path(__file__).parent.parent
SCHEMA_PATH = ROOT / "examples/shop/schema.yaml"
SEGMENTS = ROOT / "examples/shop/segments.seg"
SCHEMA = segdsl.load_schema(SCHEMA_PATH)
ANCHOR = dt.datetime(2026, 11, 1)


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("repl") / "shop.duckdb"
    with duckdb.connect(str(path)) as con:
        build_shop(con, customers=2000, seed=5, anchor=ANCHOR)
    return path


@pytest.fixture
def database(shop: Path) -> Iterator[Database]:
    with connect(str(shop)) as db:
        yield db


@pytest.fixture
def session(database: Database) -> ReplSession:
    return ReplSession(SCHEMA, database, as_of=ANCHOR)


def test_a_condition_shows_count_share_sample_and_time(session: ReplSession, shop: Path) -> None:
    output = session.execute("purchases >= 2 and country in EU")
    first = output.splitlines()[0]
    cli = CliRunner().invoke(
        main,
        [
            "run",
            "-e",
            "purchases >= 2 and country in EU",
            "--schema",
            str(SCHEMA_PATH),
            "--db",
            str(shop),
            "--as-of",
            "2026-11-01",
        ],
    )
    count = cli.output.split(" members")[0]
    assert first.startswith(f"{count} members (")
    assert first.endswith(" ms")
    assert "customer_id" in output and "@example.com" not in output  # no PII in samples


def test_mistakes_are_located_and_the_session_goes_on(session: ReplSession) -> None:
    output = session.execute('gender = "fmale"')
    assert "error[E205]" in output and "^" in output and "did you mean 'female'" in output
    assert session.execute("purchases > 0").split()[1] == "members"


def test_definitions_and_meta_commands(session: ReplSession, tmp_path: Path) -> None:
    assert session.execute("segment big = purchases > 5") == "defined big"
    assert "members" in session.execute("big and consent_email")
    assert "WITH" in session.execute(".sql postgres")
    assert session.execute(".dialect tsql") == "dialect: tsql"
    assert "c.consent_email = 1" in session.execute(".sql")  # T-SQL: BIT, not a predicate
    assert session.execute(".asof 2026-06-01") == "as of: 2026-06-01 00:00:00"
    assert session.execute(".asof now").startswith("as of: now")
    assert session.execute(".sample 3") == "sample: 3 rows"
    assert len(session.execute("purchases > 1").splitlines()) == 1 + 2 + 3  # count, header, rows
    assert session.execute(".sample 0") == "sample: 0 rows"
    assert session.execute("purchases > 1").splitlines()[0].endswith(" ms")  # the count alone
    assert len(session.execute("purchases > 1").splitlines()) == 1
    assert "enum(female, male, other)" in session.execute(".schema gender")
    assert "metrics: purchases" in session.execute(".schema")
    assert "unknown command .nope" in session.execute(".nope")
    assert "not a number" in session.execute(".sample many")
    assert session.execute(".load " + str(SEGMENTS)).startswith("loaded ")
    assert "members" in session.execute("vip and not eu_gdpr")
    plan = session.execute(".explain")
    assert plan.strip()
    session.execute(".asof 2026-11-01")
    history = session.execute(".history 3").splitlines()
    assert len(history) == 4  # three month-ends (the last is the as-of instant), a sparkline


def test_save_appends_a_segment_with_its_dependencies(session: ReplSession, tmp_path: Path) -> None:
    target = tmp_path / "mine.seg"
    target.write_text("# my segments\nsegment keep = purchases = 1\n")
    session.execute("segment buyers = purchases > 0")
    session.execute("buyers and country in EU")
    assert session.execute(f".save eu_buyers {target}") == f"saved segment eu_buyers to {target}"
    checked = segdsl.check_file(target, SCHEMA)
    assert list(checked.segments) == ["keep", "buyers", "eu_buyers"]
    assert target.read_text().startswith("# my segments\n")
    assert [p.name for p in tmp_path.iterdir()] == ["mine.seg"]  # no temporary file left


def test_without_a_database_conditions_are_checked_and_compiled() -> None:
    session = ReplSession(SCHEMA, None)
    assert session.execute("purchases > 1").startswith("ok (no database")
    assert "SELECT" in session.execute(".sql")
    assert "needs one" in session.execute(".explain")


def test_statement_completeness() -> None:
    assert is_complete("purchases > 1")
    assert not is_complete("purchases > 1 and")
    assert not is_complete('country = "P')
    assert not is_complete("segment x =")
    assert not is_complete("purchases >")
    assert is_complete(".help")
    assert is_complete("purchases > > 1")  # an error in the middle: show it now
    assert list(statements(["segment a =\n", "  purchases > 1\n", "a\n", "\n", ".help\n"])) == [
        "segment a =\n  purchases > 1",
        "a",
        ".help",
    ]


def _complete(session: ReplSession, text: str) -> dict[str, str]:
    completer = SegdslCompleter(session)
    found = completer.get_completions(Document(text), CompleteEvent(completion_requested=True))
    return {c.text: c.display_meta_text for c in found}


def test_completion_knows_the_schema() -> None:
    session = ReplSession(SCHEMA, None)
    session.execute("segment whales = total_spent > 1000")
    names = _complete(session, "purc")
    assert names == {"purchases": "metric"}
    assert "whales" in _complete(session, "wh")
    assert "string" in _complete(session, "coun")["country"]
    assert set(_complete(session, 'gender = "')) == {"female", "male", "other"}
    assert set(_complete(session, 'device_type in ["mobile", "')) == {"desktop", "mobile", "tablet"}
    assert set(_complete(session, "count(")) == {"orders", "email", "web"}
    assert set(_complete(session, "max(orders.")) == {
        "order_id",
        "amount",
        "category",
        "created_at",
    }
    in_filter = _complete(session, "count(email where ty")
    assert "type" in in_filter and "email" in in_filter["type"]
    assert "DACH" in _complete(session, "country in D")
    assert "between" in _complete(session, "betw")


def test_lexer_tokens() -> None:
    tokens = [
        (kind, text)
        for kind, text in SegdslLexer().get_tokens('segment a = count(orders) >= 2 and x < 30d "s"')
        if text.strip()
    ]
    assert (Keyword.Declaration, "segment") in tokens
    assert (Name.Function, "a") in tokens
    assert (Name.Builtin, "count") in tokens
    assert (Number.Other, "30d") in tokens
    assert (Keyword, "and") in tokens
    assert (String.Double, '"s"') in tokens


def test_the_lexer_is_a_pygments_plugin() -> None:
    from pygments.lexers import get_lexer_by_name

    assert isinstance(get_lexer_by_name("segdsl"), SegdslLexer)


def _segdsl(*args: str) -> list[str]:
    return [sys.executable, "-m", "segdsl", *args]


def test_stdin_script(shop: Path) -> None:
    script = "purchases >= 2\n\nsegment b = purchases > 3\nb and country in EU\n.sql\n.nope\n"
    result = subprocess.run(
        _segdsl("repl", "--schema", str(SCHEMA_PATH), "--db", str(shop), "--as-of", "2026-11-01"),
        input=script,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count(" members (") == 2
    assert "defined b" in out and "SELECT" in out and "unknown command .nope" in out
    failing = subprocess.run(
        _segdsl("repl", "--schema", str(SCHEMA_PATH)),
        input="purchase > 1\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert failing.returncode == 1
    assert "did you mean 'purchases'" in failing.stdout


@pytest.fixture
def huge(tmp_path: Path) -> Path:
    """A database whose customers are a view over a trillion generated rows: every count runs
    until it is cancelled."""
    path = tmp_path / "huge.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(
            "CREATE VIEW customers AS SELECT range AS customer_id, NULL::TEXT AS email, "
            "'PL' AS country, NULL::TIMESTAMP AS signup_at, NULL::DATE AS birth_date, "
            "'female' AS gender, 'mobile' AS device_type, TRUE AS consent_email "
            "FROM range(1000000000000)"
        )
        for table in ("orders", "email_events", "web_events"):
            columns = {
                "orders": "order_id BIGINT, customer_id BIGINT, created_at TIMESTAMP, "
                "amount DECIMAL(12,2), category TEXT",
                "email_events": "customer_id BIGINT, type TEXT, ts TIMESTAMP, campaign TEXT",
                "web_events": "customer_id BIGINT, type TEXT, ts TIMESTAMP, category TEXT",
            }[table]
            con.execute(f"CREATE TABLE {table} ({columns})")
    return path


def _spawn(*args: str, tmp_path: Path) -> pexpect.spawn:
    env = {
        **os.environ,
        "SEGDSL_HISTORY": str(tmp_path / "history"),
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    child = pexpect.spawn(
        sys.executable,
        ["-m", "segdsl", "repl", *args],
        env=env,
        timeout=60,
        encoding="utf-8",
        dimensions=(40, 160),
    )
    _expect_prompt(child)
    return child


def _expect_prompt(child: pexpect.spawn) -> None:
    child.expect("segdsl>")
    time.sleep(0.5)  # let the prompt switch the terminal to raw mode before typing


def test_interactive_in_a_pseudo_terminal(shop: Path, tmp_path: Path) -> None:
    child = _spawn(
        "--schema", str(SCHEMA_PATH), "--db", str(shop), "--as-of", "2026-11-01", tmp_path=tmp_path
    )
    child.send("purchases >= 2 and\r")  # incomplete: the prompt continues
    child.expect(r"\.\.\.>")
    child.send("country in EU\r")
    child.expect(r"(\d[\d,]*) members \(")
    child.expect("segdsl>")
    child.send("purc\t")  # Tab completes the metric
    child.expect("purchases")
    child.send(" > 100\r")
    child.expect(" members \\(")
    child.expect("segdsl>")
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "purchases > 100" in (tmp_path / "history").read_text()


def test_ctrl_c_cancels_a_running_query(huge: Path, tmp_path: Path) -> None:
    slow = _spawn("--schema", str(SCHEMA_PATH), "--db", str(huge), tmp_path=tmp_path)
    slow.send('country = "PL"\r')
    slow.expect("PL")  # echoed: the query is running
    time.sleep(2)
    slow.sendcontrol("c")  # cancels the running query, not the session
    slow.expect("\rcancelled\r\n")
    slow.expect("segdsl>")
    slow.send(".help\r")
    slow.expect("sizes of the last condition")
    slow.expect("segdsl>")
    time.sleep(0.5)  # the prompt is back in raw mode before Ctrl-D
    slow.sendcontrol("d")
    slow.expect(pexpect.EOF)


# -- every command on every executed engine ---------------------------------------------------
# The fixture shop (tests/shop_fixture.py) on each engine (`url`, tests/conftest.py):
# `purchases >= 1 and country in EU` is customers 1 and 4 of 5, at 2026-11-01 and at every
# month-end from 2026-08 on.

ENGINES = {"duckdb": "DuckDB", "sqlite": "SQLite", "postgres": "PostgreSQL", "mysql": "MariaDB"}


def _server(kind: str, dataset: Dataset) -> tuple[DBAPIBackend, str]:
    """A server backend holding the dataset, and the URL that reaches it."""
    if kind == "postgres":
        postgres = PostgresBackend()
        postgres.load(dataset)
        # application_name tells the test's own connection from the REPL's on the server.
        return postgres, (
            "postgresql://postgres@127.0.0.1:5432/test?options=-csearch_path%3D"
            f"{postgres.schema}&application_name={postgres.schema}"
        )
    mariadb = MariaDBBackend()
    mariadb.load(dataset)
    return mariadb, f"mysql://root@127.0.0.1:3306/{mariadb.database}"


def test_every_command_on_every_engine(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`url`: the fixture shop on each engine (tests/conftest.py)."""
    monkeypatch.setenv("COLUMNS", "80")
    with connect(url) as database:
        session = ReplSession(SCHEMA, database, as_of=shop_fixture.AS_OF, sample=1)
        expected = "2 members (40.0% of 5 customers) in "
        # The sample reads one of two members: the rest of the result must not block the next
        # query (PostgreSQL: 'cursor "segdsl_result" already exists').
        for _ in range(2):
            assert session.execute("purchases >= 1 and country in EU").startswith(expected)
        assert session.execute("segment buyers = purchases >= 1") == "defined buyers"
        assert session.execute("buyers and country in EU").startswith(expected)
        plan = session.execute(".explain").splitlines()
        assert plan and not plan[0].startswith("error"), plan
        assert all(len(line) <= 80 for line in plan)
        assert any("orders" in line for line in plan)  # the engine's plan reads the events
        history = session.execute(".history 3").splitlines()
        assert [line.split()[:3] for line in history[:3]] == [
            ["end", "of", "2026-08"],
            ["end", "of", "2026-09"],
            ["end", "of", "2026-10"],
        ]
        assert history[2].split()[3:] == ["2026-11-01", "00:00:00", "2"]
        assert "SELECT" in session.execute(".sql")
        assert session.execute(".schema gender").startswith("gender: attribute")
        assert session.execute(f".save mine {tmp_path / 'mine.seg'}").startswith("saved")
        assert f"engine: {ENGINES[database.dialect]} " in status_line(session, url)


def test_history_is_measured_at_month_ends_and_the_as_of_instant(session: ReplSession) -> None:
    as_of = dt.datetime(2026, 10, 15, 12, 30, 5, 250000)
    assert history_instants(as_of, 2) == [
        dt.datetime(2026, 9, 1),
        dt.datetime(2026, 10, 1),
        as_of,
    ]
    month_end = dt.datetime(2026, 10, 1)
    assert history_instants(month_end, 2) == [dt.datetime(2026, 9, 1), month_end]
    session.execute("purchases >= 1")
    session.execute(".asof 2026-10-15T12:30:05.25")
    lines = session.execute(".history 2").splitlines()
    assert [line[:35] for line in lines[:3]] == [
        "end of 2026-08  2026-09-01 00:00:00",
        "end of 2026-09  2026-10-01 00:00:00",
        "as of           2026-10-15 12:30:05",
    ]
    assert len(lines) == 4  # and the sparkline


def test_explain_is_a_tree_that_fits_the_terminal(
    session: ReplSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    session.execute("purchases >= 2 and last_open < 30d")
    plan = session.execute(".explain").splitlines()
    assert max(len(line) for line in plan) <= 60
    assert plan[0].split()[0].isupper()  # the root operator, e.g. HASH_JOIN
    assert any(line.lstrip().startswith("-> ") for line in plan[1:])  # its inputs, indented


def test_completion_after_in_offers_collections_not_names() -> None:
    session = ReplSession(SCHEMA, None)
    assert set(_complete(session, "country in ")) == {"[", *SCHEMA.sets}
    assert set(_complete(session, "purchases > 1 and country not in E")) == {"EU", "EEA"}
    assert set(_complete(session, "gender in ")) == {"[", '["female"', '["male"', '["other"'}
    assert set(_complete(session, 'gender in ["male", ')) == {'"female"', '"other"'}
    assert set(_complete(session, "device_type = ")) == {'"desktop"', '"mobile"', '"tablet"'}
    assert "purchases" in _complete(session, "segment x = ")  # not a value position


def _wait_until(condition: Callable[[], bool]) -> None:
    """Poll the server until `condition` holds (a query started, say)."""
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, "the server never reached the expected state"
        time.sleep(0.2)


def _repl_connections(backend: DBAPIBackend, *, running: bool) -> list[int]:
    """The server's ids of the REPL's connections (only those running a statement)."""
    cursor = backend.connection.cursor()
    if isinstance(backend, PostgresBackend):
        backend.connection.rollback()  # a fresh snapshot of the server's activity
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s AND state "
            + ("= 'active'" if running else "IS NOT NULL"),
            (backend.schema,),
        )
    else:
        assert isinstance(backend, MariaDBBackend)
        cursor.execute(
            "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = %s AND ID <> "
            "CONNECTION_ID() AND COMMAND " + ("= 'Query'" if running else "IS NOT NULL"),
            (backend.database,),
        )
    ids = [int(row[0]) for row in cursor.fetchall()]
    cursor.close()
    return ids


def _running_queries(backend: DBAPIBackend) -> int:
    return len(_repl_connections(backend, running=True))


def _end_repl_connections(backend: DBAPIBackend) -> None:
    """After a failure, so that a sleeping query cannot hold the tables the backend drops."""
    for server_id in _repl_connections(backend, running=False):
        with contextlib.suppress(Exception):
            if isinstance(backend, PostgresBackend):
                backend.execute("SELECT pg_terminate_backend(%s)", (server_id,))
            else:
                backend.execute(f"KILL {server_id}")


@pytest.mark.parametrize("kind", ["postgres", "mysql"])
def test_interactive_on_a_server_and_ctrl_c_cancels_there(
    kind: str, dataset: Dataset, tmp_path: Path
) -> None:
    backend, url = _server(kind, dataset)
    child: pexpect.spawn | None = None
    try:
        child = _spawn(
            "--schema", str(SCHEMA_PATH), "--db", url, "--as-of", "2026-11-01", tmp_path=tmp_path
        )
        child.send(".sample 1\r")
        child.expect("sample: 1 rows")
        _expect_prompt(child)
        for _ in range(2):
            child.send("purchases >= 1\r")
            child.expect(r"3 members \(60\.0% of 5 customers\)")
            _expect_prompt(child)
        # Every later query waits on the server until it is cancelled. The REPL holds no lock
        # between statements (MariaDB: no transaction left open), so the change goes through.
        postgres = kind == "postgres"
        backend.execute("SET lock_timeout = '30s'" if postgres else "SET lock_wait_timeout = 30")
        sleep = "(SELECT TRUE FROM pg_sleep(600))" if postgres else "SLEEP(600) = 0"
        backend.execute("ALTER TABLE customers RENAME TO customer_rows")
        backend.execute(f"CREATE VIEW customers AS SELECT * FROM customer_rows WHERE {sleep}")
        backend.connection.commit()
        child.send('country = "PL"\r')
        _wait_until(lambda: _running_queries(backend) == 1)
        child.sendcontrol("c")
        child.expect("\rcancelled\r\n")  # one line (over the echoed ^C), on every engine
        _expect_prompt(child)
        assert _running_queries(backend) == 0  # stopped on the server, not only here
        child.send(".sample\r")  # the session goes on
        child.expect("sample: 1 rows")
        _expect_prompt(child)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
    finally:
        if child is not None:
            child.close(force=True)
        _end_repl_connections(backend)
        backend.close()
