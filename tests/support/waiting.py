"""The fixture shop on each engine `--db` reaches, with a `customers` table that makes every
query wait until it is cancelled: for the tests of Ctrl-C (tests/cli/test_signals.py and
tests/repl/test_repl.py). On the servers, `sleeping` sees the waiting query, so that a test
interrupts it while it runs there, and checks that it no longer runs after the interrupt."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pexpect

from segdsl.semantics.reference import Dataset
from tests.support.backends import (
    DBAPIBackend,
    DuckDBBackend,
    MariaDBBackend,
    PostgresBackend,
    SQLiteBackend,
)

# Each engine's condition that holds after a very long time (a server's sleep, an aggregate of
# a trillion rows, a count of an endless sequence), so that a query reading `customers` runs
# until it is cancelled.
_WAIT = {
    "duckdb": "(SELECT sum(range % 7) FROM range(1000000000000)) >= 0",
    "sqlite": "(WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
    "SELECT count(*) FROM n) > 0",
    "postgres": "(SELECT TRUE FROM pg_sleep(600))",
    "mysql": "SLEEP(600) = 0",
}


@dataclass
class WaitingShop:
    """The shop on one engine: `url` for `--db`; `backend`, the test's own connection."""

    kind: str
    url: str
    backend: DBAPIBackend

    def sleeping(self) -> int:
        """How many of segdsl's queries wait on the server (0 on DuckDB and SQLite)."""
        return len(self._connections(sleeping=True))

    def close(self) -> None:
        """End segdsl's connections (after a failure, a waiting query would hold the tables),
        then drop the shop."""
        for server_id in self._connections(sleeping=False):
            with contextlib.suppress(Exception):
                if isinstance(self.backend, PostgresBackend):
                    self.backend.execute("SELECT pg_terminate_backend(%s)", (server_id,))
                else:
                    self.backend.execute(f"KILL {server_id}")
        self.backend.close()

    def _connections(self, *, sleeping: bool) -> list[int]:
        if isinstance(self.backend, PostgresBackend):
            self.backend.connection.rollback()  # a fresh snapshot of the server's activity
            condition = "wait_event = 'PgSleep'" if sleeping else "state IS NOT NULL"
            query = f"SELECT pid FROM pg_stat_activity WHERE application_name = %s AND {condition}"
            parameters: tuple[str, ...] = (self.backend.schema,)
        elif isinstance(self.backend, MariaDBBackend):
            condition = "STATE = 'User sleep'" if sleeping else "COMMAND IS NOT NULL"
            query = (
                "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = %s AND ID <> "
                f"CONNECTION_ID() AND {condition}"
            )
            parameters = (self.backend.database,)
        else:
            return []
        cursor = self.backend.connection.cursor()
        cursor.execute(query, parameters)
        ids = [int(row[0]) for row in cursor.fetchall()]
        cursor.close()
        return ids

    def restore(self) -> None:
        """Make queries fast again (on a server: segdsl holds a DuckDB or SQLite file)."""
        self.backend.execute("DROP VIEW customers")
        self.backend.execute("ALTER TABLE customer_rows RENAME TO customers")
        self.backend.connection.commit()


def waiting_shop(kind: str, dataset: Dataset, folder: Path) -> WaitingShop:
    """The dataset on engine `kind` (duckdb, sqlite, postgres, mysql), its queries waiting."""
    backend: DBAPIBackend
    if kind == "duckdb":
        path = folder / "waiting.duckdb"
        backend = DuckDBBackend()
        backend.connection = duckdb.connect(str(path))
        url = str(path)
    elif kind == "sqlite":
        path = folder / "waiting.sqlite"
        backend = SQLiteBackend()
        backend.connection = sqlite3.connect(path)
        url = f"sqlite:///{path}"
    elif kind == "postgres":
        backend = PostgresBackend()
        # application_name tells segdsl's connections from the test's own on the server.
        url = (
            "postgresql://postgres@127.0.0.1:5432/test?options=-csearch_path%3D"
            f"{backend.schema}&application_name={backend.schema}"
        )
    else:
        backend = MariaDBBackend()
        url = f"mysql://root@127.0.0.1:3306/{backend.database}"
    backend.load(dataset)
    if kind == "postgres":
        # segdsl's read-only transactions hold no lock between statements, so this goes through.
        backend.execute("SET lock_timeout = '30s'")
    elif kind == "mysql":
        backend.execute("SET lock_wait_timeout = 30")
    backend.execute("ALTER TABLE customers RENAME TO customer_rows")
    backend.execute(f"CREATE VIEW customers AS SELECT * FROM customer_rows WHERE {_WAIT[kind]}")
    backend.connection.commit()
    if kind in ("duckdb", "sqlite"):
        backend.connection.close()  # segdsl opens the file read-only
    return WaitingShop(kind, url, backend)


def has_open(pid: int, path: Path) -> bool:
    """Whether process `pid` has the file `path` open (Linux: /proc/PID/fd)."""
    target = str(path.resolve())
    with contextlib.suppress(FileNotFoundError):
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                    return True
    return False


def computing(pid: int) -> bool:
    """Whether a thread of process `pid` other than its main thread is running (or ready to
    run) now and a moment later: an in-process engine at work on a long query, not between two
    short ones (Linux: /proc/PID/task)."""

    def running() -> set[str]:
        found = set()
        with contextlib.suppress(FileNotFoundError):
            for thread in os.listdir(f"/proc/{pid}/task"):
                with contextlib.suppress(OSError):
                    stat = Path(f"/proc/{pid}/task/{thread}/stat").read_text()
                    # The state follows the parenthesised name, which may contain spaces.
                    if thread != str(pid) and stat.rpartition(")")[2].split()[0] == "R":
                        found.add(thread)
        return found

    if not running():
        return False
    time.sleep(0.1)
    return bool(running())


def wait_until(condition: Callable[[], bool], what: str) -> None:
    """Poll until `condition` holds (a query started, say); no fixed delay."""
    deadline = time.monotonic() + 120
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.1)


def terminal_sends_signals(child: pexpect.spawn) -> bool:
    """Whether the program in pseudo-terminal `child` reads its terminal as lines, so that
    Ctrl-C there is SIGINT (a running statement), not a key (the REPL's prompt, in raw mode)."""
    return bool(termios.tcgetattr(child.child_fd)[3] & termios.ISIG)
