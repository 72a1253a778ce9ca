"""`segdsl sync` (docs/sync.md) and `segdsl dbt` (docs/dbt.md): segments delivered where they are
used, as changes to files or a webhook, or as dbt models."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import TYPE_CHECKING

import click

from segdsl import errors
from segdsl.cli.common import (
    checked_file,
    db_option,
    handle_errors,
    open_database,
    parse_as_of,
    project_settings,
    resolve_dialect,
    schema_for,
    schema_option,
    timeout_option,
    unknown_definition,
)
from segdsl.diagnostics import Diagnostic, SegdslError

if TYPE_CHECKING:
    from segdsl.semantics import ir


def _positive_seconds(_ctx: click.Context, _param: click.Parameter, value: float) -> float:
    if not (math.isfinite(value) and value >= 0):
        raise click.BadParameter("must be a number of seconds, like 30 or 0.5")
    return value


def _webhook_url(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    from segdsl.runtime.webhook import check_url

    problem = None if value is None else check_url(value)
    if problem is not None:
        raise click.BadParameter(problem)
    return value


def _same_duckdb_file(state: str, db: str | None) -> bool:
    """Whether the state would be the DuckDB file the segments are read from."""
    if db is None or "://" in state or "://" in db or db == ":memory:":
        return False
    return Path(state).resolve() == Path(db).resolve()


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--segment",
    "names",
    multiple=True,
    metavar="NAME",
    help="Sync this segment or partition (repeat for more; default: all of FILE).",
)
@schema_option
@db_option
@click.option(
    "--as-of",
    "as_of",
    metavar="TS",
    help="The run's UTC instant (default: now, to the second).",
)
@click.option(
    "--state",
    required=True,
    metavar="PATH_OR_URL",
    help="Where the last delivered membership is kept: a DuckDB file, sqlite:///PATH or a "
    "postgresql:// URL (segdsl creates its own segdsl_sync_* tables there).",
)
@click.option(
    "--to-dir",
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Write each run into a new folder of DIR: entered and exited files per segment and "
    "label, and events.ndjson.",
)
@click.option("--webhook", metavar="URL", callback=_webhook_url, help="POST pages of events.")
@click.option(
    "--file-format",
    type=click.Choice(["csv", "parquet"]),
    default="csv",
    show_default=True,
    help="Format of the entered and exited files (--to-dir).",
)
@click.option(
    "--page-size",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Events per webhook request.",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0, max=100),
    default=5,
    show_default=True,
    help="Retries of a webhook request that failed in a way that may pass.",
)
@click.option(
    "--backoff",
    type=float,
    default=0.5,
    show_default=True,
    callback=_positive_seconds,
    metavar="SECONDS",
    help="Wait before the first retry; doubled before each next one.",
)
@click.option(
    "--max-backoff",
    type=float,
    default=30.0,
    show_default=True,
    callback=_positive_seconds,
    metavar="SECONDS",
    help="Longest wait between retries.",
)
@click.option(
    "--request-timeout",
    type=float,
    default=30.0,
    show_default=True,
    callback=_positive_seconds,
    metavar="SECONDS",
    help="How long a webhook request may take.",
)
@click.option("--full-resync", is_flag=True, help="Deliver the full membership, not the changes.")
@timeout_option
@handle_errors
def sync(
    file: str,
    names: tuple[str, ...],
    schema_path: str | None,
    db: str | None,
    as_of: str | None,
    state: str,
    to_dir: str | None,
    webhook: str | None,
    file_format: str,
    page_size: int,
    retries: int,
    backoff: float,
    max_backoff: float,
    request_timeout: float,
    full_resync: bool,
    timeout: float | None,
) -> None:
    """Deliver who entered and who exited each segment and partition label of FILE since the
    last sync to the same destination: the full membership on the first run. The state
    advances only once the delivery succeeded; a sync that failed or was interrupted is run
    again and delivers what is missing, once."""
    from segdsl.runtime.sync import Destination, Files, Webhook, chosen
    from segdsl.runtime.sync import sync as run_sync
    from segdsl.runtime.syncstate import SyncState
    from segdsl.runtime.webhook import Retries
    from segdsl.semantics import types as t

    if (to_dir is None) == (webhook is None):
        raise click.UsageError("give one destination: --to-dir DIR or --webhook URL")
    if not request_timeout:
        raise click.BadParameter("must be above 0", param_hint="'--request-timeout'")
    project = project_settings()
    if _same_duckdb_file(state, db or project.db):
        raise SegdslError(
            [
                Diagnostic(
                    errors.E630,
                    f"the sync state {state} is the DuckDB database the segments are read from",
                    None,
                    hints=(
                        "DuckDB opens a file either read-only or for writing: keep the state "
                        "in a file of its own, such as sync-state.duckdb",
                    ),
                )
            ]
        )
    instant = parse_as_of(as_of) or dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    schema = schema_for(schema_path, project)
    checked = checked_file(file, schema)
    for name in names:
        if name not in checked.segments and name not in checked.partitions:
            raise unknown_definition(file, name, checked)
    module = chosen(checked, names)
    if not module.segments and not module.partitions:
        raise click.UsageError(f"{file} defines no segment or partition to sync")
    destination: Destination
    if webhook is not None:
        policy = Retries(retries + 1, backoff, max(backoff, max_backoff), request_timeout)
        destination = Webhook(webhook, policy)
    else:
        assert to_dir is not None
        if not Path(to_dir).is_dir():
            raise click.BadParameter(f"folder {to_dir} does not exist", param_hint="'--to-dir'")
        labels = {name: _labels(partition.value) for name, partition in module.partitions.items()}
        integer_keys = schema.attributes[schema.key].type.kind is t.Kind.INT
        destination = Files(Path(to_dir), file_format, schema.key, integer_keys, labels)
    with (
        SyncState(state) as sync_state,
        open_database(db, project, timeout, schema) as database,
    ):
        delivered = run_sync(
            database,
            schema,
            module,
            sync_state,
            destination,
            instant,
            page_size=page_size,
            full_resync=full_resync,
        )
    for item in delivered:
        run = item.run
        kind = "full list" if run.mode == "full" else "changes"
        resumed = ", resumed" if item.resumed else ""
        where = (
            str(destination.folder(run))
            if isinstance(destination, Files)
            else f"{destination.description} in {run.pages} page{'s' * (run.pages != 1)}"
        )
        click.echo(
            f"run {run.number} as of {run.instant.isoformat(sep=' ')} ({kind}{resumed}): "
            f"{run.changes:,} event{'s' * (run.changes != 1)} delivered to {where}"
        )


def _labels(partition: ir.PartitionRef) -> tuple[str, ...]:
    """Every label of a partition, in its order."""
    labels = [label for label, _ in partition.arms]
    return tuple(dict.fromkeys([*labels, partition.otherwise]))


@click.command("dbt")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="The folder of the models, such as models/segments (created if missing).",
)
@schema_option
@click.option(
    "--dialect",
    metavar="D",
    help="The dbt adapter's SQL dialect (default: from segdsl.toml, else duckdb).",
)
@click.option(
    "--name",
    metavar="NAME",
    help="The membership model's name, and the prefix of the segments' (default: FILE's name).",
)
@click.option(
    "--source-name",
    default="segdsl",
    show_default=True,
    metavar="NAME",
    help="The dbt source the schema's tables are declared in.",
)
@click.option("--prune", is_flag=True, help="Delete models generated earlier for removed segments.")
@handle_errors
def dbt_command(
    file: str,
    out: str,
    schema_path: str | None,
    dialect: str | None,
    name: str | None,
    source_name: str,
    prune: bool,
) -> None:
    """Write dbt models for FILE: one per segment (its members' keys), one for the membership
    table (a 1/0 column per segment, the label per partition), and a properties file with the
    schema's tables as dbt sources. The instant is the dbt variable segdsl_as_of (default: when
    the dbt run started)."""
    import re

    from segdsl.runtime.dbt import write_models
    from segdsl.sql.dbt import dbt_files
    from segdsl.sql.dialects import DIALECTS

    project = project_settings()
    model_name = name or Path(file).stem
    for option, value in (("'--name'", model_name), ("'--source-name'", source_name)):
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
            raise click.BadParameter(
                f"'{value}' is not a dbt name: letters, digits and _, not starting with a digit",
                param_hint=option,
            )
    schema = schema_for(schema_path, project)
    checked = checked_file(file, schema)
    sql_dialect = DIALECTS[resolve_dialect(dialect, project)]
    files = dbt_files(checked, schema, sql_dialect, model_name, source_name, Path(file).name)
    result = write_models(Path(out), files, model_name, prune)
    click.echo(
        f"{len(files)} files in {out}: {len(result.written)} written, "
        f"{len(result.unchanged)} unchanged"
    )
    for stale in result.stale:
        click.echo(f"no longer generated: {Path(out) / stale} (delete it, or pass --prune)")
    for deleted in result.deleted:
        click.echo(f"deleted {Path(out) / deleted}: no longer generated")
