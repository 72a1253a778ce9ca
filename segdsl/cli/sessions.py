"""`segdsl repl` and `segdsl demo`: the interactive session and the example shop."""

from __future__ import annotations

import datetime as dt
import os
import shlex
import sys
from pathlib import Path

import click

from segdsl.cli.common import (
    as_of_option,
    db_option,
    handle_errors,
    measures_for,
    parse_as_of,
    project_settings,
    resolve_dialect,
    schema_for,
    schema_option,
    timeout_option,
)
from segdsl.cli.output import print_sizes
from segdsl.demo import DEMO_DATABASE
from segdsl.project import Project


@click.command()
@schema_option
@db_option
@click.option("--dialect", metavar="D", help="Dialect for .sql (default: the database's).")
@as_of_option
@click.option("--vi", is_flag=True, help="Vi key bindings (default: Emacs).")
@timeout_option
@handle_errors
def repl(
    schema_path: str | None,
    db: str | None,
    dialect: str | None,
    as_of: str | None,
    vi: bool,
    timeout: float | None,
) -> None:
    """Try conditions interactively: validity, member count, a sample, the SQL. Without a
    terminal, reads statements from stdin and prints one result each."""
    from segdsl.repl.script import run_script
    from segdsl.repl.session import ReplSession
    from segdsl.repl.terminal import run_interactive
    from segdsl.runtime.engines import connect

    project = project_settings()
    schema = schema_for(schema_path, project)
    target = db or project.db
    database = connect(target, statement_timeout=timeout, schema=schema) if target else None
    try:
        chosen = dialect or project.dialect or (database.dialect if database else "duckdb")
        session = ReplSession(
            schema,
            database,
            dialect=resolve_dialect(chosen, project),
            as_of=parse_as_of(as_of),
        )
        if not sys.stdin.isatty():
            sys.exit(run_script(session, sys.stdin, sys.stdout))
        try:
            import prompt_toolkit  # noqa: F401
        except ImportError:
            raise click.UsageError(
                "the interactive REPL needs prompt_toolkit: pip install 'segdsl[repl]'"
            ) from None
        label = database.display_name if database else "none (check and compile only)"
        run_interactive(session, vi, label)
    finally:
        if database is not None:
            database.close()


@click.command()
@click.option("--db", default=DEMO_DATABASE, show_default=True, help="Where to build the shop.")
@click.option("--customers", default=100_000, show_default=True, help="How many customers.")
@click.option("--seed", default=42, show_default=True, help="Seed of the data generator.")
@click.option("--anchor", metavar="DATE", help="The shop's 'today' (default: today, UTC).")
@handle_errors
def demo(db: str, customers: int, seed: int, anchor: str | None) -> None:
    """Build the example shop in a DuckDB file and show the size of every seed segment."""
    from segdsl.demo.builder import build_demo_database
    from segdsl.resources import data_path
    from segdsl.runtime.engines import connect

    instant = parse_as_of(anchor) or dt.datetime.now(dt.UTC).replace(
        tzinfo=None, hour=0, minute=0, second=0, microsecond=0
    )
    if customers < 1:
        raise click.BadParameter("must be at least 1", param_hint="'--customers'")
    path = Path(db)
    here = project_settings()  # the project `segdsl run` finds here, for the closing hint
    with click.progressbar(length=100, label="building the example shop", file=sys.stderr) as bar:
        done = 0

        def progress(step: str, finished: int, total: int) -> None:
            nonlocal done
            target = int(100 * finished / max(total, 1))
            bar.label = f"building the example shop: {step}"
            bar.update(max(0, target - done))
            done = max(done, target)

        counts = build_demo_database(
            path, customers=customers, seed=seed, anchor=instant, progress=progress
        )
    click.echo(
        f"built {path}: "
        + ", ".join(f"{table} {count:,}" for table, count in counts.items())
        + f" (as of {instant.isoformat(sep=' ')})\n"
    )
    schema_file = data_path("examples/shop/schema.yaml")
    segments_file = data_path("examples/shop/segments.seg")
    schema = schema_for(str(schema_file), Project())
    measures = measures_for(None, str(segments_file), None, schema)
    with connect(str(path)) as database:
        print_sizes(database, schema, measures, instant)
    click.echo(f"\nnext: {_run_command(here, schema_file, path, instant)}")


def _run_command(project: Project, schema_file: Path, database: Path, instant: dt.datetime) -> str:
    """A `segdsl run` on the new shop that runs as printed from the current folder: --schema and
    --db only where the folder's project does not name the shop's schema (the file or a copy)
    and the new database, each path as short as it can be written."""
    words = ["segdsl", "run", "-e", "purchases >= 2 and last_open < 30d and country in EU"]
    schema = project.schema
    if schema is None or not schema.is_file() or schema.read_bytes() != schema_file.read_bytes():
        words += ["--schema", _shortest_path(schema_file)]
    if project.db is None or Path(project.db).resolve() != database.resolve():
        words += ["--db", _shortest_path(database)]
    words += ["--as-of", instant.date().isoformat()]
    return shlex.join(words)


def _shortest_path(path: Path) -> str:
    """`path` relative to the current folder, or absolute when that is shorter."""
    absolute = str(path.resolve())
    relative = os.path.relpath(absolute)
    return relative if len(relative) <= len(absolute) else absolute
