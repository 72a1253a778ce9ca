"""The database is checked against the schema before any query: missing tables, missing columns
and column types that cannot hold the schema's type are located diagnostics at the schema entry
(E320, E321, E322), all at once, on every engine `segdsl run --db` connects to."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import duckdb
import pytest
from click.testing import CliRunner

import segdsl
from segdsl.cli import main
from segdsl.diagnostics import SegdslError
from segdsl.repl.session import ReplSession
from segdsl.runtime import dbcheck
from segdsl.runtime.dbcheck import Storage, storage_of
from segdsl.runtime.engines import EngineError, QueryResult, connect
from segdsl.semantics.reference import Dataset
from tests.conftest import SHOP_SCHEMA
from tests.support import history_fixture
from tests.support.backends import (
    DBAPIBackend,
    DuckDBBackend,
    MariaDBBackend,
    PostgresBackend,
    SQLiteBackend,
    dataset_from_rows,
    require_service,
)
from tests.support.generators import every_stream_of_existing, of_existing_customers
from tests.support.shop_fixture import AS_OF

# The shop without its channels (its last section): some variants retype `consent_email`, which
# the email channel's consent rule uses as a condition.
SHOP = Path(SHOP_SCHEMA).read_text().partition("\nchannels:")[0] + "\n"
ENGINES = ("duckdb", "sqlite", "postgres", "mysql")


def _engine(url: str) -> str:
    scheme, sep, _ = url.partition("://")
    return {"postgresql": "postgres"}.get(scheme, scheme) if sep else "duckdb"


def _variant(tmp_path: Path, old: str, new: str, name: str = "schema.yaml") -> Path:
    assert old in SHOP, old
    path = tmp_path / name
    path.write_text(SHOP.replace(old, new, 1))
    return path


def _cli(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _run(schema: Path | str, url: str) -> tuple[int, str]:
    return _cli(
        "run", "-e", "purchases >= 1", "--schema", str(schema), "--db", url, "--as-of",
        AS_OF.isoformat(),
    )  # fmt: skip


def _refused(schema: Path, url: str, at: str, message: str) -> str:
    """`run` fails with `message`, located on the line of the schema where `at` is written."""
    code, output = _run(schema, url)
    assert code == 1
    source = schema.read_text()
    line = source[: source.index(at)].count("\n") + 1
    assert f"schema.yaml:{line}:" in output
    assert message in output
    assert "members" not in output
    return output


def test_the_shop_passes(url: str) -> None:
    code, output = _run(SHOP_SCHEMA, url)
    assert code == 0, output
    with connect(url) as database:
        assert dbcheck.schema_problems(database, segdsl.load_schema(SHOP_SCHEMA)) == ()


# (schema text, replacement, the engines that refuse it). The shop's columns: see
# segdsl/demo/shop.py; SQLite stores timestamps and dates as TEXT, decimals as REAL, booleans as
# INTEGER, and MariaDB's BOOLEAN is TINYINT(1).
TYPE_CASES = [
    ("country: string", "country: bool", ENGINES),  # VARCHAR declared bool
    ("country: string", "country: timestamp", ("duckdb", "postgres", "mysql")),  # TEXT
    ("signup_at: timestamp", "signup_at: date", ("duckdb", "postgres", "mysql")),
    ("consent_email: bool", "consent_email: timestamp", ENGINES),  # BOOLEAN / INTEGER
    ("birth_date: date", "birth_date: timestamp", ("duckdb", "postgres", "mysql")),
    ("amount: decimal", "amount: int", ENGINES),  # DECIMAL(12,2) / REAL declared int
    ("order_id: int", "order_id: decimal", ()),  # an integer holds a decimal: fine
    ("consent_email: bool", "consent_email: {type: bool, nullable: false}", ()),
]


@pytest.mark.parametrize(("old", "new", "refused_by"), TYPE_CASES)
def test_column_types(url: str, tmp_path: Path, old: str, new: str, refused_by: tuple[str]) -> None:
    schema = _variant(tmp_path, old, new)
    if _engine(url) not in refused_by:
        code, output = _run(schema, url)
        assert code == 0, output
        return
    column, declared = new.split(": ", 1)
    if column in ("amount", "order_id"):
        role, table = f"field '{column}' of event stream 'orders'", "orders"
    else:
        role, table = f"attribute '{column}'", "customers"
    message = (
        f"error[E322]: {role} is declared {declared}, but column '{column}' of table '{table}'"
    )
    _refused(schema, url, new, message)


def test_a_missing_column_names_the_attribute_and_the_table(url: str, tmp_path: Path) -> None:
    # The engines' own message leaked the query's alias: `Table "c" does not have a column …`.
    schema = _variant(tmp_path, "  gender: {type: enum", "  gendr: {type: enum")
    message = "error[E321]: attribute 'gendr': table 'customers' has no column 'gendr'"
    output = _refused(schema, url, "gendr", message)
    assert "did you mean 'gender'?" in output
    assert '"c"' not in output


def test_a_missing_table(url: str, tmp_path: Path) -> None:
    schema = _variant(tmp_path, "table: email_events", "table: email_event")
    message = "error[E320]: table 'email_event' of event stream 'email' does not exist"
    output = _refused(schema, url, "email_event,", message)
    assert "did you mean 'email_events'" in output


def test_every_mismatch_is_reported_at_once(url: str, tmp_path: Path) -> None:
    schema = _variant(tmp_path, "table: email_events", "table: email_event")
    text = schema.read_text().replace("country: string", "country: bool")
    text = text.replace("consent_email: bool", "consent_email: bool\n  loyalty: string")
    # An event stream's key must hold the entity key's type (category is text).
    text = text.replace("time: created_at,", "time: created_at, key: category,")
    schema.write_text(text)
    code, output = _run(schema, url)
    assert code == 1
    assert output.count("error[E32") == 4
    assert "\n4 errors" in output
    assert "the key of event stream 'orders' is declared int, but column 'category'" in output
    assert "an event stream's key must hold the entity key's type" in output


def _qualifier(url: str) -> str:
    """The schema (or database) that holds the fixture shop's tables behind `url`."""
    parts = urlsplit(url)
    if _engine(url) == "postgres":
        options = parse_qs(parts.query)["options"][0]
        return unquote(options).partition("search_path=")[2]
    if _engine(url) == "mysql":
        return parts.path.lstrip("/")
    return "main"


def test_qualified_table_names(url: str, tmp_path: Path) -> None:
    qualifier = _qualifier(url)
    schema = _variant(tmp_path, "table: customers", f"table: {qualifier}.customers")
    code, output = _run(schema, url)
    assert code == 0, output
    schema = _variant(tmp_path, "table: orders", f"table: {qualifier}.order")
    code, output = _run(schema, url)
    assert code == 1
    assert f"table '{qualifier}.order' of event stream 'orders' does not exist" in output
    assert "did you mean 'orders'" in output


def test_the_key_type_is_checked_with_advice(duckdb_file: Path, tmp_path: Path) -> None:
    # The key is an int unless declared: a text key needs its type written down.
    schema = _variant(tmp_path, "key: customer_id", "key: email")
    schema.write_text(schema.read_text().replace("  email: {type: string, pii: true}\n", ""))
    code, output = _run(schema, str(duckdb_file))
    assert code == 1
    assert "the key 'email' is declared int, but column 'email' of table 'customers'" in output
    assert "declare the key's type under `attributes:` as `email: string`" in output


@pytest.mark.parametrize(
    "command",
    [
        ["overlap", "SEGMENTS"],
        ["history", "-e", "purchases >= 1", "--from", "2026-10-01", "--to", "2026-11-01"],
        ["report", "-e", "purchases >= 1"],
        ["run", "SEGMENTS", "--out", "OUT"],
    ],
)
def test_every_command_checks_before_running(
    duckdb_file: Path, tmp_path: Path, command: list[str]
) -> None:
    schema = _variant(tmp_path, "country: string", "country: bool")
    segments = tmp_path / "s.seg"
    segments.write_text("segment a = purchases >= 1\nsegment b = purchases >= 2\n")
    out = tmp_path / "out.csv"
    replaced = {"SEGMENTS": str(segments), "OUT": str(out)}
    args = [replaced.get(a, a) for a in command]
    code, output = _cli(*args, "--schema", str(schema), "--db", str(duckdb_file))
    assert code == 1
    assert "error[E322]: attribute 'country' is declared bool" in output
    assert not out.exists()


def test_the_repl_reports_the_mismatch_and_checks_once(
    duckdb_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = segdsl.load_schema(_variant(tmp_path, "country: string", "country: bool"))
    calls: list[object] = []
    original = dbcheck.schema_problems

    def counted(*args: object) -> object:
        calls.append(args)
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(dbcheck, "schema_problems", counted)
    with connect(str(duckdb_file), schema=schema) as database:
        session = ReplSession(schema, database, as_of=AS_OF)
        for _ in range(2):
            assert "error[E322]: attribute 'country' is declared bool" in session.execute(
                "purchases >= 1"
            )
    assert len(calls) == 1
    code, output = _cli(
        "repl", "--schema", str(schema.path), "--db", str(duckdb_file), stdin="purchases >= 1\n"
    )
    assert code == 1
    assert "error[E322]" in output


def test_the_api_checks_a_duckdb_connection(duckdb_file: Path, tmp_path: Path) -> None:
    schema = segdsl.load_schema(_variant(tmp_path, "  gender: {type: enum", "  gendr: {type: enum"))
    with duckdb.connect(str(duckdb_file), read_only=True) as connection:
        with pytest.raises(SegdslError) as raised:
            segdsl.run("purchases >= 1", schema, connection, as_of=AS_OF)
        assert [d.code for d in raised.value.diagnostics] == ["E321"]
        shop = segdsl.load_schema(SHOP_SCHEMA)
        members = segdsl.run("purchases >= 1", shop, connection, as_of=AS_OF)
        assert sorted(members) == [1, 2, 4]


NATIVE_SCHEMA = """\
entity: person
table: people
key: id
attributes:
  id: string
  mood: {type: enum, values: [happy, sad]}
  seen: timestamp
  score: decimal
  flag: bool
  amount: int
  born: date
"""
# The engines' own spellings of those types, which all hold them.
NATIVE_TABLES = {
    "duckdb": [
        "CREATE TYPE mood_t AS ENUM ('happy', 'sad')",
        "CREATE TABLE people (id VARCHAR, mood mood_t, seen TIMESTAMPTZ, score FLOAT, "
        "flag BOOLEAN, amount HUGEINT, born DATE)",
    ],
    "sqlite": [
        "CREATE TABLE people (id VARCHAR(10), mood, seen DATETIME, score NUMERIC, "
        "flag BOOLEAN, amount UNSIGNED BIG INT, born TEXT)"
    ],
    "postgres": [
        "CREATE TYPE mood_t AS ENUM ('happy', 'sad')",
        "CREATE DOMAIN money_d AS numeric(10,2)",
        "CREATE TABLE people (id varchar(10), mood mood_t, seen timestamptz, score money_d, "
        "flag boolean, amount numeric(12,0), born date)",
    ],
    "mysql": [
        "CREATE TABLE people (id char(10), mood enum('happy','sad'), seen timestamp(6), "
        "score double, flag tinyint, amount bigint unsigned, born date)"
    ],
}


@pytest.mark.parametrize("engine", ENGINES)
def test_engine_native_types_pass(engine: str, tmp_path: Path) -> None:
    backend: DBAPIBackend
    if engine == "duckdb":
        backend, url = DuckDBBackend(), str(tmp_path / "people.duckdb")
        backend.connection = duckdb.connect(url)
    elif engine == "sqlite":
        backend, url = SQLiteBackend(), f"sqlite:///{tmp_path / 'people.sqlite'}"
        backend.connection = sqlite3.connect(tmp_path / "people.sqlite")
    elif engine == "postgres":
        backend = PostgresBackend()
        url = f"postgresql://postgres@127.0.0.1:5432/test?options=-csearch_path%3D{backend.schema}"
    else:
        backend = MariaDBBackend()
        url = f"mysql://root@127.0.0.1:3306/{backend.database}"
    try:
        for statement in NATIVE_TABLES[engine]:
            backend.execute(statement)
        backend.connection.commit()
        if engine == "duckdb":
            backend.connection.close()
        schema = segdsl.schema_from_text(NATIVE_SCHEMA)
        with connect(url) as database:
            assert dbcheck.schema_problems(database, schema) == ()
    finally:
        if engine != "duckdb":
            backend.close()


FILE_SCHEMA = """\
entity: customer
table: customers.csv
key: customer_id
attributes:
  country: string
  vip: bool
events:
  orders: {table: orders.parquet, time: created_at, fields: {amount: decimal}}
"""


def test_files_read_by_duckdb(tmp_path: Path) -> None:
    (tmp_path / "customers.csv").write_text("customer_id,country,vip\n1,PL,yes please\n")
    schema = tmp_path / "schema.yaml"
    schema.write_text(FILE_SCHEMA)
    code, output = _cli("run", "-e", "vip", "--schema", str(schema), "--db", ":memory:")
    assert code == 1
    assert "error[E322]: attribute 'vip' is declared bool, but column 'vip' of table" in output
    assert "is VARCHAR" in output
    assert "error[E320]: cannot read table" in output  # orders.parquet does not exist
    assert "of event stream 'orders'" in output
    (tmp_path / "customers.csv").write_text("customer_id,country,vip\n1,PL,true\n")
    duckdb.sql(
        "COPY (SELECT 1 AS customer_id, TIMESTAMP '2026-10-01' AS created_at, 2.5 AS amount) "
        f"TO '{tmp_path / 'orders.parquet'}'"
    )
    code, output = _cli("run", "-e", "vip", "--schema", str(schema), "--db", ":memory:")
    assert code == 0, output
    assert output.startswith("1 members")


def test_files_on_another_engine(sqlite_url: str, tmp_path: Path) -> None:
    schema = tmp_path / "schema.yaml"
    schema.write_text(FILE_SCHEMA)
    code, output = _cli("run", "-e", "vip", "--schema", str(schema), "--db", sqlite_url)
    assert code == 1
    assert output.count("is a file, which SQLite does not read") == 2
    assert "Spark reads Parquet files" in output


@pytest.mark.parametrize(
    ("type_text", "dialect", "storage"),
    [
        ("BIGINT", "duckdb", Storage.INT),
        ("DECIMAL(12,2)", "duckdb", Storage.DECIMAL),
        ("DECIMAL(18,0)", "duckdb", Storage.INT),
        ("ENUM('a', 'b')", "duckdb", Storage.STRING),
        ("TIMESTAMP WITH TIME ZONE", "duckdb", Storage.TIMESTAMP),
        ("INTEGER[]", "duckdb", Storage.OTHER),
        ("UUID", "duckdb", Storage.OTHER),
        ("character varying(200)", "postgres", Storage.STRING),
        ("timestamp(6) without time zone", "postgres", Storage.TIMESTAMP),
        ("double precision", "postgres", Storage.FLOAT),
        ("numeric", "postgres", Storage.DECIMAL),
        ("enum", "postgres", Storage.STRING),  # the catalog query's name for enum types
        ("tinyint(1)", "mysql", Storage.INT),
        ("bigint(20) unsigned", "mysql", Storage.INT),
        ("datetime(6)", "mysql", Storage.TIMESTAMP),
        ("enum('send','open')", "mysql", Storage.STRING),
        ("", "sqlite", Storage.UNTYPED),
        ("BOOLEAN", "sqlite", Storage.BOOL),
        ("DATETIME", "sqlite", Storage.TIMESTAMP),
        ("UNSIGNED BIG INT", "sqlite", Storage.INT),  # SQLite's affinity rules
        ("VARYING CHARACTER(255)", "sqlite", Storage.STRING),
        ("FLOATING POINT", "sqlite", Storage.INT),  # "INT" in "POINT": SQLite says so
        ("DOUBLE", "sqlite", Storage.FLOAT),
        ("BLOB", "sqlite", Storage.OTHER),
        ("MONEY", "sqlite", Storage.DECIMAL),
        ("Nullable(Int64)", "clickhouse", Storage.INT),
        ("LowCardinality(Nullable(String))", "clickhouse", Storage.STRING),
        ("DateTime64(6, 'UTC')", "clickhouse", Storage.TIMESTAMP),
        ("Nullable(Decimal(12, 2))", "clickhouse", Storage.DECIMAL),
        ("Decimal64(0)", "clickhouse", Storage.INT),
        ("Decimal32(2)", "clickhouse", Storage.DECIMAL),
        ("Date32", "clickhouse", Storage.DATE),
        ("Enum8('send' = 1, 'open' = 2)", "clickhouse", Storage.STRING),
        ("Float64", "clickhouse", Storage.FLOAT),
        ("timestamp_ntz", "spark", Storage.TIMESTAMP),
        ("array<string>", "spark", Storage.OTHER),
        ("NUMBER(38,0)", "snowflake", Storage.INT),
        ("TIMESTAMP_LTZ", "snowflake", Storage.TIMESTAMP),
        ("timestamp(3) with time zone", "trino", Storage.TIMESTAMP),
        ("BIGNUMERIC", "bigquery", Storage.DECIMAL),
    ],
)
def test_column_type_names(type_text: str, dialect: str, storage: Storage) -> None:
    assert storage_of(type_text, dialect) is storage


# -- the schema's time zone -------------------------------------------------------------------


class _WithoutZoneTables:
    """A MySQL server whose time zone tables are empty: CONVERT_TZ answers NULL."""

    dialect = "mysql"
    display_name = "mysql://root@127.0.0.1/shop"

    def query_unchecked(self, sql: str) -> QueryResult:
        assert "CONVERT_TZ" in sql
        return QueryResult([], iter([[(None,)]]))


def test_a_zone_the_database_cannot_read_is_refused_at_the_schema() -> None:
    schema = segdsl.load_schema(SHOP_SCHEMA)
    problem = dbcheck.zone_problem(_WithoutZoneTables(), schema)
    assert problem is not None and problem.code == "E323"
    assert "cannot read times on the clocks of Europe/Warsaw" in problem.message
    assert problem.span is not None and problem.span.text == "Europe/Warsaw"
    assert "mysql_tzinfo_to_sql" in problem.hints[0]
    utc = dataclasses.replace(schema, time_zone="UTC")
    assert dbcheck.zone_problem(_WithoutZoneTables(), utc) is None
    # The customers' own zones are names the database must know, even with the project on UTC.
    own = dataclasses.replace(utc, customer_time_zone="country")
    problem = dbcheck.zone_problem(_WithoutZoneTables(), own)
    assert problem is not None and problem.code == "E323"


def test_mysql_stops_on_a_timestamp_convert_tz_cannot_convert() -> None:
    backend = MariaDBBackend()
    url = f"mysql://root@127.0.0.1:3306/{backend.database}"
    # Without `since`, so that the customer signing up in 2040 exists at the instant.
    schema = dataclasses.replace(segdsl.load_schema(SHOP_SCHEMA), since=None)
    try:
        with connect(url) as database:
            if dbcheck.zone_problem(database, schema) is not None:
                require_service("the MariaDB server's time zone tables are not loaded")
        for year in (1960, 2040):
            customer = {"customer_id": 1, "signup_at": dt.datetime(year, 1, 1)}
            backend.load(dataset_from_rows([customer], {}))
            with pytest.raises(EngineError) as raised:
                segdsl.run("hour(signup_at) = 1", schema, url, as_of=AS_OF)
            assert "cannot be read on the schema's time zone" in str(raised.value)
    finally:
        backend.close()


def test_the_history_table_is_checked(tmp_path: Path) -> None:
    database = str(history_fixture.build(tmp_path / "history.duckdb"))
    schema = Path(__file__).parents[2] / "examples/history/schema.yaml"
    code, output = _run(schema, database)
    assert code == 0, output
    variant = tmp_path / "schema.yaml"
    variant.write_text(schema.read_text().replace("valid_to: valid_to", "valid_to: valid_until"))
    message = "error[E321]: history.valid_to: table 'customer_history' has no column 'valid_until'"
    _refused(variant, database, "table: customer_history", message)
    variant.write_text(schema.read_text().replace("table: customer_history", "table: history"))
    message = "error[E320]: table 'history' of the history does not exist"
    _refused(variant, database, "table: history", message)


def test_check_counts_the_events_that_break_of_existing(
    url: str, dataset: Dataset, tmp_path: Path
) -> None:
    """`segdsl check --db` counts, per stream that promises `of_existing`, the events of no
    customer or before their customer's `since`: as many as the reference finds."""
    schema = every_stream_of_existing(segdsl.load_schema(SHOP_SCHEMA))
    kept = of_existing_customers(dataset, schema)
    broken = {
        stream.name: sum(row[stream.time] is not None for row in dataset.events[stream.table])
        - sum(row[stream.time] is not None for row in kept.events[stream.table])
        for stream in schema.events.values()
    }
    assert broken["email"] > 0  # the shop e-mails customers before they sign up
    with connect(url) as database:
        found = dbcheck.broken_promises(database, schema)
    assert {d.message.split("'")[1]: d for d in found}.keys() == {n for n, c in broken.items() if c}
    for diagnostic in found:
        stream = diagnostic.message.split("'")[1]
        assert diagnostic.code == "E324"
        assert f"but {broken[stream]:,} event" in diagnostic.message
    line = "  email:  {table: email_events, time: ts,"
    # The whole shop schema: `since` is after its channels.
    promised = tmp_path / "schema.yaml"
    text = Path(SHOP_SCHEMA).read_text()
    promised.write_text(
        text.replace(line, line.replace("time: ts,", "time: ts, of_existing: true,"))
    )
    code, output = _cli("check", "--schema", str(promised), "--db", url)
    assert code == 1, (broken, output)
    assert f"but {broken['email']:,} events of table 'email_events'" in output
    code, output = _cli("check", "--schema", SHOP_SCHEMA, "--db", url)
    assert (code, output) == (0, f"{url}: ok (tables and columns as the schema says)\n")


def test_check_passes_a_kept_promise(tmp_path: Path) -> None:
    (tmp_path / "customers.csv").write_text(
        "customer_id,signup_at\n1,2026-01-01 00:00\n2,\n3,2026-10-02 09:30\n"
    )
    (tmp_path / "orders.csv").write_text(  # at sign-up, without one, without a time
        "customer_id,created_at\n1,2026-01-01 00:00\n2,2020-05-01 10:00\n3,2026-10-02 09:30\n9,\n"
    )
    schema = tmp_path / "schema.yaml"
    schema.write_text(
        f"entity: customer\ntable: {tmp_path}/customers.csv\nkey: customer_id\n"
        "attributes:\n  signup_at: timestamp\nsince: signup_at\nevents:\n"
        f"  orders: {{table: {tmp_path}/orders.csv, time: created_at, of_existing: true}}\n"
    )
    code, output = _cli("check", "--schema", str(schema), "--db", ":memory:")
    assert (code, output) == (
        0,
        ":memory:: ok (tables and columns as the schema says; every event of orders is of an "
        "existing customer)\n",
    )
    (tmp_path / "orders.csv").write_text("customer_id,created_at\n3,2026-10-02 09:29\n")
    code, output = _cli("check", "--schema", str(schema), "--db", ":memory:")
    assert code == 1
    assert "but 1 event of table" in output
    assert "is of no customer or earlier than their customer's `since`" in output
