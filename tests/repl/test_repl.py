"""The REPL: session logic on a real DuckDB shop and every command on every executed engine,
completion, the Pygments lexer, scripted use through stdin, and the interactive program driven
in a pseudo-terminal (Ctrl-C on DuckDB, SQLite, PostgreSQL and MariaDB)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
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
from segdsl.demo.shop import build_shop
from segdsl.repl.completion import SegdslCompleter
from segdsl.repl.session import ReplSession, history_instants
from segdsl.repl.statements import is_complete, statements
from segdsl.repl.terminal import status_line
from segdsl.runtime.engines import Database, connect
from segdsl.semantics.reference import Dataset
from segdsl.syntax.highlight import SegdslLexer
from tests.support import shop_fixture
from tests.support.waiting import computing, terminal_sends_signals, wait_until, waiting_shop

ROOT = Path(__file__).parents[2]
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


def test_an_open_string_is_read_as_the_lexer_reads_strings() -> None:
    # A quote in a comment or an escaped one opens no string: the error shows now.
    assert is_complete("purchases > > 1 # it's")
    assert is_complete('name = "a\\"b" and > 1')
    assert not is_complete("country = 'P")
    session = ReplSession(SCHEMA, None)
    assert "country" in _complete(session, 'name = "a\\"b" and coun')
    assert _complete(session, "country = 'D") == {}


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
    # Keywords where the grammar takes them: `between` after a value, not in its place.
    assert "between" in _complete(session, "purchases betw")
    assert "between" not in _complete(session, "betw")


def test_completion_follows_the_grammar_and_the_session() -> None:
    session = ReplSession(SCHEMA, None)
    session.execute('partition stage = "new" when first_order < 30d otherwise "old"')
    assert set(_complete(session, "last_order < 30")) == {"30h", "30d", "30w", "30mo", "30y"}
    assert set(_complete(session, "stage = ")) == {'"new"', '"old"'}
    # `in` starts regular activity (`purchases > 1 in 3 of last 4 weeks`: a count).
    assert set(_complete(session, "purchases > 1 ")) == {"and", "or", "in"}
    assert _complete(session, "count(orders where amo") == {"amount": "orders: decimal"}
    # A definition sees the session's definitions, and is not offered itself.
    offered = _complete(session, "segment fresh = sta")
    assert offered == {"stage": "partition"}
    assert "fresh" not in _complete(session, "segment fresh = fre")
    assert _complete(session, ".schema purc") == {"purchases": "metric"}
    assert _complete(session, ".sql post") == {}


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
    # Typed before the prompt reads keys (raw mode), Ctrl-C would be a signal, not a key.
    wait_until(lambda: not terminal_sends_signals(child), "the prompt reads keys")


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


# -- every command on every executed engine ---------------------------------------------------
# The fixture shop (tests/support/shop_fixture.py) on each engine (`url`, tests/conftest.py):
# `purchases >= 1 and country in EU` is customers 1 and 4 of 5, at 2026-11-01 and at every
# month-end from 2026-08 on.

ENGINES = {"duckdb": "DuckDB", "sqlite": "SQLite", "postgres": "PostgreSQL", "mysql": "MariaDB"}


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
        # `mine` is `buyers and country in EU`: customer 4 ordered once and lives in DE.
        assert session.execute(".why 4").splitlines()[:3] == [
            "customer 4 matches the condition (as of 2026-11-01 00:00:00 UTC)",
            "✓ all of",
            "  ✓ buyers",
        ]


def test_why_explains_the_last_condition_for_one_customer(session: ReplSession) -> None:
    assert session.execute(".why 1").startswith("error: no condition yet")
    # The sample's first row (after the count and the table's header) is a member.
    member = session.execute("purchases >= 2 and country in EU").splitlines()[3].split()[0]
    lines = session.execute(f".why {member}").splitlines()
    assert lines[0] == f"customer {member} matches the condition (as of 2026-11-01 00:00:00 UTC)"
    assert lines[1:3] == ["✓ all of", "  ✓ purchases >= 2"]
    assert "error[E609]" in session.execute(".why 0")
    assert session.execute(".why").startswith("error: whose?")
    assert ".why KEY" in session.execute(".help")
    without = ReplSession(SCHEMA)
    without.execute("purchases >= 2")
    assert without.execute(".why 1").startswith("error: no database")


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


@pytest.mark.parametrize("kind", ["duckdb", "sqlite", "postgres", "mysql"])
def test_ctrl_c_cancels_the_running_query(kind: str, dataset: Dataset, tmp_path: Path) -> None:
    """Ctrl-C while a statement runs cancels its query on the engine (on a server: it no longer
    runs there), prints one line, `cancelled`, and the session goes on, its connection usable."""
    shop = waiting_shop(kind, dataset, tmp_path)  # every query waits until it is cancelled
    server = kind in ("postgres", "mysql")
    child: pexpect.spawn | None = None
    try:
        child = _spawn(
            "--schema",
            str(SCHEMA_PATH),
            "--db",
            shop.url,
            "--as-of",
            "2026-11-01",
            tmp_path=tmp_path,
        )
        child.send("purchases >= 1\r")
        running = child
        wait_until(lambda: terminal_sends_signals(running), "the statement runs")
        if server:
            wait_until(lambda: shop.sleeping() == 1, "the query waits on the server")
        else:
            wait_until(lambda: computing(running.pid), "the engine computes")
        child.sendcontrol("c")
        child.expect("cancelled\r\n")  # over the echoed ^C: one line, the same on every engine
        assert "error" not in child.before
        _expect_prompt(child)
        assert shop.sleeping() == 0  # stopped on the server, not only here
        if server:
            shop.restore()
            child.send("purchases >= 1\r")
            child.expect(r"3 members \(60\.0% of 5 customers\)")
        else:  # the file is open read-only here, so its queries keep waiting
            child.send(".sample\r")
            child.expect("sample: 10 rows")
        _expect_prompt(child)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
    finally:
        if child is not None:
            child.close(force=True)
        shop.close()
