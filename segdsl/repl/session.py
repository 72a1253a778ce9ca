"""`segdsl repl`: try conditions against real data. `ReplSession` holds the session's state and
turns one statement into its output, with or without a terminal (the front ends:
segdsl/repl/terminal.py at a terminal, segdsl/repl/script.py from a pipe)."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from segdsl.diagnostics import SegdslError, did_you_mean, render_all
from segdsl.repl.plans import plan_lines
from segdsl.runtime.engines import Database, EngineError
from segdsl.semantics import ir
from segdsl.semantics.schema import Schema
from segdsl.syntax import ast
from segdsl.syntax.lexicon import DEFINITION_KEYWORDS
from segdsl.tables import format_table

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
.why KEY            why the customer with this key is (or is not) in the last condition
.quit               leave (or Ctrl-D)"""


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

    # -- statements ------------------------------------------------------------------------

    def execute(self, statement: str) -> str:
        text = statement.strip().removesuffix(";").strip()
        if not text:
            return ""
        try:
            if text.startswith("."):
                return self._meta(text)
            if text.split(None, 1)[0] in DEFINITION_KEYWORDS:
                return self._define(text)
            return self._condition(text)
        except SegdslError as error:
            return render_all(error.diagnostics)
        except EngineError as error:
            hint = f"\n  = help: {error.hint}" if error.hint else ""
            return f"error: {error}{hint}"

    def module(self, extra: str = "") -> ast.Module:
        from segdsl.syntax.parser import parse_module

        return parse_module("\n".join([*self.definitions.values(), extra]), "<repl>")

    def _define(self, text: str) -> str:
        from segdsl.api import check_module
        from segdsl.syntax.parser import parse_module

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
        from segdsl.api import check

        condition = check(text, self.schema, module=self.module())
        self.last_text, self.last_condition = text, condition
        if self.database is None:
            return "ok (no database: .sql shows the SQL)"
        started = time.perf_counter()
        count, rows, total, columns = self._members(condition)
        elapsed = time.perf_counter() - started
        share = f"{100 * count / total:.1f}%" if total else "–"
        lines = [f"{count:,} members ({share} of {total:,} customers) in {elapsed * 1000:.0f} ms"]
        if rows:
            lines.append(format_table(columns, rows))
        return "\n".join(lines)

    def _members(self, condition: ir.Cond) -> tuple[int, list[tuple[Any, ...]], int, list[str]]:
        from segdsl.runtime.analytics import Measure, sizes
        from segdsl.sql.compiler import members_query
        from segdsl.sql.dialects import DIALECTS

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
            ".why": self._why,
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
        from segdsl.api import compile_sql

        return compile_sql(
            self._need_condition(),
            self.schema,
            dialect=argument or self.dialect,
            as_of=self.as_of,
            pretty=True,
        )

    def _dialect(self, argument: str) -> str:
        from segdsl.api import resolve_dialect

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
        hints = did_you_mean(argument, [*schema.all_names(), *self.definitions])
        return f"unknown name '{argument}'" + (f"; {hints[0]}" if hints else "")

    def _load(self, argument: str) -> str:
        from segdsl.api import check_module, parse_file

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
        from segdsl.files import atomic_write_text

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
        from segdsl.syntax.parser import parse_module, read_source

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
        atomic_write_text(path, existing + separator + definition)
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
        from segdsl.sql.compiler import members_query
        from segdsl.sql.dialects import DIALECTS

        condition = self._need_condition()
        if self.database is None:
            raise EngineError("no database: .explain needs one", hint="start with --db")
        dialect = DIALECTS[self.database.dialect]
        sql = dialect.sql(members_query(condition, self.schema, dialect, self.as_of))
        result = self.database.plan(sql)
        rows = [tuple(row) for batch in result.batches for row in batch]
        width = shutil.get_terminal_size().columns
        return "\n".join(plan_lines(self.database.dialect, result.columns, rows, width))

    def _history(self, argument: str) -> str:
        from segdsl.runtime.analytics import Measure, history
        from segdsl.runtime.charts import sparkline

        condition = self._need_condition()
        if self.database is None:
            raise EngineError("no database: .history needs one", hint="start with --db")
        steps = int(argument) if argument.isdigit() and int(argument) > 0 else 6
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        as_of = self.as_of or now
        at = history_instants(as_of, steps)
        series = history(self.database, self.schema, [Measure("it", condition)], at)
        counts = [point.counts["it"] for point in series]
        lines = [
            f"{_history_label(instant, self.as_of):<16}"
            f"{instant.isoformat(sep=' ', timespec='seconds')}  {count:>10,}"
            for instant, count in zip(at, counts, strict=True)
        ]
        return "\n".join([*lines, sparkline(counts)])

    def _why(self, argument: str) -> str:
        from segdsl.runtime.why import explain
        from segdsl.runtime.why_render import why_text

        condition = self._need_condition()
        if self.database is None:
            raise EngineError("no database: .why needs one", hint="start with --db")
        if not argument:
            raise EngineError("whose? give a customer's key", hint=".why 42")
        found = explain(
            self.database, self.schema, condition, "<expr>", argument, self.as_of, given_in=".why"
        )
        return why_text(found)


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


# What the REPL prints when Ctrl-C stopped a statement (the engine has cancelled its query).
CANCELLED = "cancelled"
