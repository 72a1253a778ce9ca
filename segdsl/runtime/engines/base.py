"""The interface every engine implements (`Database`), and what the engines share: results in
batches, interrupting a call on a signal (`cancellable`), deadlines for engines without a
statement timeout of their own, the read-only guard for engines without a read-only session,
and the messages for a missing driver and for passwords in URLs."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from segdsl import errors
from segdsl.diagnostics import Diagnostic, EngineError, SegdslError

if TYPE_CHECKING:
    from segdsl.semantics.schema import Schema

BATCH_ROWS = 10_000

T = TypeVar("T")


@dataclass
class QueryResult:
    """Column names and an iterator of row batches (consumed once)."""

    columns: list[str]
    batches: Iterator[list[tuple[Any, ...]]]


class Database:
    """One open, read-only connection. Subclasses implement `_execute`, `interrupt`, `close`."""

    dialect: str
    display_name: str
    engine: str  # the product, for people: "DuckDB", "MariaDB", …
    # The statement that asks this engine for its plan of a query, in its most readable form.
    plan_prefix = "EXPLAIN "
    # Whether the engine's calls may run in a worker thread, so that a signal can interrupt
    # them (`cancellable`): every connection segdsl opens, and the callers' that allow it.
    cancel_on_signal = False
    # Whether the session itself refuses writes. Where the engine has no such session, every
    # statement is parsed first and only queries go to the engine (`read_only_statement`).
    read_only_session = True

    def __init__(self, statement_timeout: float | None) -> None:
        self.statement_timeout = statement_timeout
        # The schema the tables are checked against before the first query
        # (segdsl/runtime/dbcheck.py), and what that check found: checked once per connection.
        self.schema: Schema | None = None
        self._schema_problems: tuple[Diagnostic, ...] | None = None

    def query(self, sql: str) -> QueryResult:
        """Run `sql`; first, once, check the tables and columns of `schema` if one is set."""
        if self.schema is not None:
            if self._schema_problems is None:
                from segdsl.runtime.dbcheck import schema_problems

                self._schema_problems = schema_problems(self, self.schema)
            if self._schema_problems:
                raise SegdslError(self._schema_problems)
        return self.query_unchecked(sql)

    def query_unchecked(self, sql: str) -> QueryResult:
        """Run `sql` without the schema check (the check's own catalog queries)."""
        if not self.read_only_session:
            read_only_statement(sql.removeprefix(self.plan_prefix), self)
        try:
            return self._wait_for(lambda: self._execute(sql))
        except EngineError:
            raise
        except Exception as error:
            raise self._explain(error) from None

    def plan(self, sql: str) -> QueryResult:
        """The engine's plan for the query `sql` (the rows of its EXPLAIN)."""
        return self.query(self.plan_prefix + sql)

    def _execute(self, sql: str) -> QueryResult:
        raise NotImplementedError

    def _wait_for(self, call: Callable[[], T]) -> T:
        """Make a call that waits on this engine; a signal meanwhile stops it on the engine."""
        return cancellable(call, self.interrupt) if self.cancel_on_signal else call()

    def _fetch_batches(
        self, fetch: Callable[[int], Sequence[Sequence[Any]]]
    ) -> Iterator[list[tuple[Any, ...]]]:
        """A result's rows, fetched `BATCH_ROWS` at a time (each fetch as `_wait_for`)."""
        while True:
            try:
                rows = self._wait_for(lambda: fetch(BATCH_ROWS))
            except Exception as error:
                raise self._explain(error) from None
            if not rows:
                return
            yield [tuple(row) for row in rows]

    def _explain(self, error: Exception) -> EngineError:
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        if self.statement_timeout is not None and _looks_like_timeout(message):
            return EngineError(
                f"{self.display_name}: the query ran longer than {self.statement_timeout:g} s",
                hint="raise --timeout, or narrow the segment",
            )
        return EngineError(f"{self.display_name}: {message}")

    def interrupt(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _looks_like_timeout(message: str) -> bool:
    lowered = message.lower()
    return any(
        word in lowered
        for word in (
            "timeout",
            "interrupt",
            "canceling statement",
            "max_statement",
            "time limit",  # Trino: "Query exceeded maximum time limit"
            "cancelled",  # Spark: "OPERATION_CANCELED … was cancelled"
            "canceled",
        )
    )


def read_only_statement(sql: str, database: Database) -> None:
    """Refuse anything but a query (SELECT, WITH, DESCRIBE) on an engine whose session cannot
    be made read-only: segdsl never changes the user's data."""
    import sqlglot
    from sqlglot import exp

    from segdsl.sql.dialects import DIALECTS

    try:
        tree = sqlglot.parse_one(sql, read=DIALECTS[database.dialect].sqlglot_name)
    except sqlglot.errors.ParseError:
        tree = None
    if not isinstance(tree, exp.Query | exp.Describe):
        raise EngineError(
            f"{database.display_name}: segdsl runs only queries on {database.engine}, "
            "which has no read-only session",
            hint="segdsl never changes your data: run other statements with the engine's tools",
        )


def missing_driver(engine: str, module: str, extra: str) -> EngineError:
    """The one-line error for a URL whose engine's driver is not installed."""
    return EngineError(
        f"{engine} needs the {module} driver: pip install 'segdsl[{extra}]'",
        code=errors.E640,
    )


def cancellable(call: Callable[[], T], interrupt: Callable[[], None]) -> T:
    """`call()`, made so that an exception a signal handler raises meanwhile (KeyboardInterrupt
    for Ctrl-C, or the CLI's for SIGTERM) stops it on the engine: the call runs in a worker
    thread while this thread waits; on the signal, `interrupt` is called until the call has
    ended, then the signal's exception goes on. Signals reach only the main thread, so from any
    other thread this is just `call()`."""
    if threading.current_thread() is not threading.main_thread():
        return call()
    outcome: list[tuple[bool, Any]] = []
    # Not `Thread.is_alive`: after a Ctrl-C inside `Thread.join`, Python 3.11 may report a
    # running thread as stopped, and the query would go on on the server.
    done = threading.Event()

    def work() -> None:
        try:
            outcome.append((True, call()))
        except BaseException as error:  # handed to the waiting thread
            outcome.append((False, error))
        finally:
            done.set()

    try:
        threading.Thread(target=work, name="segdsl-engine-call", daemon=True).start()
        while not done.wait(0.05):  # a timed wait: Python runs signal handlers in between
            pass
    except BaseException:
        _interrupt_until_done(done, interrupt)
        raise
    succeeded, value = outcome[0]
    if not succeeded:
        raise value
    return value  # type: ignore[no-any-return]


def _interrupt_until_done(done: threading.Event, interrupt: Callable[[], None]) -> None:
    """Interrupt again and again: a call may run several statements in turn, and an interrupt
    that comes between two of them, or before the first reaches the server, would be lost. What
    the call ends with (the engine's "interrupted" error) no longer matters."""
    deadline = time.monotonic() + 30
    while not done.is_set() and time.monotonic() < deadline:
        try:
            with contextlib.suppress(Exception):  # the connection may be gone already
                interrupt()
            done.wait(0.2)
        except BaseException:  # a signal again: the call is being stopped already
            continue


class Deadline:
    """Calls `interrupt` once `seconds` have passed (engines without a native statement timeout)."""

    def __init__(self, seconds: float | None, interrupt: Callable[[], None]) -> None:
        self._timer = threading.Timer(seconds, interrupt) if seconds else None
        if self._timer is not None:
            self._timer.daemon = True
            self._timer.start()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


def redacted_url(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()
