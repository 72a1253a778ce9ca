"""`segdsl sync` (docs/sync.md): who entered and who exited each segment and partition label since
the last delivery to a destination, delivered as files or to a webhook.

A run is planned in the state (segdsl/runtime/syncstate.py) before anything is delivered: the
changes, in the order they go out, cut into pages. The destination's membership in the state
advances only once the whole run is delivered; a page the webhook accepted is recorded at once.
So a sync that failed or was interrupted is run again and delivers exactly what is missing: it
first finishes the pending run (the pages not yet accepted), then plans the next one.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from segdsl.diagnostics import EngineError
from segdsl.files import atomic_directory
from segdsl.runtime.engines import Database
from segdsl.runtime.exports import require_pyarrow
from segdsl.runtime.syncstate import ENTERED, EXITED, Change, Run, SyncState, member_json
from segdsl.runtime.webhook import Retries, post_json
from segdsl.semantics import ir
from segdsl.semantics.schema import Schema
from segdsl.sql.dialects import DIALECTS
from segdsl.sql.queries import membership_query

EVENT_NAMES = {ENTERED: "Segment Entered", EXITED: "Segment Exited"}
RUN_FILE = "run.json"
EVENTS_FILE = "events.ndjson"


def chosen(module: ir.CheckedModule, names: Sequence[str]) -> ir.CheckedModule:
    """The segments and partitions of `module` named in `names` (all of them if none)."""
    if not names:
        return module
    return ir.CheckedModule(
        {n: s for n, s in module.segments.items() if n in names},
        {n: p for n, p in module.partitions.items() if n in names},
    )


def instant_text(instant: dt.datetime) -> str:
    """A run's instant in events and file names' metadata: RFC 3339 in UTC."""
    return instant.isoformat() + "Z"


def membership_rows(
    database: Database, module: ir.CheckedModule, schema: Schema, instant: dt.datetime
) -> Iterator[list[tuple[str, str, str]]]:
    """The membership as of `instant`, in batches of (segment or partition, label, member)
    rows: one per segment a customer is in, and one per partition (its label)."""
    dialect = DIALECTS[database.dialect]
    result = database.query(dialect.sql(membership_query(module, schema, dialect, instant)))
    segments, partitions = list(module.segments), list(module.partitions)
    for batch in result.batches:
        rows: list[tuple[str, str, str]] = []
        for row in batch:
            member = member_json(row[0])
            flags, labels = row[1 : 1 + len(segments)], row[1 + len(segments) :]
            rows += [
                (name, "", member) for name, flag in zip(segments, flags, strict=True) if flag == 1
            ]
            rows += [
                (name, str(label), member) for name, label in zip(partitions, labels, strict=True)
            ]
        yield rows


def event(change: Change, run: Run, instant: str) -> dict[str, Any]:
    """A change as an event (docs/sync.md): a partition's label under `label`; `instant` is
    the run's, as text."""
    record: dict[str, Any] = {"event": EVENT_NAMES[change.kind], "key": change.key}
    record["segment"] = change.segment
    if change.segment in run.partitions:
        record["label"] = change.label
    record["instant"] = instant
    return record


OnPage = Callable[[Run, int], None]


class Destination(Protocol):
    """Where runs are delivered: `identity` names it in the state."""

    @property
    def identity(self) -> str: ...

    @property
    def description(self) -> str: ...

    def deliver(self, state: SyncState, run: Run, on_page: OnPage) -> None: ...


@dataclass(frozen=True)
class Webhook:
    """A page of changes per POST (docs/sync.md, "Webhook")."""

    url: str
    retries: Retries = field(default_factory=Retries)

    @property
    def identity(self) -> str:
        return f"webhook:{self.url}"

    @property
    def description(self) -> str:
        return self.url

    def deliver(self, state: SyncState, run: Run, on_page: OnPage) -> None:
        acknowledged = state.acknowledged_pages(run)
        for page in range(1, run.pages + 1):
            if page in acknowledged:
                continue
            body = page_body(run, page, state.changes(run, page))
            what = f"page {page} of {run.pages} of run {run.number}"
            post_json(self.url, body, idempotency_key(run, page), self.retries, what)
            state.acknowledge(run, page)
            on_page(run, page)


def idempotency_key(run: Run, page: int) -> str:
    """The same for every attempt at a page, and for no other page of any run."""
    return f"{run.run_id}-{page}"


def page_body(run: Run, page: int, changes: Iterator[Change]) -> bytes:
    body = {
        "run": run.run_id,
        "run_number": run.number,
        "mode": run.mode,
        "instant": instant_text(run.instant),
        "segments": list(run.segments),
        "partitions": list(run.partitions),
        "page": page,
        "pages": run.pages,
        "events": [event(change, run, instant_text(run.instant)) for change in changes],
    }
    return json.dumps(body, ensure_ascii=False).encode()


@dataclass(frozen=True)
class Files:
    """A folder per run under `directory` (docs/sync.md, "Files")."""

    directory: Path
    file_format: str  # "csv" or "parquet"
    key_column: str
    integer_keys: bool  # the type of the key column in Parquet files
    labels: dict[str, tuple[str, ...]]  # each partition's labels

    @property
    def identity(self) -> str:
        return f"dir:{self.directory.resolve()}"

    @property
    def description(self) -> str:
        return str(self.directory)

    def folder(self, run: Run) -> Path:
        return self.directory / f"{run.number:06d}_{run.instant.strftime('%Y%m%dT%H%M%SZ')}"

    def deliver(self, state: SyncState, run: Run, on_page: OnPage) -> None:
        folder = self.folder(run)
        if folder.exists():
            # Written by an earlier attempt whose end was not recorded, or by another state.
            if _run_id_in(folder) != run.run_id:
                raise EngineError(
                    f"{folder} exists and holds no delivery of this state's run {run.number}",
                    hint="move it away, or give this sync another --to-dir",
                )
            on_page(run, 1)
            return
        if self.file_format == "parquet":
            require_pyarrow("segdsl sync")
        with atomic_directory(folder) as temp:
            counts = self._write(temp, state.changes(run), run)
            manifest = {
                "run": run.run_id,
                "run_number": run.number,
                "mode": run.mode,
                "instant": instant_text(run.instant),
                "segments": list(run.segments),
                "partitions": {name: list(self.labels.get(name, ())) for name in run.partitions},
                "changes": counts,
            }
            text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
            (temp / RUN_FILE).write_text(text, encoding="utf-8")
        on_page(run, 1)

    def _write(self, folder: Path, changes: Iterator[Change], run: Run) -> dict[str, int]:
        """Write events.ndjson and an entered and an exited file per segment and label; the
        changes arrive grouped by segment, label and kind. Returns each file's row count."""
        counts = {name: 0 for name in self._expected(run)}
        group: tuple[str, str, str] | None = None
        keys: list[Any] = []
        instant = instant_text(run.instant)
        with (folder / EVENTS_FILE).open("w", encoding="utf-8") as events:
            for change in changes:
                events.write(json.dumps(event(change, run, instant), ensure_ascii=False) + "\n")
                current = (change.segment, change.label, change.kind)
                if current != group:
                    if group is not None:
                        counts[self._flush(folder, run, group, keys)] = len(keys)
                    group, keys = current, []
                keys.append(change.key)
            if group is not None:
                counts[self._flush(folder, run, group, keys)] = len(keys)
        for name, count in counts.items():
            if count == 0:
                self._write_keys(folder / name, [])
        return dict(sorted(counts.items()))

    def _expected(self, run: Run) -> list[str]:
        """The files every run has, empty or not: one per segment and partition label."""
        groups = [(name, "") for name in run.segments]
        groups += [(name, label) for name in run.partitions for label in self.labels.get(name, ())]
        return [
            self.file_name(run, segment, label, kind)
            for segment, label in groups
            for kind in (ENTERED, EXITED)
        ]

    def file_name(self, run: Run, segment: str, label: str, kind: str) -> str:
        """`vip.entered.csv`; `lifecycle=lead.entered.csv` for a partition's label (percent-
        encoded, so that any label makes one safe file name)."""
        base = f"{segment}={quote(label, safe='')}" if segment in run.partitions else segment
        return f"{base}.{kind}.{self.file_format}"

    def _flush(self, folder: Path, run: Run, group: tuple[str, str, str], keys: list[Any]) -> str:
        name = self.file_name(run, *group)
        self._write_keys(folder / name, keys)
        return name

    def _write_keys(self, path: Path, keys: list[Any]) -> None:
        if self.file_format == "csv":
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow([self.key_column])
                writer.writerows([key] for key in keys)
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        kind = pa.int64() if self.integer_keys else pa.string()
        pq.write_table(pa.table({self.key_column: pa.array(keys, kind)}), str(path))


def _run_id_in(folder: Path) -> str | None:
    try:
        manifest = json.loads((folder / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest.get("run") if isinstance(manifest, dict) else None


@dataclass(frozen=True)
class Delivered:
    """A run delivered by one `sync`; `resumed`: planned by an earlier, unfinished sync."""

    run: Run
    resumed: bool


def sync(
    database: Database,
    schema: Schema,
    module: ir.CheckedModule,
    state: SyncState,
    destination: Destination,
    instant: dt.datetime,
    *,
    page_size: int = 1000,
    full_resync: bool = False,
    on_page: OnPage = lambda run, page: None,
) -> list[Delivered]:
    """Deliver to `destination` what changed in `module`'s segments and partitions since its
    last delivery, as of `instant` (the full membership on the first run, or with
    `full_resync`). A run left pending by an earlier sync is finished first (a full resync
    replaces it instead)."""
    delivered: list[Delivered] = []
    pending = state.pending_run(destination.identity)
    if pending is not None and full_resync:
        state.supersede(pending)
    elif pending is not None:
        destination.deliver(state, pending, on_page)
        state.complete(pending)
        delivered.append(Delivered(pending, resumed=True))
        names = (tuple(module.segments), tuple(module.partitions))
        if pending.instant == instant and (pending.segments, pending.partitions) == names:
            return delivered
    run = state.plan_run(
        destination.identity,
        instant,
        list(module.segments),
        list(module.partitions),
        page_size,
        membership_rows(database, module, schema, instant),
        full=full_resync,
    )
    destination.deliver(state, run, on_page)
    state.complete(run)
    delivered.append(Delivered(run, resumed=False))
    return delivered
