"""What `segdsl studio` asks the database, and how its queries are run and cancelled.

Queries run on a few read-only connections (`Connections`), opened as every command opens its
database (with a statement timeout). Each page's latest request of a kind (its answer, its file
view, its member look-up) cancels the same page's earlier request of that kind that still runs:
the engine's own interrupt stops the statement, and the earlier request ends as `Cancelled`.

The results are the page's JSON: plain dicts of strings, numbers and lists."""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlglot import exp

from segdsl.runtime.analytics import (
    Measure,
    Sizes,
    history,
    instants,
    measures_of,
    overlap,
    partition_measures,
    report,
    sizes,
)
from segdsl.runtime.charts import history_page, overlap_page, series_of
from segdsl.runtime.engines import Database, EngineError
from segdsl.runtime.exports import public_attributes
from segdsl.runtime.why import explain
from segdsl.runtime.why_render import why_text
from segdsl.semantics import ir
from segdsl.semantics import types as t
from segdsl.semantics.schema import Schema
from segdsl.semantics.types import utc_instant
from segdsl.sql.compiler import members_query
from segdsl.sql.dialects import DIALECTS
from segdsl.sql.queries import (
    customer_membership_query,
    members_table_query,
    membership_query,
)
from segdsl.studio.workspace import StudioError

Checked = ir.Cond | ir.CheckedSegment | ir.CheckedPartition
CONDITION_NAME = "condition"
HISTORY_MONTHS = 12


class Cancelled(Exception):
    """A request a newer one of the same page and kind took over from."""


class _Ticket:
    """One request's claim on a connection, which a newer request may cancel."""

    def __init__(self) -> None:
        self.cancelled = False
        self.database: Database | None = None
        self.lock = threading.Lock()

    def cancel(self) -> None:
        with self.lock:
            self.cancelled = True
            if self.database is not None:
                with contextlib.suppress(Exception):  # the connection may be gone already
                    self.database.interrupt()


@dataclass(frozen=True)
class Run:
    """A request's connection; `check` between its queries ends a cancelled request."""

    database: Database
    ticket: _Ticket

    def check(self) -> None:
        if self.ticket.cancelled:
            raise Cancelled()

    def rows(self, tree: exp.Expr) -> list[tuple[Any, ...]]:
        sql = DIALECTS[self.database.dialect].sql(tree)
        return [tuple(row) for batch in self.database.query(sql).batches for row in batch]


class Connections:
    """Up to `size` connections, opened when first needed and shared by the requests."""

    def __init__(self, open_database: Callable[[], Database], size: int = 2) -> None:
        self._open = open_database
        self._size = size
        self._idle: list[Database] = []
        self._opened = 0
        self._ready = threading.Condition()
        self._latest: dict[tuple[str, str], _Ticket] = {}

    def prepare(self) -> str:
        """Open the first connection now, so that a database that cannot be opened is told at
        start-up; the database's name for people."""
        with self._ready:
            self._opened += 1
        database = self._open()
        self._release(database)
        return database.display_name

    def claim(self, client: str, kind: str) -> _Ticket:
        """A ticket for a page's (`client`) work of `kind`, which may span several queries; the
        page's earlier work of that kind is cancelled. `release` it when the work ends."""
        ticket = _Ticket()
        with self._ready:
            earlier = self._latest.get((client, kind))
            self._latest[(client, kind)] = ticket
        if earlier is not None:
            earlier.cancel()
        return ticket

    def release(self, client: str, kind: str, ticket: _Ticket) -> None:
        with self._ready:
            if self._latest.get((client, kind)) is ticket:
                del self._latest[(client, kind)]

    def cancel(self, client: str, kind: str) -> bool:
        """Cancel a page's running work of `kind`; whether there was any."""
        with self._ready:
            ticket = self._latest.get((client, kind))
        if ticket is not None:
            ticket.cancel()
        return ticket is not None

    @contextlib.contextmanager
    def run(self, client: str, kind: str) -> Iterator[Run]:
        """A connection for one request of a page (`client`) and `kind`; the page's earlier
        request of that kind is cancelled."""
        ticket = self.claim(client, kind)
        try:
            with self.use(ticket) as run:
                yield run
        finally:
            self.release(client, kind, ticket)

    @contextlib.contextmanager
    def use(self, ticket: _Ticket) -> Iterator[Run]:
        """A connection for the next query (or queries) of a claimed ticket; `Cancelled` once
        the ticket is."""
        database = self._acquire(ticket)
        try:
            with ticket.lock:
                ticket.database = database
            yield Run(database, ticket)
            if ticket.cancelled:
                raise Cancelled()
        except EngineError:
            if ticket.cancelled:
                raise Cancelled() from None
            raise
        finally:
            with ticket.lock:
                ticket.database = None
            self._release(database)

    def _acquire(self, ticket: _Ticket) -> Database:
        with self._ready:
            while True:
                if ticket.cancelled:
                    raise Cancelled()
                if self._idle:
                    return self._idle.pop()
                if self._opened < self._size:
                    self._opened += 1
                    break
                self._ready.wait(0.05)
        try:
            return self._open()
        except BaseException:
            with self._ready:
                self._opened -= 1
                self._ready.notify()
            raise

    def _release(self, database: Database) -> None:
        with self._ready:
            self._idle.append(database)
            self._ready.notify()

    def close(self) -> None:
        with self._ready:
            for database in self._idle:
                with contextlib.suppress(Exception):
                    database.close()
            self._idle.clear()


# -- the editor's answer ------------------------------------------------------------------------


def measures_for(checked: Checked) -> list[Measure]:
    if isinstance(checked, ir.CheckedSegment):
        return [Measure(checked.name, checked.condition)]
    if isinstance(checked, ir.CheckedPartition):
        return partition_measures(checked.value)
    return [Measure(CONDITION_NAME, checked)]


def count(run: Run, schema: Schema, checked: Checked) -> dict[str, object]:
    """Member count and share (of each label, for a partition), from one query, and the time
    it took: what the page shows first."""
    started = time.perf_counter()
    measures = measures_for(checked)
    counted = sizes(run.database, schema, measures)
    run.check()
    return {
        "total": counted.total,
        "counts": [
            {"name": m.name, "count": counted.counts[m.name], "share": _share(counted, m.name)}
            for m in measures
        ],
        "seconds": round(time.perf_counter() - started, 3),
    }


def sample(run: Run, schema: Schema, checked: Checked, size: int) -> dict[str, object]:
    """The first `size` members with the attributes `segdsl run` shows (PII left out; none for
    a partition), and the time the query took: what the page shows after the count."""
    started = time.perf_counter()
    shown = public_attributes(schema)
    rows: list[tuple[Any, ...]] = []
    condition = _condition_of(checked)
    if size and condition is not None:
        dialect = DIALECTS[run.database.dialect]
        rows = run.rows(members_table_query(condition, schema, dialect, None, shown, size))
    run.check()
    withheld = [n for n, a in schema.attributes.items() if a.pii and n != schema.key]
    return {
        "columns": [schema.key, *shown],
        "rows": [[display(value) for value in row] for row in rows],
        "withheld": withheld,
        "seconds": round(time.perf_counter() - started, 3),
    }


def _condition_of(checked: Checked) -> ir.Cond | None:
    """A segment's or condition's condition (a partition has none)."""
    if isinstance(checked, ir.CheckedPartition):
        return None
    return checked.condition if isinstance(checked, ir.CheckedSegment) else checked


def _share(counted: Any, name: str) -> float | None:
    return counted.counts[name] / counted.total if counted.total else None


def sql_of(schema: Schema, checked: Checked, dialect: str) -> str:
    """The SQL of the editor's text for a dialect: a condition's or segment's member query, a
    partition's labels (as `segdsl compile` gives them)."""
    target = DIALECTS[dialect]
    condition = _condition_of(checked)
    if condition is not None:
        tree: exp.Expr = members_query(condition, schema, target, None)
    else:
        assert isinstance(checked, ir.CheckedPartition)
        module = ir.CheckedModule({}, {checked.name: checked})
        tree = membership_query(module, schema, target, None, only=checked.name)
    return target.sql(tree, pretty=True)


def display(value: object) -> object:
    """A database value as the page shows it."""
    if isinstance(value, dt.datetime):
        return utc_instant(value).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


# -- a file's figures ---------------------------------------------------------------------------


def file_sizes(run: Run, schema: Schema, module: ir.CheckedModule) -> dict[str, object]:
    """Every segment's and partition label's size, from one query."""
    started = time.perf_counter()
    measures = measures_of(module)
    counted = sizes(run.database, schema, measures) if measures else None
    total = counted.total if counted else 0
    return {
        "total": total,
        "rows": [
            {"name": m.name, "count": counted.counts[m.name], "share": _share(counted, m.name)}
            for m in measures
            if counted is not None
        ],
        "seconds": round(time.perf_counter() - started, 3),
    }


def history_instants(now: dt.datetime) -> list[dt.datetime]:
    """The first day of each of the last HISTORY_MONTHS months, and the start of today."""
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    start = ir.shift(today.replace(day=1), -1, ir.DurationConst(HISTORY_MONTHS, "mo"))
    at = instants(start, today, "1mo")
    return at if at[-1] == today else [*at, today]


def _segments(module: ir.CheckedModule) -> list[Measure]:
    """The segments of a file, without the partitions' labels (a partition's labels never
    overlap, and a chart of every label of every partition would hide the segments)."""
    return [Measure(name, segment.condition) for name, segment in module.segments.items()]


def coarse_to_fine(count: int) -> list[int]:
    """The indexes 0 … count-1 in the order that spans them first and then fills them in: the
    last, the first, then the middle of each gap, gap after gap (widest first)."""
    if count <= 1:
        return list(range(count))
    order, gaps = [count - 1, 0], collections.deque([(0, count - 1)])
    while gaps:
        low, high = gaps.popleft()
        middle = (low + high) // 2
        if low < middle < high:
            order.append(middle)
            gaps.extend([(low, middle), (middle, high)])
    return order


class History:
    """A file's segments' sizes at each of `at`, computed one instant (one query) at a time in
    `coarse_to_fine` order, so that the chart spans the whole range after two steps and grows
    finer; each step's snapshot is the chart of the instants computed so far."""

    def __init__(
        self, schema: Schema, module: ir.CheckedModule, title: str, at: Sequence[dt.datetime]
    ) -> None:
        self.schema = schema
        self.measures = _segments(module)
        self.title = title
        self.at = list(at) if self.measures else []
        self.order = coarse_to_fine(len(self.at))
        self.found: dict[int, Sizes] = {}
        self.started = time.perf_counter()

    @property
    def complete(self) -> bool:
        return len(self.found) == len(self.order)

    def step(self, run: Run) -> dict[str, object]:
        """Compute the next instant; the snapshot after it."""
        index = self.order[len(self.found)]
        self.found[index] = history(run.database, self.schema, self.measures, [self.at[index]])[0]
        run.check()
        return self.snapshot()

    def snapshot(self) -> dict[str, object]:
        computed = sorted(self.found)
        at = [self.at[i] for i in computed]
        names = [m.name for m in self.measures]
        series = series_of(names, [self.found[i] for i in computed])
        return {
            "html": history_page(self.title, at, series) if computed else "",
            "done": len(computed),
            "total": len(self.order),
            "at": [instant.isoformat() for instant in at],
            "seconds": round(time.perf_counter() - self.started, 3),
        }


def file_overlap(
    run: Run, schema: Schema, module: ir.CheckedModule, title: str
) -> dict[str, object]:
    """The pairwise overlap of the file's segments as a heatmap page."""
    measures = _segments(module)
    if len(measures) < 2:
        return {"html": ""}
    result = overlap(run.database, schema, measures)
    names = [m.name for m in measures]
    return {"html": overlap_page(title, result, names, names)}


REPORT_FIGURES = (
    "members",
    "sends",
    "open_rate",
    "click_through_rate",
    "conversion_rate",
    "revenue",
    "revenue_per_member",
    "average_order_value",
)


def file_report(run: Run, schema: Schema, module: ir.CheckedModule) -> dict[str, object]:
    """The campaign report's figures of every segment and label (docs/analytics.md)."""
    if schema.report is None:
        return {"columns": [], "rows": [], "note": "the schema has no `report:` section"}
    measures = measures_of(module)
    found = report(run.database, schema, measures) if measures else {}
    rows = [
        [name, *(_figure(getattr(performance, f)) for f in REPORT_FIGURES)]
        for name, performance in found.items()
    ]
    return {"columns": ["name", *REPORT_FIGURES], "rows": rows, "note": ""}


def _figure(value: object) -> object:
    if isinstance(value, Decimal):
        return float(round(value, 2))
    if isinstance(value, float):
        return round(value, 4)
    return value


# -- one customer -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileModule:
    """A loaded file's checked definitions, for the member look-up."""

    id: str
    label: str
    module: ir.CheckedModule


def member(
    run: Run, schema: Schema, files: Sequence[FileModule], key_text: str
) -> dict[str, object]:
    """Which segments of each file the customer with this key is in, and which label of each
    partition they have, with their attributes (PII left out, as `segdsl run` shows them)."""
    key: int | str = key_text
    if schema.attributes[schema.key].type.kind is t.Kind.INT:
        if re.fullmatch(r"[+-]?\d{1,19}", key_text) is None:
            return {"found": False, "key": key_text, "note": f"{schema.key} is a whole number"}
        key = int(key_text)
    dialect = DIALECTS[run.database.dialect]
    shown = public_attributes(schema)
    attributes: dict[str, object] = {}
    out = []
    for index, file in enumerate(files or [FileModule("", "", ir.CheckedModule({}, {}))]):
        wanted = shown if index == 0 else ()
        rows = run.rows(customer_membership_query(file.module, schema, dialect, key, wanted))
        run.check()
        if not rows:
            return {"found": False, "key": key_text, "note": ""}
        row = rows[0]
        segments, partitions = list(file.module.segments), list(file.module.partitions)
        flags = row[1 : 1 + len(segments)]
        labels = row[1 + len(segments) : 1 + len(segments) + len(partitions)]
        if index == 0:
            values = row[1 + len(segments) + len(partitions) :]
            attributes = {schema.key: display(row[0])}
            attributes |= {n: display(v) for n, v in zip(shown, values, strict=True)}
        memberships: list[dict[str, object]] = [
            {"name": n, "kind": "segment", "member": bool(f)}
            for n, f in zip(segments, flags, strict=True)
        ]
        memberships += [
            {"name": n, "kind": "partition", "label": label}
            for n, label in zip(partitions, labels, strict=True)
        ]
        if file.id:
            out.append({"id": file.id, "label": file.label, "memberships": memberships})
    return {"found": True, "key": key_text, "attributes": attributes, "files": out}


def why(run: Run, schema: Schema, module: ir.CheckedModule, name: str, key: str) -> dict[str, str]:
    """Why the customer with this key is (or is not) in a segment of a file, or has their label
    of a partition: `segdsl why`'s tree (segdsl/runtime/why.py)."""
    segment = module.segments.get(name)
    partition = module.partitions.get(name)
    target: ir.Cond | ir.PartitionRef
    if segment is not None:
        target = segment.condition
    elif partition is not None:
        target = partition.value
    else:
        raise StudioError(f"'{name}' is not a segment or partition of the file that checks")
    found = explain(run.database, schema, target, name, key, given_in="customer key")
    return {"text": why_text(found)}
