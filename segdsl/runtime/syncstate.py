"""The state of `segdsl sync` (docs/sync.md, "The state"): for each destination, the membership it
last received, and the run being delivered to it with the pages already acknowledged.

The state lives in a DuckDB file (a path), a SQLite file (`sqlite:///…`) or a PostgreSQL
database (`postgresql://…`), opened for writing. segdsl creates its own tables there, all named
`segdsl_sync_*`, and reads or writes no other table; it refuses a database whose `segdsl_sync_*`
tables it did not create. Every change of the state is one transaction, so an interrupted sync
leaves the state as the last finished step left it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import math
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlglot import exp

from segdsl import errors
from segdsl.diagnostics import Diagnostic, EngineError, SegdslError
from segdsl.runtime.engines import sqlite_path

FORMAT = "segdsl sync state"
VERSION = "1"
PREFIX = "segdsl_sync_"
META = "segdsl_sync_meta"
RUNS = "segdsl_sync_runs"
MEMBERS = "segdsl_sync_members"
CHANGES = "segdsl_sync_changes"
PAGES = "segdsl_sync_pages"
SNAPSHOT = "segdsl_sync_snapshot"

_TEXT, _INT = "TEXT", "BIGINT"
# The state's tables (docs/sync.md explains each column). A membership row is a customer's key
# as JSON (`member`) in a segment, or in a partition's label (`label`; '' for a segment).
TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    META: (("name", _TEXT), ("value", _TEXT)),
    RUNS: (
        ("run_id", _TEXT),
        ("destination", _TEXT),
        ("run_number", _INT),
        ("instant", _TEXT),
        ("mode", _TEXT),
        ("status", _TEXT),
        ("segments", _TEXT),
        ("changes", _INT),
        ("page_size", _INT),
        ("started_at", _TEXT),
        ("finished_at", _TEXT),
    ),
    MEMBERS: (("destination", _TEXT), ("segment", _TEXT), ("label", _TEXT), ("member", _TEXT)),
    CHANGES: (
        ("run_id", _TEXT),
        ("seq", _INT),
        ("kind", _TEXT),
        ("segment", _TEXT),
        ("label", _TEXT),
        ("member", _TEXT),
    ),
    PAGES: (("run_id", _TEXT), ("page", _INT), ("acknowledged_at", _TEXT)),
    SNAPSHOT: (("run_id", _TEXT), ("segment", _TEXT), ("label", _TEXT), ("member", _TEXT)),
}
# For SQLite's and PostgreSQL's lookups; DuckDB scans and hash-joins faster than it maintains
# them.
INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "segdsl_sync_members_rows": (MEMBERS, ("destination", "segment", "label", "member")),
    "segdsl_sync_changes_order": (CHANGES, ("run_id", "seq")),
    "segdsl_sync_changes_rows": (CHANGES, ("run_id", "segment", "label", "member")),
    "segdsl_sync_runs_destination": (RUNS, ("destination", "status")),
}

ENTERED, EXITED = "entered", "exited"
FULL, DIFF = "full", "diff"
PENDING, DELIVERED, SUPERSEDED = "pending", "delivered", "superseded"


@dataclass(frozen=True)
class Change:
    """A customer who entered or exited a segment, or a partition's label."""

    kind: str  # ENTERED or EXITED
    segment: str
    label: str  # '' for a segment
    member: str  # the customer's key as JSON

    @functools.cached_property
    def key(self) -> Any:
        return json.loads(self.member)


@dataclass(frozen=True)
class Run:
    """One delivery to a destination: the full membership (`mode` FULL) or what changed since
    the last delivered run (DIFF), as of `instant`, in pages of `page_size` changes."""

    run_id: str
    destination: str
    number: int
    instant: dt.datetime
    mode: str
    status: str
    segments: tuple[str, ...]
    partitions: tuple[str, ...]
    changes: int
    page_size: int

    @property
    def names(self) -> tuple[str, ...]:
        """The segments and partitions the run covers."""
        return (*self.segments, *self.partitions)

    @property
    def pages(self) -> int:
        """A full run has at least one page: an empty full list still replaces the old one."""
        count = math.ceil(self.changes / self.page_size)
        return max(count, 1) if self.mode == FULL else count


def member_json(key: Any) -> str:
    """A key as the state keeps it: JSON, the same text for the same key on every run."""
    if isinstance(key, bool) or not isinstance(key, int | str):
        key = str(key)
    return json.dumps(key, ensure_ascii=False)


def _table(name: str) -> exp.Table:
    return exp.Table(this=exp.to_identifier(name))


def _param() -> exp.Placeholder:
    return exp.Placeholder()


def _equals(column: str) -> exp.Expr:
    return exp.EQ(this=exp.column(column), expression=_param())


def _all(*conditions: exp.Expr) -> exp.Expr:
    return exp.and_(*conditions, copy=False)


def _literal(value: str) -> exp.Expr:
    return exp.Literal.string(value)


class SyncState:
    """An open state: DuckDB, SQLite or PostgreSQL behind one small interface."""

    def __init__(self, target: str) -> None:
        self._connection, self.dialect, self.display_name = _connect(target)
        try:
            self._prepare()
        except BaseException:
            self.close()
            raise

    # -- the connection ------------------------------------------------------------------------

    def _sql(self, tree: exp.Expr) -> str:
        return tree.sql(dialect=self.dialect)

    def _run(self, tree: exp.Expr, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            cursor = self._connection.execute(self._sql(tree), list(params))
            return [tuple(row) for row in cursor.fetchall()] if cursor.description else []
        except Exception as error:
            raise self._error(error) from None

    def _error(self, error: Exception) -> EngineError:
        message = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        return EngineError(f"sync state {self.display_name}: {message}")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._run(exp.Transaction())
        try:
            yield
            self._run(exp.Commit())
        except BaseException:
            # Nothing to roll back after a lost connection: the error that led here is the one
            # to report.
            with contextlib.suppress(Exception):
                self._connection.execute(self._sql(exp.Rollback()))
            raise

    def _steps(self, steps: Iterable[tuple[exp.Expr, Sequence[Any]]]) -> None:
        """Run statements (with their parameters) in one transaction."""
        with self._transaction():
            for tree, params in steps:
                self._run(tree, params)

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> SyncState:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- the tables ----------------------------------------------------------------------------

    def _existing_tables(self) -> set[str]:
        """The names of the tables in the state's database (its default schema)."""
        if self.dialect == "sqlite":
            query = (
                exp.select(exp.column("name"))
                .from_(_table("sqlite_master"))
                .where(exp.EQ(this=exp.column("type"), expression=_literal("table")))
            )
        else:
            current = exp.Anonymous(this="current_schema")
            query = (
                exp.select(exp.column("table_name"))
                .from_(exp.to_table("information_schema.tables"))
                .where(exp.EQ(this=exp.column("table_schema"), expression=current))
            )
        return {str(row[0]).lower() for row in self._run(query)}

    def _prepare(self) -> None:
        """Create the tables in a new state; check an existing one is a segdsl sync state of
        this version."""
        existing = {name for name in self._existing_tables() if name.startswith(PREFIX)}
        if existing:
            self._check_meta(existing)
            return
        steps: list[tuple[exp.Expr, Sequence[Any]]] = []
        for name, columns in TABLES.items():
            definitions = [
                exp.ColumnDef(this=exp.to_identifier(column), kind=exp.DataType.build(kind))
                for column, kind in columns
            ]
            schema = exp.Schema(this=_table(name), expressions=definitions)
            steps.append((exp.Create(this=schema, kind="TABLE"), ()))
        indexes = {} if self.dialect == "duckdb" else INDEXES
        for index, (table, indexed) in indexes.items():
            parameters = exp.IndexParameters(columns=[exp.column(c) for c in indexed])
            tree = exp.Index(this=exp.to_identifier(index), table=_table(table), params=parameters)
            steps.append((exp.Create(this=tree, kind="INDEX"), ()))
        insert = exp.insert(
            exp.values([(_param(), _param())]), _table(META), columns=["name", "value"]
        )
        steps += [(insert, ("format", FORMAT)), (insert.copy(), ("version", VERSION))]
        self._steps(steps)

    def _check_meta(self, existing: set[str]) -> None:
        facts: dict[str, str] = {}
        if META in existing:
            query = exp.select("name", "value").from_(_table(META))
            facts = {str(name): str(value) for name, value in self._run(query)}
        if facts.get("format") != FORMAT or set(TABLES) - existing:
            raise _unusable(
                f"{self.display_name} has tables named {PREFIX}… that segdsl did not create: "
                + ", ".join(sorted(existing)),
                "give another --state: segdsl keeps its state only in tables of its own",
            )
        if facts.get("version") != VERSION:
            raise _unusable(
                f"{self.display_name} is a sync state of version {facts.get('version')}; this "
                f"segdsl reads version {VERSION}",
                "use the segdsl that wrote it, or start a new state with another --state",
            )

    # -- runs ----------------------------------------------------------------------------------

    def _runs(self, destination: str, status: str | None) -> list[Run]:
        columns = [c for c, _ in TABLES[RUNS] if c not in ("started_at", "finished_at")]
        condition = _equals("destination")
        params: list[Any] = [destination]
        if status is not None:
            condition = _all(condition, _equals("status"))
            params.append(status)
        query = (
            exp.select(*columns)
            .from_(_table(RUNS))
            .where(condition)
            .order_by(exp.Ordered(this=exp.column("run_number")))
        )
        return [_run_of(row) for row in self._run(query, params)]

    def pending_run(self, destination: str) -> Run | None:
        """The run planned for `destination` and not yet fully delivered, if any."""
        runs = self._runs(destination, PENDING)
        return runs[-1] if runs else None

    def plan_run(
        self,
        destination: str,
        instant: dt.datetime,
        segments: Sequence[str],
        partitions: Sequence[str],
        page_size: int,
        membership: Iterable[Sequence[tuple[str, str, str]]],
        full: bool,
    ) -> Run:
        """Plan the next run to `destination`: store the changes between what it last received
        (in `segments`) and `membership` (batches of (segment, label, member) rows), in the
        order they are delivered. The first run to a destination, or with `full`, is the whole
        membership. `segments` and `partitions` name what `membership` covers."""
        run_id = uuid.uuid4().hex
        runs = self._runs(destination, None)
        mode = FULL if full or not any(r.status == DELIVERED for r in runs) else DIFF
        number = max((r.number for r in runs), default=0) + 1
        with self._transaction():
            for batch in membership:
                self._insert_snapshot(run_id, batch)
            names = [*segments, *partitions]
            self._run(
                self._changes_insert(mode, len(names)),
                self._changes_params(run_id, destination, names, mode),
            )
            count = self._run(
                exp.select(exp.Count(this=exp.Star()))
                .from_(_table(CHANGES))
                .where(_equals("run_id")),
                [run_id],
            )[0][0]
            self._run(exp.delete(_table(SNAPSHOT), where=_equals("run_id")), [run_id])
            values = [
                run_id,
                destination,
                number,
                instant.isoformat(),
                mode,
                PENDING,
                json.dumps({"segments": list(segments), "partitions": list(partitions)}),
                int(count),
                page_size,
                _now(),
                None,
            ]
            columns = [c for c, _ in TABLES[RUNS]]
            row = exp.values([tuple(_param() for _ in columns)])
            self._run(exp.insert(row, _table(RUNS), columns=columns), values)
        return Run(
            run_id,
            destination,
            number,
            instant,
            mode,
            PENDING,
            tuple(segments),
            tuple(partitions),
            int(count),
            page_size,
        )

    def _insert_snapshot(self, run_id: str, rows: Sequence[tuple[str, str, str]]) -> None:
        if not rows:
            return
        columns = ["run_id", "segment", "label", "member"]
        if self.dialect == "sqlite":
            # SQLite inserts fast row by row; DuckDB and PostgreSQL take whole columns.
            tree = exp.insert(
                exp.values([tuple(_param() for _ in columns)]), _table(SNAPSHOT), columns=columns
            )
            try:
                self._connection.executemany(self._sql(tree), [(run_id, *row) for row in rows])
            except Exception as error:
                raise self._error(error) from None
            return
        texts = exp.DataType.build("TEXT[]", dialect=self.dialect)
        unnest = [exp.Unnest(expressions=[exp.cast(_param(), texts)]) for _ in columns[1:]]
        tree = exp.insert(exp.select(_param(), *unnest), _table(SNAPSHOT), columns=columns)
        segments, labels, members = (list(column) for column in zip(*rows, strict=True))
        self._run(tree, [run_id, segments, labels, members])

    def _changes_insert(self, mode: str, segment_count: int) -> exp.Expr:
        """INSERT INTO changes: ENTERED rows for the snapshot (FULL), or for the snapshot minus
        the destination's members, and EXITED for those members minus the snapshot (DIFF), in
        delivery order."""
        rows = ["segment", "label", "member"]

        def snapshot() -> exp.Select:
            return exp.select(*rows).from_(_table(SNAPSHOT)).where(_equals("run_id"))

        def members() -> exp.Select:
            chosen = exp.In(
                this=exp.column("segment"), expressions=[_param() for _ in range(segment_count)]
            )
            return (
                exp.select(*rows).from_(_table(MEMBERS)).where(_all(_equals("destination"), chosen))
            )

        def tagged(kind: str, query: exp.Query) -> exp.Select:
            return exp.select(exp.alias_(_literal(kind), "kind"), *rows).from_(query.subquery("d"))

        if mode == FULL:
            changes: exp.Query = tagged(ENTERED, snapshot())
        else:
            entered = tagged(ENTERED, exp.except_(snapshot(), members()))
            exited = tagged(EXITED, exp.except_(members(), snapshot()))
            changes = exp.union(entered, exited, distinct=False)
        order = exp.Order(
            expressions=[
                exp.Ordered(this=exp.column(c)) for c in ["segment", "label", "kind", "member"]
            ]
        )
        seq = exp.Window(this=exp.RowNumber(), order=order)
        select = exp.select(_param(), seq, "kind", *rows).from_(changes.subquery("c"))
        return exp.insert(select, _table(CHANGES), columns=["run_id", "seq", "kind", *rows])

    @staticmethod
    def _changes_params(
        run_id: str, destination: str, segments: Sequence[str], mode: str
    ) -> list[Any]:
        if mode == FULL:
            return [run_id, run_id]
        members = [destination, *segments]
        return [run_id, run_id, *members, *members, run_id]

    def supersede(self, run: Run) -> None:
        """Give up a pending run (a full resync replaces it)."""
        self._steps(
            [
                (
                    exp.update(_table(RUNS), {"status": _param()}, where=_equals("run_id")),
                    (SUPERSEDED, run.run_id),
                ),
                (exp.delete(_table(CHANGES), where=_equals("run_id")), (run.run_id,)),
                (exp.delete(_table(PAGES), where=_equals("run_id")), (run.run_id,)),
            ]
        )

    # -- delivering ----------------------------------------------------------------------------

    def changes(self, run: Run, page: int | None = None) -> Iterator[Change]:
        """The run's changes in delivery order: all of them, or those of one page (from 1)."""
        condition = _equals("run_id")
        params: list[Any] = [run.run_id]
        if page is not None:
            condition = _all(
                condition,
                exp.Between(this=exp.column("seq"), low=_param(), high=_param()),
            )
            params += [(page - 1) * run.page_size + 1, page * run.page_size]
        query = (
            exp.select("kind", "segment", "label", "member")
            .from_(_table(CHANGES))
            .where(condition)
            .order_by(exp.Ordered(this=exp.column("seq")))
        )
        try:
            cursor = self._connection.execute(self._sql(query), params)
            while rows := cursor.fetchmany(10_000):
                for kind, segment, label, member in rows:
                    yield Change(kind, segment, label, member)
        except Exception as error:
            raise self._error(error) from None

    def acknowledged_pages(self, run: Run) -> set[int]:
        query = exp.select("page").from_(_table(PAGES)).where(_equals("run_id"))
        return {int(row[0]) for row in self._run(query, [run.run_id])}

    def acknowledge(self, run: Run, page: int) -> None:
        """Record that the destination accepted a page: a re-run does not send it again."""
        columns = ["run_id", "page", "acknowledged_at"]
        row = exp.values([tuple(_param() for _ in columns)])
        self._steps([(exp.insert(row, _table(PAGES), columns=columns), (run.run_id, page, _now()))])

    def complete(self, run: Run) -> None:
        """The run is delivered: the destination's members become the run's membership."""
        members = _table(MEMBERS)
        chosen = exp.In(this=exp.column("segment"), expressions=[_param() for _ in run.names])
        steps: list[tuple[exp.Expr, Sequence[Any]]] = []
        if run.mode == FULL:
            steps.append(
                (
                    exp.delete(members, where=_all(_equals("destination"), chosen)),
                    (run.destination, *run.names),
                )
            )
        else:
            exited = (
                exp.select(exp.Literal.number(1))
                .from_(exp.alias_(_table(CHANGES), "x", table=True))
                .where(
                    _all(
                        exp.EQ(this=exp.column("run_id", table="x"), expression=_param()),
                        exp.EQ(this=exp.column("kind", table="x"), expression=_literal(EXITED)),
                        *(
                            exp.EQ(
                                this=exp.column(c, table="x"),
                                expression=exp.column(c, table=MEMBERS),
                            )
                            for c in ("segment", "label", "member")
                        ),
                    )
                )
            )
            steps.append(
                (
                    exp.delete(
                        members, where=_all(_equals("destination"), exp.Exists(this=exited))
                    ),
                    (run.destination, run.run_id),
                )
            )
        entered = (
            exp.select(_param(), "segment", "label", "member")
            .from_(_table(CHANGES))
            .where(
                _all(
                    _equals("run_id"), exp.EQ(this=exp.column("kind"), expression=_literal(ENTERED))
                )
            )
        )
        steps += [
            (
                exp.insert(entered, members, columns=["destination", "segment", "label", "member"]),
                (run.destination, run.run_id),
            ),
            (
                exp.update(
                    _table(RUNS),
                    {"status": _param(), "finished_at": _param()},
                    where=_equals("run_id"),
                ),
                (DELIVERED, _now(), run.run_id),
            ),
            (exp.delete(_table(CHANGES), where=_equals("run_id")), (run.run_id,)),
            (exp.delete(_table(PAGES), where=_equals("run_id")), (run.run_id,)),
        ]
        self._steps(steps)

    def members(self, destination: str) -> set[tuple[str, str, str]]:
        """What `destination` last received: (segment, label, member) rows (for tests and
        small states: it reads them all)."""
        query = (
            exp.select("segment", "label", "member")
            .from_(_table(MEMBERS))
            .where(_equals("destination"))
        )
        return {(str(s), str(label), str(m)) for s, label, m in self._run(query, [destination])}


def _run_of(row: tuple[Any, ...]) -> Run:
    run_id, destination, number, instant, mode, status, names, changes, page_size = row
    covered = json.loads(names)
    return Run(
        str(run_id),
        str(destination),
        int(number),
        dt.datetime.fromisoformat(str(instant)),
        str(mode),
        str(status),
        tuple(covered["segments"]),
        tuple(covered["partitions"]),
        int(changes),
        int(page_size),
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def _unusable(message: str, hint: str) -> SegdslError:
    return SegdslError([Diagnostic(errors.E630, message, None, hints=(hint,))])


def _connect(target: str) -> tuple[Any, str, str]:
    """A read-write connection in autocommit mode (transactions are explicit), its sqlglot
    dialect and its name for messages."""
    scheme, sep, _rest = target.partition("://")
    scheme = scheme.lower() if sep else ""
    if scheme == "sqlite":
        path = sqlite_path(target)
        try:
            connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA schema_version").fetchone()
        except sqlite3.Error as error:
            raise EngineError(f"cannot open {path} as a SQLite sync state: {error}") from None
        return connection, "sqlite", target
    if scheme in ("postgresql", "postgres"):
        try:
            import psycopg
        except ImportError:
            raise EngineError(
                "a sync state in PostgreSQL needs the psycopg driver",
                hint="pip install 'segdsl[postgres]'",
            ) from None
        from segdsl.runtime.engines import redacted_url

        name = redacted_url(target)
        try:
            return psycopg.connect(target, autocommit=True, connect_timeout=10), "postgres", name
        except psycopg.Error as error:
            message = str(error).strip().splitlines()[0]
            raise EngineError(f"cannot connect to the sync state {name}: {message}") from None
    if scheme not in ("", "duckdb"):
        raise EngineError(
            f"a sync state cannot be kept at {scheme}://",
            hint="use a DuckDB file path, sqlite:///path or a postgresql:// URL",
        )
    import duckdb

    path = target if not sep else _rest.removeprefix("/") if _rest.startswith("//") else _rest
    if not Path(path).resolve().parent.is_dir():
        raise EngineError(f"cannot create the sync state {path}: its folder does not exist")
    try:
        return duckdb.connect(path), "duckdb", path
    except duckdb.Error as error:
        raise EngineError(
            f"cannot open {path} as a DuckDB sync state: {str(error).splitlines()[0]}",
            hint="is it a DuckDB file, and not open in another process?",
        ) from None
