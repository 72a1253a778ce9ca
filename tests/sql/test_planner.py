"""The planner's oracle: the rewritten member query (segdsl/sql/planner.py, `Lowering.members`), the
plain one (`rewrites=False`: one aggregate per event table, the condition in WHERE) and the
reference evaluator agree on every executed engine, for generated segment files weighted toward
what the rewrites touch (tests/support/generators.py `planner_file`). For each file, the whole-file
paths of the CLI agree with the single-segment ones: the sizes of `segdsl run FILE` (one query),
the columns of `run FILE --out` (the membership table), and the members of `run FILE --segment
X` and `compile FILE --segment X`.

Examples per engine follow the Hypothesis profile (`thorough` for long runs:
`python -m pytest tests/sql/test_planner.py --hypothesis-profile=thorough`).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from hypothesis import given, note, settings
from hypothesis import strategies as st
from sqlglot import exp

import segdsl
from segdsl.cli import main
from segdsl.demo.shop import build_shop
from segdsl.runtime.analytics import measures_of, sizes
from segdsl.runtime.exports import public_attributes
from segdsl.semantics import ir
from segdsl.semantics.reference import Dataset, Evaluator, load_dataset
from segdsl.semantics.schema import Schema
from segdsl.sql.compiler import members_query
from segdsl.sql.dialects import DIALECTS
from segdsl.sql.queries import membership_query
from segdsl.syntax.parser import parse_module
from tests.support.backends import EXECUTED, Backend
from tests.support.generators import (
    AS_OFS,
    every_stream_of_existing,
    narrowed_file,
    of_existing_customers,
    planner_file,
    ranking_file,
    stream_window_file,
    varied_datasets,
)

ROOT = Path(__file__).parents[2]
SCHEMA = segdsl.load_schema(ROOT / "examples/shop/schema.yaml")
# The same shop with every event stream promising to be of existing customers.
DECLARED = every_stream_of_existing(SCHEMA)
# What `run FILE --segment X` selects besides the key (any extra column turns off the
# ranking-only shortcut, so this is a plan of its own).
SAMPLE_COLUMNS = tuple(SCHEMA.attributes[name].column for name in public_attributes(SCHEMA))

# A file is several segments, each run four ways plus two whole-file queries: a share of the
# profile's examples, fewer where loading a dataset and running a query are slow.
SHARE = {
    "duckdb": 0.15,
    "sqlite": 0.15,
    "clickhouse": 0.05,
    "postgres": 0.05,
    "mysql": 0.05,
    "spark": 0.005,
}


@pytest.fixture(scope="module", params=list(EXECUTED))
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    engine = EXECUTED[request.param]()
    yield engine
    engine.close()


def check_file_on(
    backend: Backend, data: Dataset, text: str, as_of: dt.datetime, schema: Schema = SCHEMA
) -> None:
    """Every plan of every segment and partition label of the file gives the reference's
    members, and the whole-file queries give the same counts and flags."""
    backend.load(data)
    evaluator = Evaluator(schema, data, as_of)
    everyone = {row["customer_id"] for row in evaluator.customers}  # those who exist
    dialect = DIALECTS[backend.name]
    checked = segdsl.check_module(text, schema, name="generated.seg")
    measures = measures_of(checked)
    found: dict[str, set[int]] = {}  # by SQL text: plans often coincide

    def members(tree: exp.Select) -> set[int]:
        sql = dialect.sql(tree, copy=False)
        if sql not in found:
            note(sql)
            found[sql] = backend.members(sql)
        return found[sql]

    expected: dict[str, set[int]] = {}
    for measure in measures:
        cond = measure.condition
        expected[measure.name] = want = evaluator.members(cond)
        plain = members_query(cond, schema, dialect, as_of, rewrites=False)
        assert members(plain) == want, (measure.name, "plain")
        assert members(members_query(cond, schema, dialect, as_of)) == want, measure.name
        negated = members_query(ir.Not(cond), schema, dialect, as_of)
        assert members(negated) == everyone - want, (measure.name, "negated")
        sampled = members_query(cond, schema, dialect, as_of, SAMPLE_COLUMNS)
        assert members(sampled) == want, (measure.name, "with the sample's columns")
    counted = sizes(backend.as_database(), schema, measures, as_of)
    assert counted.total == len(everyone)
    assert counted.counts == {name: len(members) for name, members in expected.items()}
    query = membership_query(checked, schema, dialect, as_of)
    table = backend.rows(dialect.sql(query, copy=False))
    assert sorted(row[0] for row in table) == sorted(everyone)
    for index, name in enumerate(checked.segments, start=1):
        flagged = {row[0] for row in table if int(row[index]) == 1}
        assert flagged == expected[name], (name, "membership table")
    for index, partition in enumerate(checked.partitions.values(), start=1 + len(checked.segments)):
        labels = {row[0]: row[index] for row in table}
        assert labels == evaluator.partition(partition.value), (partition.name, "labels")


def every_plan_agrees(
    backend: Backend, files: st.SearchStrategy[str], schema: Schema = SCHEMA
) -> None:
    examples = max(2, int(settings().max_examples * SHARE[backend.name]))

    @settings(max_examples=examples, deadline=None)
    @given(data=st.data(), text=files)
    def run(data: st.DataObject, text: str) -> None:
        note(text)
        as_of = data.draw(st.sampled_from(AS_OFS), label="as_of")
        shop = data.draw(varied_datasets(as_of), label="dataset")
        if schema is not SCHEMA:
            shop = of_existing_customers(shop, schema)
        check_file_on(backend, shop, text, as_of, schema)

    run()


def test_generated_files_every_plan_agrees(backend: Backend) -> None:
    every_plan_agrees(backend, planner_file())


def test_events_of_existing_customers_every_plan_agrees(backend: Backend) -> None:
    """With every stream declared `of_existing`, on data that keeps the promise, the members
    read from the events' keys without the customer table are the reference's."""
    every_plan_agrees(backend, planner_file(), DECLARED)
    every_plan_agrees(backend, stream_window_file(), DECLARED)


def test_conjunctions_on_one_streams_windows_every_plan_agrees(backend: Backend) -> None:
    """Each stream and window read once (`planner.one_pass_per_window`, implied tests left
    out, the latest event in a calendar period)."""
    every_plan_agrees(backend, stream_window_file())


def test_grouped_tests_beside_a_recent_window_every_plan_agrees(backend: Backend) -> None:
    """Tests grouped over a stream's rows read only the rows of the customers with events in
    a recent window that another test asks for (`Lowering._narrowing`)."""
    every_plan_agrees(backend, narrowed_file())
    every_plan_agrees(backend, narrowed_file(), DECLARED)


def test_scores_and_rankings_every_plan_agrees(backend: Backend) -> None:
    """Members read from one ranking's customers, and other rankings tested as membership in
    theirs, when the segment is false for the customers a ranking leaves out; with the customer
    table and from the events' keys alone."""
    every_plan_agrees(backend, ranking_file())
    every_plan_agrees(backend, ranking_file(), DECLARED)


@pytest.mark.parametrize(
    "condition",
    [
        "count(orders where created_at < 30d) >= 2"
        " and sum(orders.amount where created_at < 30d) > 100",
        'last_order < 30d and count(orders where created_at < 30d and category = "shoes") >= 1',
        "purchases >= 1 and last_order < 30d",
        "last_order < 30d and not last_order < 7d"
        " and avg(orders.amount where created_at < 30d) > 20",
        "count(distinct orders.category where created_at < 90d) >= 2 and last_order in this month",
        "avg(orders.amount where created_at < 7d) > 50",
        "max(orders.created_at) in last week",
    ],
)
def test_each_stream_and_window_is_read_once(condition: str) -> None:
    """One read of the orders, in a window of their time: no presence test that another
    condition implies, and the conditions on overlapping windows in one grouped pass."""
    checked = segdsl.check(condition, SCHEMA)
    sql = members_query(checked, SCHEMA, DIALECTS["duckdb"], ANCHOR).sql("duckdb")
    assert sql.count("FROM orders") == 1, sql
    assert "created_at >" in sql, sql


@pytest.mark.parametrize(
    ("condition", "reads"),
    [
        ("purchases >= 5 and last_order < 1y", 1),
        ("count(orders) >= 2 and count(orders where created_at <= 180d) >= 1", 1),
        ("count(orders) >= 3 and last_order < 90d", 1),
        # A short window picks few candidates first: two reads, the second only of theirs.
        ("purchases >= 5 and last_order < 7d", 2),
        ("purchases >= 5 and last_order < 1mo", 2),
        # Not among the conditions grouped: counts of at least 1, compared maxima, minima, avg.
        ("sum(orders.amount) > 100 and last_order < 1y", 2),
        # A window that says more may pick few candidates: they are read first.
        (
            'count(orders where category = "shoes" and created_at < 90d) >= 2'
            " and avg(orders.amount) > 100",
            2,
        ),
    ],
)
def test_long_windows_and_the_whole_stream_are_read_in_one_pass(condition: str, reads: int) -> None:
    """Beside a condition on all of a stream's events that is false without them, the tests
    of its windows of `planner.LONG_WINDOW_DAYS` or more are one grouped pass over the whole
    stream; shorter windows still pick the candidates first."""
    checked = segdsl.check(condition, SCHEMA)
    sql = members_query(checked, SCHEMA, DIALECTS["duckdb"], ANCHOR).sql("duckdb")
    assert sql.count("FROM orders") == reads, sql


def test_presence_tests_or_ed_are_one_semi_join() -> None:
    """`a or b` of presence tests (`planner.either_presence`) reads the keys of both streams'
    windows in one IN where presence is a hash semi-join; PostgreSQL keeps the aggregates."""
    checked = segdsl.check("last_order < 12mo or last_open < 30d", SCHEMA)
    duckdb = members_query(checked, SCHEMA, DIALECTS["duckdb"], ANCHOR).sql("duckdb")
    assert "UNION ALL" in duckdb and "GROUP BY" not in duckdb, duckdb
    postgres = members_query(checked, SCHEMA, DIALECTS["postgres"], ANCHOR).sql("postgres")
    assert "UNION ALL" not in postgres and "GROUP BY" in postgres, postgres


@pytest.mark.parametrize(
    ("condition", "dialects", "columns"),
    [
        ("last_order < 30d", ("duckdb", "postgres"), ()),
        (
            'count(email where type = "open" and ts < 30d) >= 3 or last_click < 30d',
            ("duckdb", "postgres"),
            (),
        ),
        (
            'web where type = "add_to_cart" and ts < 7d then no orders within 24h',
            ("duckdb", "postgres"),
            (),
        ),
        (
            "count(orders where created_at < 90d) >= 2 and avg(orders.amount) > 100",
            ("duckdb", "postgres"),
            (),
        ),
        ("last_order < 12mo or last_open < 30d", ("duckdb", "postgres"), ()),
        # A whole stream's tests: the distinct keys of the sends (a hash anti-join), or where
        # presence is no hash semi-join, one grouped pass.
        (
            'count(email where type = "send") > 0 and last_open is missing',
            ("duckdb", "postgres"),
            (),
        ),
        # The customer's own values need the customer table.
        ('last_order < 30d and country = "DE"', (), ("duckdb", "postgres")),
        ('last_order < 30d and (country = "DE" or purchases > 3)', (), ("duckdb", "postgres")),
        ("purchases > 2 and signup_at < 1y", (), ("duckdb", "postgres")),
        ('(last_order < 12mo or last_open < 30d) and country = "DE"', (), ("duckdb", "postgres")),
        # Aggregates of two streams or'ed: a customer may have the rows of either.
        ('purchases = 1 or count(web where type = "checkout") > 0', (), ("duckdb", "postgres")),
    ],
)
def test_members_of_existing_customers_skip_the_customer_table(
    condition: str, dialects: tuple[str, ...], columns: tuple[str, ...]
) -> None:
    """With streams that promise `of_existing`, a query whose members all have such events reads
    their keys from the events alone (`Lowering._keys_alone`), unless it reads the customer's own
    values; without the promise, every such query reads the customer table."""
    checked = segdsl.check(condition, DECLARED)
    for name in dialects:
        sql = members_query(checked, DECLARED, DIALECTS[name], ANCHOR).sql(name)
        assert "customers" not in sql, (name, sql)
        plain = members_query(checked, SCHEMA, DIALECTS[name], ANCHOR).sql(name)
        assert "customers" in plain, (name, plain)
        sampled = members_query(checked, DECLARED, DIALECTS[name], ANCHOR, SAMPLE_COLUMNS)
        assert "customers" in sampled.sql(name)
    for name in columns:
        sql = members_query(checked, DECLARED, DIALECTS[name], ANCHOR).sql(name)
        assert "customers" in sql, (name, sql)


# -- the windowed-latest leak ----------------------------------------------------------------------
# A bound on a `max` (`last_order < 30d`) lets the planner read only the rows after the bound
# for the other per-customer uses of that `max`; it once did so inside rankings and population
# aggregates too, which see every customer. Each segment below had fewer or more members with
# the rewrite than without it, on the shop at ANCHOR.

LEAK_FILE = """\
segment recent = last_order < 30d
segment top_half = top 50% by last_order
partition rfm_recency =
    "5" when top 20% by last_order
    "4" when top 40% by last_order
    otherwise "1"
partition rp =
    "1" when top 25% by last_order - first_order
    "2" when top 50% by last_order - first_order
    otherwise "3"
segment ranked = last_order < 30d and top 50% by last_order
segment counted = last_order < 30d and count(customers where last_order > 2026-01-01) > 400
segment quintile = last_order < 30d and rfm_recency = "5"
segment both = recent and top_half
segment not_ranked = not top_half and recent
segment amount_ranked = max(orders.amount) > 140 and bottom 50% by max(orders.amount)
segment left_constant = 2026-10-30 < last_open and bottom 80% by last_open
segment inline = top 25% by last_order and max(orders.created_at) <= 2w
segment age_range = last_open between 1d and 7d and count(customers where last_open < 365d) > 400
segment partition_arm = rp != "2" and last_order < 7d
"""
LEAKED = [
    "ranked",
    "counted",
    "quintile",
    "both",
    "not_ranked",
    "amount_ranked",
    "left_constant",
    "inline",
    "age_range",
    "partition_arm",
]
ANCHOR = dt.datetime(2026, 11, 1)


@pytest.fixture(scope="module")
def leak_shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("leak")
    (folder / "leak.seg").write_text(LEAK_FILE, encoding="utf-8")
    with duckdb.connect(str(folder / "shop.duckdb")) as con:
        build_shop(con, customers=1500, seed=7, anchor=ANCHOR)
    return folder


@pytest.fixture(scope="module")
def leak_members(leak_shop: Path) -> dict[str, set[int]]:
    """The reference's members of every segment and partition label of LEAK_FILE."""
    with duckdb.connect(str(leak_shop / "shop.duckdb"), read_only=True) as con:
        evaluator = Evaluator(SCHEMA, load_dataset(con, SCHEMA), ANCHOR)
    checked = segdsl.check_module(LEAK_FILE, SCHEMA, name="leak.seg")
    return {m.name: evaluator.members(m.condition) for m in measures_of(checked)}


def test_a_bound_on_a_max_never_narrows_a_ranking_or_population_aggregate(
    leak_shop: Path, leak_members: dict[str, set[int]]
) -> None:
    module = parse_module(LEAK_FILE, "leak.seg")
    with duckdb.connect(str(leak_shop / "shop.duckdb"), read_only=True) as con:
        for name in LEAKED:
            for rewrites in (True, False):
                sql = segdsl.compile_sql(
                    name, SCHEMA, as_of=ANCHOR, module=module, rewrites=rewrites
                )
                found = {row[0] for row in con.execute(sql).fetchall()}
                assert found == leak_members[name], (name, rewrites)


def test_every_cli_path_gives_the_same_members(
    leak_shop: Path, leak_members: dict[str, set[int]], tmp_path: Path
) -> None:
    """`run FILE` (sizes in one query), `run FILE --out` (the membership table), and per
    segment `run FILE --segment X`, `run FILE --segment X --out` and `compile FILE --segment X`."""
    runner = CliRunner()
    schema = str(ROOT / "examples/shop/schema.yaml")
    database = str(leak_shop / "shop.duckdb")
    file = str(leak_shop / "leak.seg")
    options = ["--schema", schema, "--as-of", ANCHOR.isoformat()]
    ran = runner.invoke(main, ["run", file, "--db", database, *options, "--format", "json"])
    assert ran.exit_code == 0, ran.output
    sizes = {row["segment"]: row["members"] for row in json.loads(ran.output)}
    assert sizes == {name: len(members) for name, members in leak_members.items()}
    table = tmp_path / "membership.csv"
    written = runner.invoke(main, ["run", file, "--db", database, *options, "--out", str(table)])
    assert written.exit_code == 0, written.output
    with table.open() as handle:
        rows = list(csv.DictReader(handle))
    with duckdb.connect(database, read_only=True) as con:
        for name in LEAKED:
            flagged = {int(row["customer_id"]) for row in rows if row[name] == "1"}
            assert flagged == leak_members[name], (name, "run FILE --out")
            alone = runner.invoke(
                main, ["run", file, "--db", database, *options, "--segment", name]
            )
            assert alone.exit_code == 0, alone.output
            assert alone.output.startswith(f"{len(leak_members[name]):,} members"), name
            keys = tmp_path / f"{name}.csv"
            args = ["run", file, "--db", database, *options, "--segment", name, "--out", str(keys)]
            assert runner.invoke(main, args).exit_code == 0
            with keys.open() as handle:
                listed = {int(row["customer_id"]) for row in csv.DictReader(handle)}
            assert listed == leak_members[name], (name, "run FILE --segment --out")
            compiled = runner.invoke(main, ["compile", file, *options, "--segment", name])
            assert compiled.exit_code == 0, compiled.output
            found = {row[0] for row in con.execute(compiled.output).fetchall()}
            assert found == leak_members[name], (name, "compile FILE --segment")


def test_compile_no_rewrites_prints_the_plain_query() -> None:
    runner = CliRunner()
    schema = str(ROOT / "examples/shop/schema.yaml")
    args = ["compile", "-e", "last_cart_add < 24h and purchases = 0", "--schema", schema]
    planned = runner.invoke(main, [*args, "--compact"])
    plain = runner.invoke(main, [*args, "--compact", "--no-rewrites"])
    assert planned.exit_code == plain.exit_code == 0, planned.output + plain.output
    # Planned: presence tests on the events; plain: one aggregate per table, joined.
    assert "NOT (c.customer_id IN" in planned.output
    assert "GROUP BY" not in planned.output
    assert plain.output.count("GROUP BY") == 2
    assert "LEFT JOIN web_agg" in plain.output and "LEFT JOIN orders_agg" in plain.output


def test_a_sequence_over_a_recent_window_reads_only_that_window() -> None:
    """The followers of a first event come after it: when the first events' filter bounds
    their time (`ts < 7d`), every event table of the sequence is read from that bound on."""
    condition = segdsl.check(
        'web where type = "add_to_cart" and ts < 7d then no orders within 24h '
        'without email where type = "unsubscribe"',
        SCHEMA,
    )
    query = members_query(condition, SCHEMA, DIALECTS["duckdb"], dt.datetime(2026, 11, 1))
    bound = "CAST('2026-10-25 00:00:00' AS TIMESTAMP)"
    sql = query.sql("duckdb")
    # The orders that may follow, and the unsubscribes (as the cart adds themselves).
    assert f"e.created_at > {bound}" in sql
    assert sql.count(f"e.ts > {bound}") == 2
    # Without a bound on the first events, the followers are read whole.
    unbounded = segdsl.check('web where type = "add_to_cart" then orders within 24h', SCHEMA)
    sql = members_query(unbounded, SCHEMA, DIALECTS["duckdb"], dt.datetime(2026, 11, 1)).sql()
    assert "e.created_at > CAST" not in sql


def test_the_latest_cart_add_unanswered_is_one_recent_stream() -> None:
    """`last_cart_add < 24h and (last_order is missing or last_order < last_cart_add)` is the
    open-ended sequence (planner.latest_unanswered): the same SQL, one stream of the adds and
    orders of the last 24 hours. Not when `<=` (an order at the add's instant would not answer
    it) nor with one stream on both sides (there, such an order does not answer it)."""
    as_of = dt.datetime(2026, 11, 1)

    def sql(text: str) -> str:
        return segdsl.compile_sql(text, SCHEMA, dialect="duckdb", as_of=as_of)

    sequence = sql('web where type = "add_to_cart" and ts < 24h then no orders since')
    assert sql("last_cart_add < 24h and (last_order is missing or last_order < last_cart_add)") == (
        sequence
    )
    assert sql("(last_cart_add > last_order or last_order is missing) and last_cart_add < 24h") == (
        sequence
    )
    assert "UNION ALL" in sequence and "e.created_at > CAST('2026-10-31 00:00:00'" in sequence
    # A bound that takes its instant: the orders from that instant on.
    at_bound = sql("last_cart_add <= 24h and (last_order is missing or last_order < last_cart_add)")
    assert "e.created_at >= CAST('2026-10-31 00:00:00'" in at_bound
    for kept in (
        "last_cart_add < 24h and (last_order is missing or last_order <= last_cart_add)",
        "last_order < 24h and (max(orders.created_at where amount > 10) is missing "
        "or max(orders.created_at where amount > 10) < last_order)",
    ):
        assert "UNION ALL" not in sql(kept), kept
