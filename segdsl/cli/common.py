"""What every command shares: error handling and exit codes, the project's settings, the schema,
the database, the options, and the conditions a command evaluates."""

from __future__ import annotations

import datetime as dt
import functools
import math
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from segdsl import errors
from segdsl.cli.output import print_errors
from segdsl.diagnostics import Diagnostic, EngineError, SegdslError, did_you_mean
from segdsl.limits import use_limits
from segdsl.project import Project, project_for
from segdsl.semantics import ir
from segdsl.semantics.schema import with_time_zone
from segdsl.semantics.types import utc_instant

if TYPE_CHECKING:
    from segdsl.runtime.analytics import Measure
    from segdsl.runtime.engines import Database
    from segdsl.semantics.schema import Schema


F = TypeVar("F", bound=Callable[..., Any])


def use_color(stream: Any) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)())


class Terminated(BaseException):
    """A termination signal, raised where the program stands so that `finally` blocks (such as
    the removal of a half-written output file) run before it exits. A BaseException, like
    KeyboardInterrupt, so that no `except Exception` swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, _frame: object) -> None:
    raise Terminated(signum)


# SIGINT already raises KeyboardInterrupt; these would otherwise end the process on the spot.
_TERMINATION_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def handle_errors(func: F) -> F:
    """Turn every expected failure into a located message and a non-zero exit: on stderr, or
    as JSON on stdout when the command was given `--format json`."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        for number in _TERMINATION_SIGNALS:
            signal.signal(number, _terminate)
        try:
            return func(*args, **kwargs)
        except SegdslError as error:
            print_errors(error.diagnostics, kwargs.get("output_format"), use_color(sys.stderr))
            sys.exit(1)
        except EngineError as error:
            print_errors([error.diagnostic], kwargs.get("output_format"), use_color(sys.stderr))
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(128 + signal.SIGINT)
        except Terminated as stop:
            click.echo(f"stopped by {signal.Signals(stop.signum).name}", err=True)
            sys.exit(128 + stop.signum)
        except RecursionError:
            # Only reachable with limits raised above the defaults (docs/language.md, Limits).
            click.echo(
                "error: this input nests too deeply for segdsl to process; lower `depth` or "
                "`reference_depth` under [limits] in segdsl.toml",
                err=True,
            )
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def parse_as_of(value: str | None) -> dt.datetime | None:
    """`2026-11-01`, `2026-11-01T08:00:00`, `…Z` or `…+02:00` → a naive UTC instant."""
    if value is None:
        return None
    text = value.strip()
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(
            f"'{value}' is not an ISO date or timestamp (e.g. 2026-11-01T00:00:00)",
            param_hint="'--as-of'",
        ) from None
    return utc_instant(parsed)


@dataclass(frozen=True)
class Target:
    """What a command evaluates: one named (or anonymous) condition, and the checked FILE whose
    segments and partitions it may use."""

    name: str
    condition: ir.Cond
    checked: ir.CheckedModule | None


def project_settings(*paths: str | None) -> Project:
    """The project of a command given `paths` (its FILE or PATH arguments; the rule is
    `project_for`'s, the same for every command), with its [limits] in force."""
    project = project_for(paths)
    use_limits(project.limits)
    return project


def schema_for(option: str | None, project: Project) -> Schema:
    from segdsl.api import load_schema

    path = Path(option) if option else project.schema
    if path is None:
        raise SegdslError(
            [
                Diagnostic(
                    errors.E603,
                    "no schema given",
                    None,
                    hints=(
                        'pass --schema schema.yaml, or add `schema = "schema.yaml"` to a '
                        "segdsl.toml in the folder of the first FILE (else the current folder) "
                        "or above",
                    ),
                )
            ]
        )
    origin = f"the `time_zone` of {project.path}"
    return with_time_zone(load_schema(path), project.time_zone, origin)


def expression_target(
    expr: str | None, file: str | None, segment: str | None, schema: Schema
) -> Target:
    """The condition of `-e EXPR`, with the segments and partitions of FILE, when given, in
    scope (as the REPL's `.load` puts them). Errors in FILE are located in FILE, errors in EXPR
    in `<expr>`."""
    from segdsl.api import check, check_module, parse_file
    from segdsl.syntax.parser import parse_expression

    if expr is None:
        raise click.UsageError("give a condition with -e EXPR or a segment FILE")
    if segment is not None:
        raise click.UsageError("--segment picks a segment of a FILE; it does not apply to -e")
    module = None if file is None else parse_file(file)
    checked = None if module is None else check_module(module, schema)
    condition = check(parse_expression(expr, "<expr>"), schema, module=module)
    return Target("<expr>", condition, checked)


def unknown_definition(file: str, name: str, checked: ir.CheckedModule) -> SegdslError:
    names = [*checked.segments, *checked.partitions]
    return SegdslError(
        [
            Diagnostic(
                errors.E604,
                f"{file} has no segment or partition '{name}'",
                None,
                hints=did_you_mean(name, names) or ("defined: " + ", ".join(names),),
            )
        ]
    )


def resolve_dialect(option: str | None, project: Project) -> str:
    """The dialect of `--dialect`, else of the project file, else DuckDB; an unknown one is
    E601, as in the Python API."""
    from segdsl.api import resolve_dialect as dialect_named

    name = option or project.dialect or "duckdb"
    try:
        return dialect_named(name).name
    except SegdslError as error:
        if option is not None or project.path is None:
            raise
        named_in = f"(the `dialect` of {project.path})"
        raise SegdslError(
            [replace(d, message=f"{d.message} {named_in}") for d in error.diagnostics]
        ) from None


schema_option = click.option(
    "--schema", "schema_path", metavar="S", help="Schema file (default: from segdsl.toml)."
)
db_option = click.option(
    "--db",
    metavar="PATH_OR_URL",
    help="DuckDB file, or a database URL: postgresql://, sc://, clickhouse://, … (docs: engines)",
)


def _seconds(_ctx: click.Context, _param: click.Parameter, value: float | None) -> float | None:
    if value is not None and not (math.isfinite(value) and value > 0):
        raise click.BadParameter("must be a positive number of seconds, like 30 or 0.5")
    return value


timeout_option = click.option(
    "--timeout", type=float, metavar="SECONDS", callback=_seconds, help="Statement timeout."
)
format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
expr_option = click.option("-e", "--expr", "expr", metavar="EXPR", help="A condition to use.")
segment_option = click.option("--segment", metavar="NAME", help="Pick one segment of FILE.")
as_of_option = click.option(
    "--as-of",
    "as_of",
    metavar="TS",
    help="Evaluate as of this UTC instant (default: the engine's current time).",
)


def open_database(
    db: str | None, project: Project, timeout: float | None, schema: Schema
) -> Database:
    """The database, whose tables are checked against `schema` before the first query."""
    from segdsl.runtime.engines import connect

    target = db or project.db
    if target is None:
        raise click.UsageError(
            "no database given: pass --db PATH_OR_URL or set `db` in segdsl.toml "
            "(try `segdsl demo` to build the example shop)"
        )
    return connect(target, statement_timeout=timeout, schema=schema)


def checked_file(file: str, schema: Schema) -> ir.CheckedModule:
    from segdsl.api import check_file

    return check_file(file, schema)


def measures_for(
    expr: str | None,
    file: str | None,
    segment: str | None,
    schema: Schema,
    checked: ir.CheckedModule | None = None,
) -> list[Measure]:
    """What a command counts: `-e EXPR` (FILE's segments in scope, when given), or a FILE's
    segments and partition labels (one segment or partition with --segment NAME). `checked`:
    the FILE, if already checked."""
    from segdsl.runtime.analytics import Measure, measures_of

    if expr is not None or file is None:
        target = expression_target(expr, file, segment, schema)
        return [Measure(target.name, target.condition)]
    checked = checked or checked_file(file, schema)
    found = measures_of(checked, segment)
    if not found:
        raise unknown_definition(file, segment or "", checked)
    return found
