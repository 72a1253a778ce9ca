"""`segdsl repl`: try conditions against real data. `ReplSession` holds the state and turns one
statement into its output (testable without a terminal); `run_interactive` is the
prompt_toolkit front end and `run_script` reads statements from a pipe."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from . import ast, ir
from .diagnostics import SegdslError, render_all
from .engines import Database, EngineError
from .schema import Schema
from .tables import format_table

HELP = """\
Type a condition to see how many customers match, who they are, and how long it took:
    purchases >= 2 and last_open < 30d and country in EU
Define segments to use by name later:   segment vip = top 10% by spend_365d
A statement ends when it is complete, at a blank line, or with ';'.

.help               this help
.sql [DIALECT]      the SQL of the last condition (default: the session's dialect)
.dialect [NAME]     show or set the dialect for .sql
.asof [TS|now]      show or set the as-of instant (now: the engine's clock)
.sample [N]         show or set how many members are shown
.schema [NAME]      the schema's names, or one name's type and description
.load FILE          load the segments of a .seg file
.save NAME [FILE]   append the last condition to FILE as `segment NAME` (default: last loaded)
.explain            the engine's plan for the last condition
.history [N]        sizes of the last condition at the last N month-ends (midnight UTC on
                    the 1st) and at the as-of instant (default N: 6)
.quit               leave (or Ctrl-D)"""


class QueryCancelled(Exception):
    """Ctrl-C stopped a running query; the engine has cancelled it."""


@dataclass
class ReplSession:
    """The REPL's state and its one entry point, `execute(statement) -> output`."""

    schema: Schema
    database: Database | None = None
    dialect: str = "duckdb"
    as_of: dt.datetime | None = None
    sample: int = 10
    definitions: dict[str, str] = field(default_factory=dict)  # name → definition text
    last_text: str | None = None
    last_condition: ir.Cond | None = None
    loaded_file: Path | None = None
    # Runs a blocking engine call; the terminal front end makes it interruptible (Ctrl-C).
    runner: Callable[[Callable[[], Any]], Any] = field(default=lambda call: call())

    # -- statements ------------------------------------------------------------------------

    def execute(self, statement: str) -> str:
        text = statement.strip().removesuffix(";").strip()
        if not text:
            return ""
        try:
            if text.startswith("."):
                return self._meta(text)
            if text.split(None, 1)[0] in ("segment", "partition"):
                return self._define(text)
            return self._condition(text)
        except SegdslError as error:
            return render_all(error.diagnostics)
        except EngineError as error:
            hint = f"\n  = help: {error.hint}" if error.hint else ""
            return f"error: {error}{hint}"

    def module(self, extra: str = "") -> ast.Module:
        from .syntax import parse_module

        return parse_module("\n".join([*self.definitions.values(), extra]), "<repl>")

    def _define(self, text: str) -> str:
        from .api import check_module
        from .syntax import parse_module

        new = parse_module(text, "<repl>")
        names = [d.name for d in new.definitions]
        kept = {n: t for n, t in self.definitions.items() if n not in names}
        candidate = dict(kept)
        for definition in new.definitions:
            candidate[definition.name] = definition.span.text
        check_module("\n".join(candidate.values()), self.schema, name="<repl>")
        self.definitions = candidate
        return "defined " + ", ".join(names)

    def _condition(self, text: str) -> str:
        from .api import check

        condition = check(text, self.schema, module=self.module())
        self.last_text, self.last_condition = text, condition
        if self.database is None:
            return "ok (no database: .sql shows the SQL)"
        started = time.perf_counter()
        count, rows, total, columns = self.runner(lambda: self._members(condition))
        elapsed = time.perf_counter() - started
        share = f"{100 * count / total:.1f}%" if total else "–"
        lines = [f"{count:,} members ({share} of {total:,} customers) in {elapsed * 1000:.0f} ms"]
        if rows:
            lines.append(format_table(columns, rows))
        return "\n".join(lines)

    def _members(self, condition: ir.Cond) -> tuple[int, list[tuple[Any, ...]], int, list[str]]:
        from .analytics import Measure, sizes
        from .compiler import members_query
        from .dialects import DIALECTS

        assert self.database is not None
        dialect = DIALECTS[self.database.dialect]
        shown = [
            name
            for name, column in self.schema.attributes.items()
            if not column.pii and name != self.schema.key
        ]
        extra = tuple(self.schema.attributes[n].column for n in shown)
        query = members_query(condition, self.schema, dialect, self.as_of, extra)
        batches = self.database.query(dialect.sql(query)).batches
        try:
            everyone = (tuple(row) for batch in batches for row in batch)
            rows = list(itertools.islice(everyone, self.sample))
        finally:
            # Stop reading now: the engine frees the result before the next query runs.
            if isinstance(batches, Generator):
                batches.close()
        result = sizes(self.database, self.schema, [Measure("it", condition)], self.as_of)
        rows.sort(key=lambda r: (r[0] is None, r[0]))
        return result.counts["it"], rows, result.total, [self.schema.key, *shown]

    # -- meta commands ---------------------------------------------------------------------

    def _meta(self, text: str) -> str:
        command, _, argument = text.partition(" ")
        argument = argument.strip()
        handlers: dict[str, Callable[[str], str]] = {
            ".help": lambda _: HELP,
            ".sql": self._sql,
            ".dialect": self._dialect,
            ".asof": self._asof,
            ".sample": self._sample,
            ".schema": self._schema,
            ".load": self._load,
            ".save": self._save,
            ".explain": self._explain,
            ".history": self._history,
        }
        if command in (".quit", ".exit", ".q"):
            raise EOFError
        handler = handlers.get(command)
        if handler is None:
            known = ", ".join([*handlers, ".quit"])
            return f"unknown command {command}; commands: {known} (.help explains them)"
        return handler(argument)

    def _need_condition(self) -> ir.Cond:
        if self.last_condition is None:
            raise EngineError("no condition yet: type one first")
        return self.last_condition

    def _sql(self, argument: str) -> str:
        from .api import compile_sql

        return compile_sql(
            self._need_condition(),
            self.schema,
            dialect=argument or self.dialect,
            as_of=self.as_of,
            pretty=True,
        )

    def _dialect(self, argument: str) -> str:
        from .api import resolve_dialect

        if argument:
            self.dialect = resolve_dialect(argument).name
        return f"dialect: {self.dialect}"

    def _asof(self, argument: str) -> str:
        if argument == "now":
            self.as_of = None
        elif argument:
            try:
                parsed = dt.datetime.fromisoformat(argument.replace("Z", "+00:00"))
            except ValueError:
                raise EngineError(
                    f"'{argument}' is not an ISO date or timestamp", hint=".asof 2026-11-01"
                ) from None
            if parsed.tzinfo is not None:
                parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
            self.as_of = parsed
        shown = self.as_of.isoformat(sep=" ") if self.as_of else "now (the engine's clock)"
        return f"as of: {shown}"

    def _sample(self, argument: str) -> str:
        if argument:
            if not argument.isdigit():
                raise EngineError(f"'{argument}' is not a number of rows", hint=".sample 20")
            self.sample = int(argument)
        return f"sample: {self.sample} rows"

    def _schema(self, argument: str) -> str:
        schema = self.schema
        if not argument:
            parts = [
                ("attributes", list(schema.attributes)),
                ("metrics", list(schema.metrics)),
                ("event streams", list(schema.events)),
                ("sets", list(schema.sets)),
                ("segments", list(self.definitions)),
            ]
            return "\n".join(f"{label}: {', '.join(names) or '–'}" for label, names in parts)
        if argument in schema.attributes:
            column = schema.attributes[argument]
            flags = [f for f, on in (("pii", column.pii), ("deprecated", column.deprecated)) if on]
            extra = f" ({', '.join(flags)})" if flags else ""
            description = f"\n{column.description}" if column.description else ""
            return f"{argument}: attribute, {column.type}{extra}{description}"
        if argument in schema.metrics:
            metric = schema.metrics[argument]
            return f"{argument}: metric = {metric.span.text if metric.span else ''}"
        if argument in schema.events:
            stream = schema.events[argument]
            fields = ", ".join(f"{n} {c.type}" for n, c in stream.fields.items())
            return f"{argument}: events in {stream.table} (time: {stream.time}): {fields}"
        if argument in schema.sets:
            return f"{argument}: set of {len(schema.sets[argument].values)}: " + ", ".join(
                str(v) for v in schema.sets[argument].values
            )
        if argument in self.definitions:
            return self.definitions[argument]
        from .schema import did_you_mean

        hints = did_you_mean(argument, [*schema.all_names(), *self.definitions])
        return f"unknown name '{argument}'" + (f"; {hints[0]}" if hints else "")

    def _load(self, argument: str) -> str:
        from .api import check_module, parse_file

        if not argument:
            raise EngineError("which file?", hint=".load segments.seg")
        path = Path(argument).expanduser()
        module = parse_file(path)
        check_module(module, self.schema)
        for definition in module.definitions:
            self.definitions[definition.name] = definition.span.text
        self.loaded_file = path
        return f"loaded {len(module.definitions)} definitions from {path}"

    def _save(self, argument: str) -> str:
        from .files import OutputError, atomic_write_text

        condition_text = self.last_text
        self._need_condition()
        parts = argument.split()
        if not parts:
            raise EngineError("name the segment", hint=".save loyal_eu [segments.seg]")
        name = parts[0]
        path = Path(parts[1]) if len(parts) > 1 else self.loaded_file
        if path is None:
            raise EngineError("which file?", hint=f".save {name} segments.seg")
        definition = f"segment {name} =\n    {condition_text}\n"
        self._define(definition)
        from .syntax import parse_module, read_source

        existing = read_source(path) if path.exists() else ""
        # Segments defined in this session that the condition uses go into the file too.
        in_file = {d.name for d in parse_module(existing, str(path)).definitions}
        used = self._session_segments_used(self._need_condition())
        needed = [self.definitions[n] for n in used if n not in in_file and n != name]
        definition = "".join(f"{text}\n\n" for text in needed) + definition
        separator = (
            ""
            if not existing or existing.endswith("\n\n")
            else ("\n" if existing.endswith("\n") else "\n\n")
        )
        try:
            atomic_write_text(path, existing + separator + definition)
        except OutputError as error:
            raise EngineError(str(error)) from None
        return f"saved segment {name} to {path}"

    def _session_segments_used(self, condition: ir.Cond) -> list[str]:
        """Names of session definitions the condition refers to, dependencies first."""
        order: list[str] = []
        for node in reversed(list(ir.walk(condition))):
            if not isinstance(node, ir.SegmentRef | ir.PartitionRef):
                continue
            if node.name in self.definitions and node.name not in order:
                order.append(node.name)
        return order

    def _explain(self, argument: str) -> str:
        from .compiler import members_query
        from .dialects import DIALECTS

        condition = self._need_condition()
        if self.database is None:
            raise EngineError("no database: .explain needs one", hint="start with --db")
        database = self.database
        dialect = DIALECTS[database.dialect]
        sql = dialect.sql(members_query(condition, self.schema, dialect, self.as_of))

        def read_plan() -> tuple[list[str], list[tuple[Any, ...]]]:
            result = database.plan(sql)
            return result.columns, [tuple(row) for batch in result.batches for row in batch]

        columns, rows = self.runner(read_plan)
        lines = PLAN_RENDERERS[database.dialect](columns, rows)
        width = shutil.get_terminal_size().columns
        return "\n".join(_trim(line, width) for line in lines)

    def _history(self, argument: str) -> str:
        from .analytics import Measure, history, sparkline

        condition = self._need_condition()
        if self.database is None:
            raise EngineError("no database: .history needs one", hint="start with --db")
        steps = int(argument) if argument.isdigit() and int(argument) > 0 else 6
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        as_of = self.as_of or now
        at = history_instants(as_of, steps)
        database = self.database
        series = self.runner(lambda: history(database, self.schema, [Measure("it", condition)], at))
        counts = [point.counts["it"] for point in series]
        lines = [
            f"{_history_label(instant, self.as_of):<16}"
            f"{instant.isoformat(sep=' ', timespec='seconds')}  {count:>10,}"
            for instant, count in zip(at, counts, strict=True)
        ]
        return "\n".join([*lines, sparkline(counts)])


def history_instants(as_of: dt.datetime, months: int) -> list[dt.datetime]:
    """The instants `.history` measures: the last `months` month-ends at or before `as_of`
    (a month ends at midnight UTC on the first of the next), then `as_of` itself unless it is
    one of them."""
    last = as_of.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    ends = [ir.shift(last, -1, ir.DurationConst(k, "mo")) for k in reversed(range(months))]
    return ends if _is_month_end(as_of) else [*ends, as_of]


def _history_label(instant: dt.datetime, as_of: dt.datetime | None) -> str:
    if _is_month_end(instant):
        return f"end of {ir.shift(instant, -1, ir.DurationConst(1, 'mo')):%Y-%m}"
    return "as of" if as_of is not None else "now"


def _is_month_end(instant: dt.datetime) -> bool:
    return instant == instant.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _trim(line: str, width: int) -> str:
    return line if len(line) <= width else line[: max(width - 1, 0)] + "…"


# Each engine's EXPLAIN rows (see `plan_prefix` in segdsl/engines.py) as lines of text.
PlanRenderer = Callable[[list[str], list[tuple[Any, ...]]], list[str]]


def _duckdb_plan(_columns: list[str], rows: list[tuple[Any, ...]]) -> list[str]:
    """DuckDB's JSON plan as an indented tree: each operator with its details on one line."""
    lines: list[str] = []

    def walk(node: dict[str, Any], depth: int) -> None:
        details = "; ".join(
            f"{key}: {' '.join(str(value).split())}"
            for key, value in node.get("extra_info", {}).items()
        )
        arrow = "-> " if depth else ""
        lines.append(
            f"{'   ' * depth}{arrow}{node['name']}" + (f"  ({details})" if details else "")
        )
        for child in node.get("children", []):
            walk(child, depth + 1)

    for row in rows:
        for node in json.loads(row[-1]):
            walk(node, 0)
    return lines


def _sqlite_plan(_columns: list[str], rows: list[tuple[Any, ...]]) -> list[str]:
    """SQLite's EXPLAIN QUERY PLAN rows (id, parent, unused, detail) as a tree."""
    depth: dict[int, int] = {0: -1}
    lines = []
    for node, parent, _unused, detail in rows:
        depth[node] = depth.get(parent, -1) + 1
        lines.append(f"{'   ' * depth[node]}{'-> ' if depth[node] else ''}{detail}")
    return lines


def _text_plan(_columns: list[str], rows: list[tuple[Any, ...]]) -> list[str]:
    """A plan that is already text, one line per row (PostgreSQL)."""
    return [str(row[0]) for row in rows]


def _tabular_plan(columns: list[str], rows: list[tuple[Any, ...]]) -> list[str]:
    """A plan that is a table, one row per table read (MySQL and MariaDB)."""
    return format_table(columns, rows).splitlines()


PLAN_RENDERERS: dict[str, PlanRenderer] = {
    "duckdb": _duckdb_plan,
    "sqlite": _sqlite_plan,
    "postgres": _text_plan,
    "mysql": _tabular_plan,
}


def is_complete(text: str) -> bool:
    """Whether a statement can run: meta commands and blank input always; otherwise it parses,
    or fails somewhere other than at its very end (that error is worth showing now)."""
    stripped = text.strip()
    if not stripped or stripped.startswith(".") or stripped.endswith(";"):
        return True
    from .syntax import parse_expression, parse_module

    first = stripped.split(None, 1)[0]
    # A definition or condition runs as soon as it parses; to continue it on the next line,
    # end the line where it cannot end (`and`, `=`, an open parenthesis).
    parse: Callable[[str, str], Any] = (
        parse_module if first in ("segment", "partition") else parse_expression
    )
    try:
        parse(stripped, "<repl>")
    except SegdslError as error:
        ends = [d.span.end for d in error.diagnostics if d.span is not None]
        at_end = any(end >= len(stripped) for end in ends)
        unterminated = stripped.count('"') % 2 == 1 or stripped.count("'") % 2 == 1
        return not (at_end or unterminated)
    return True


def statements(lines: Iterable[str]) -> Iterator[str]:
    """Split piped input into statements the way the prompt does."""
    buffer: list[str] = []
    for line in lines:
        if not line.strip():
            if buffer:
                yield "\n".join(buffer)
                buffer = []
            continue
        buffer.append(line.rstrip("\n"))
        if is_complete("\n".join(buffer)):
            yield "\n".join(buffer)
            buffer = []
    if buffer:
        yield "\n".join(buffer)


def run_script(session: ReplSession, source: TextIO, out: TextIO) -> int:
    """Non-interactive mode: one output block per statement; exit status 1 if any failed."""
    failed = False
    for statement in statements(source):
        try:
            output = session.execute(statement)
        except EOFError:
            break
        except QueryCancelled:
            out.write(f"{CANCELLED}\n")
            return 130  # as for any command stopped by Ctrl-C
        if output.startswith("error") or "error[" in output:
            failed = True
        if output:
            out.write(output + "\n")
    return 1 if failed else 0


def interruptible(database: Database | None) -> Callable[[Callable[[], Any]], Any]:
    """Run engine calls in a worker thread so that Ctrl-C can interrupt the engine."""

    def run(call: Callable[[], Any]) -> Any:
        outcome: dict[str, Any] = {}
        # Not `Thread.is_alive`: after a Ctrl-C inside `Thread.join`, Python 3.11 may report a
        # running thread as stopped, and the query would go on on the server.
        done = threading.Event()

        def work() -> None:
            try:
                outcome["value"] = call()
            except BaseException as error:  # handed back to the calling thread
                outcome["error"] = error
            finally:
                done.set()

        threading.Thread(target=work, daemon=True).start()
        try:
            while not done.wait(0.05):  # a timed wait: Python handles Ctrl-C in between
                pass
        except KeyboardInterrupt:
            # Interrupt until the worker stops: a call may run several queries in turn, and an
            # interrupt between two of them would be lost.
            deadline = time.monotonic() + 30
            while not done.is_set() and time.monotonic() < deadline:
                if database is not None:
                    database.interrupt()
                done.wait(0.2)
            raise QueryCancelled from None
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("value")

    return run


CANCELLED = "cancelled"


def status_line(session: ReplSession, database_label: str) -> str:
    """The bottom toolbar: schema, database and its engine, the dialect of .sql, as-of."""
    as_of = session.as_of.isoformat(sep=" ") if session.as_of else "now"
    schema = session.schema.path.name if session.schema.path else "schema"
    engine = session.database.engine if session.database else "none"
    return (
        f" schema: {schema} | db: {database_label} | engine: {engine}"
        f" | .sql dialect: {session.dialect} | as of: {as_of}"
    )


def history_path() -> Path:
    """Where the prompt history lives (SEGDSL_HISTORY overrides; XDG data home)."""
    override = os.environ.get("SEGDSL_HISTORY")
    if override:
        return Path(override)
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "segdsl" / "history"


def run_interactive(session: ReplSession, vi_mode: bool, database_label: str) -> None:
    """The prompt_toolkit front end."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory, InMemoryHistory
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
    from prompt_toolkit.lexers import PygmentsLexer

    from .completion import SegdslCompleter
    from .pygments_lexer import SegdslLexer

    bindings = KeyBindings()

    @bindings.add("enter")
    def _(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if is_complete(buffer.text) or buffer.text.endswith("\n"):
            buffer.validate_and_handle()
        else:
            buffer.insert_text("\n")

    path = history_path()
    history: FileHistory | InMemoryHistory
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        history = FileHistory(str(path))
    except OSError:
        history = InMemoryHistory()
    prompt: PromptSession[str] = PromptSession(
        message="segdsl> ",
        prompt_continuation="   ...> ",
        multiline=True,
        key_bindings=bindings,
        lexer=PygmentsLexer(SegdslLexer),
        completer=SegdslCompleter(session),
        complete_while_typing=False,
        history=history,
        bottom_toolbar=lambda: status_line(session, database_label),
        vi_mode=vi_mode,
    )
    print("segdsl repl — .help for commands, Ctrl-D to leave")
    while True:
        try:
            text = prompt.prompt()
        except KeyboardInterrupt:
            continue  # Ctrl-C clears the line
        except EOFError:
            return
        try:
            output = session.execute(text)
        except EOFError:
            return
        except (QueryCancelled, KeyboardInterrupt):
            # At the start of the line: over the `^C` that the terminal echoed.
            output = f"\r{CANCELLED}"
        if output:
            print(output)
