"""`segdsl run --out F --channel NAME` on every engine: the file holds exactly the reference
evaluator's members of (segment and the channel's consent rule), the members the rule removes
are counted and reported, `--no-consent-check` writes them all, loudly and on the record, and
every export's record (F.meta.json) has its documented shape."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner, Result

import segdsl
from segdsl.cli import main
from segdsl.demo.shop import build_shop
from segdsl.runtime.exports import channel_consent
from segdsl.semantics.reference import Dataset, Evaluator
from tests.cli.test_machine_output import validate
from tests.support.shop_fixture import AS_OF

ROOT = Path(__file__).parents[2]
SHOP_SCHEMA = ROOT / "examples/shop/schema.yaml"
SEGMENTS = str(ROOT / "examples/shop/segments.seg")
# The shop's channels and two more: one on an attribute alone, one with a metric and a negation
# over missing values.
CHANNELS = """\
channels:
  sms: consent_email and device_type = "mobile"
  post: purchases >= 2 and not country in EU
"""
CONDITIONS = ["purchases >= 1", "top 40% by total_spent", "last_open is missing", "true"]


@pytest.fixture(scope="module")
def schema_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("schema") / "schema.yaml"
    text = SHOP_SCHEMA.read_text(encoding="utf-8")
    path.write_text(text.replace("channels:\n", CHANNELS), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def duckdb_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated shop (in place of the conftest's hand-written one, for every engine of the
    `url` fixture): missing emails and consents, and customers who unsubscribed."""
    path = tmp_path_factory.mktemp("db") / "shop.duckdb"
    with duckdb.connect(str(path)) as con:
        build_shop(con, customers=300, seed=5, anchor=AS_OF)
    return path


@pytest.fixture(scope="module")
def evaluator(dataset: Dataset) -> Evaluator:
    return Evaluator(segdsl.load_schema(SHOP_SCHEMA), dataset, AS_OF)


def _run(schema: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main, ["run", "--schema", str(schema), "--as-of", AS_OF.isoformat(), *args]
    )


def _keys(path: Path) -> list[Any]:
    return [row[0] for row in duckdb.sql(f"SELECT customer_id FROM '{path}'").fetchall()]


def _record(path: Path) -> dict[str, Any]:
    record: dict[str, Any] = json.loads(Path(f"{path}.meta.json").read_text(encoding="utf-8"))
    validate("export-metadata", record)
    return record


def test_a_channel_export_holds_the_members_who_consent(
    url: str, schema_file: Path, evaluator: Evaluator, tmp_path: Path
) -> None:
    schema = segdsl.load_schema(schema_file)
    engine = "DuckDB" if url.endswith(".duckdb") else None
    for channel in ("email", "sms", "post"):
        rule = channel_consent(schema, channel).rule
        for condition in CONDITIONS:
            members = evaluator.members(segdsl.check(condition, schema))
            consenting = members & evaluator.members(rule)
            removed = len(members) - len(consenting)
            out = tmp_path / f"{channel}.csv"
            result = _run(schema_file, "-e", condition, "--db", url, "--out", str(out))
            assert result.exit_code == 0, result.output
            result = _run(
                schema_file, "-e", condition, "--db", url, "--out", str(out), "--channel", channel
            )
            assert result.exit_code == 0, result.output
            assert result.stdout == (
                f"wrote {len(consenting):,} members to {out} "
                f"({removed:,} removed: no {channel} consent)\n"
            ), (channel, condition)
            assert sorted(_keys(out)) == sorted(consenting), (channel, condition)
            record = _record(out)
            assert record["rows"] == len(consenting)
            assert record["removed_by_consent"] == removed
            assert record["channel"] == channel and record["consent_override"] is False
            assert record["consent_rule"] == schema.channels[channel].rule.span.text
            assert record["condition"] == condition and record["segment"] is None
            assert record["as_of"] == "2026-11-01T00:00:00Z"
            assert engine is None or record["engine"] == engine
    # The shop's email rule removes members for each of its three reasons.
    reasons = ["consent_email", "email is present", 'count(email where type = "unsubscribe") = 0']
    for reason in reasons:
        assert evaluator.members(segdsl.check(f"not ({reason})", schema)), reason


def test_the_override_writes_every_member_loudly_and_on_the_record(
    url: str, schema_file: Path, evaluator: Evaluator, tmp_path: Path
) -> None:
    schema = segdsl.load_schema(schema_file)
    members = evaluator.members(segdsl.check("purchases >= 1", schema))
    out = tmp_path / "all.parquet"
    args = ["-e", "purchases >= 1", "--db", url, "--out", str(out), "--channel", "email"]
    result = _run(schema_file, *args, "--no-consent-check")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "warning: --no-consent-check: the consent rule of channel 'email' is NOT applied; every "
        f"member is written to {out}, consenting or not (recorded in {out}.meta.json)\n"
    )
    assert (
        result.stdout
        == f"wrote {len(members):,} members to {out} (consent for email NOT checked)\n"
    )
    assert sorted(_keys(out)) == sorted(members)
    record = _record(out)
    assert record["consent_override"] is True and record["removed_by_consent"] is None
    assert record["channel"] == "email" and record["rows"] == len(members)
    # In Parquet, the file carries the same record.
    (embedded,) = duckdb.sql(
        f"SELECT value FROM parquet_kv_metadata('{out}') WHERE key = 'segdsl'"
    ).fetchall()
    assert json.loads(embedded[0]) == record


def test_a_segment_export_records_its_segment(duckdb_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "leads.csv"
    result = _run(
        SHOP_SCHEMA,
        *(SEGMENTS, "--segment", "leads", "--db", str(duckdb_file), "--out", str(out)),
        *("--channel", "email", "--format", "json"),
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    validate("run-out", answer)
    record = _record(out)
    assert answer == {
        "file": str(out),
        "rows": record["rows"],
        "metadata": f"{out}.meta.json",
        "channel": "email",
        "removed": record["removed_by_consent"],
        "consent_override": False,
    }
    assert record["segment"] == "leads" and record["segment_file"] == SEGMENTS
    assert record["condition"] == (
        'consent_email and count(email where type = "unsubscribe") = 0 and purchases = 0'
    )
    assert record["schema_file"] == str(SHOP_SCHEMA)
    assert record["schema_sha256"] == segdsl.load_schema(SHOP_SCHEMA).digest
    assert record["segdsl_version"] == segdsl.__version__


def test_without_a_channel_an_export_is_unchanged(duckdb_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "buyers.csv"
    args = ["-e", "purchases >= 1", "--db", str(duckdb_file), "--out", str(out)]
    result = _run(SHOP_SCHEMA, *args)
    assert result.exit_code == 0, result.output
    record = _record(out)
    assert result.stdout == f"wrote {record['rows']:,} members to {out}\n"
    assert record["channel"] is None and record["consent_rule"] is None
    assert record["removed_by_consent"] is None and record["consent_override"] is False
    # --no-metadata: no record, and the earlier one, which would tell of another file, is gone.
    result = _run(SHOP_SCHEMA, *args, "--no-metadata")
    assert result.exit_code == 0, result.output
    assert out.exists() and not Path(f"{out}.meta.json").exists()
    parquet = tmp_path / "buyers.parquet"
    result = _run(SHOP_SCHEMA, *args[:-1], str(parquet), "--no-metadata")
    assert result.exit_code == 0, result.output
    assert duckdb.sql(f"SELECT * FROM parquet_kv_metadata('{parquet}')").fetchall() == []


def test_membership_and_partition_exports_have_records(duckdb_file: Path, tmp_path: Path) -> None:
    for segment, kind in ((None, "membership"), ("lifecycle", "partition")):
        out = tmp_path / f"{kind}.csv"
        picked = [] if segment is None else ["--segment", segment]
        args = [SEGMENTS, *picked, "--db", str(duckdb_file), "--out", str(out)]
        result = _run(SHOP_SCHEMA, *args)
        assert result.exit_code == 0, result.output
        record = _record(out)
        assert record["kind"] == kind and record["segment"] == segment
        assert record["condition"] is None and record["rows"] == 300


def test_an_unknown_channel_is_located_with_a_suggestion(tmp_path: Path) -> None:
    # Checked before the database is opened.
    args = ["-e", "purchases >= 1", "--db", str(tmp_path / "none.duckdb")]
    result = _run(SHOP_SCHEMA, *args, "--out", str(tmp_path / "x.csv"), "--channel", "emial")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "--channel:1:1: error[E613]: unknown channel 'emial'",
        "  |",
        "1 | emial",
        "  | ^^^^^",
        "  = help: did you mean 'email'?",
    ]
    assert not (tmp_path / "none.duckdb").exists() and not (tmp_path / "x.csv").exists()
    schema = tmp_path / "schema.yaml"
    text = SHOP_SCHEMA.read_text(encoding="utf-8")
    schema.write_text(text[: text.index("channels:")], encoding="utf-8")
    result = _run(schema, *args, "--out", str(tmp_path / "x.csv"), "--channel", "email")
    assert result.exit_code == 1
    assert "the schema defines no channels" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--channel", "email"], "--channel applies to an export: add --out F"),
        (["--no-metadata"], "--no-metadata applies to an export: add --out F"),
        (["--out", "x.csv", "--no-consent-check"], "give --channel NAME"),
        (
            ["--out", "x.csv", "--channel", "email", "--no-consent-check", "--no-metadata"],
            "it cannot be combined with --no-metadata",
        ),
        (
            [SEGMENTS, "--out", "x.csv", "--channel", "email"],
            "--channel applies to the members of -e EXPR or of --segment SEGMENT",
        ),
    ],
)
def test_export_options_that_do_not_go_together(
    args: list[str],
    message: str,
    duckdb_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    condition = [] if SEGMENTS in args else ["-e", "purchases >= 1"]
    result = _run(SHOP_SCHEMA, *condition, "--db", str(duckdb_file), *args)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())
    assert not (tmp_path / "x.csv").exists()


def test_an_interrupted_export_leaves_neither_file(
    duckdb_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopped once the rows are written, before the record is: the files of the export before
    stay as they were, and no temporary file is left."""
    from segdsl.runtime import exports

    out = tmp_path / "members.csv"
    args = ["-e", "purchases >= 1", "--db", str(duckdb_file), "--out", str(out)]
    assert _run(SHOP_SCHEMA, *args, "--channel", "email").exit_code == 0
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}

    def interrupt(_record: dict[str, object]) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(exports, "record_text", interrupt)
    result = _run(SHOP_SCHEMA, *args)
    assert result.exit_code == 130 and result.stderr == "interrupted\n"
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == before
    fresh = tmp_path / "fresh.parquet"
    result = _run(SHOP_SCHEMA, *args[:-1], str(fresh))
    assert result.exit_code == 130
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(before)


def test_the_python_api_exports_for_a_channel(
    duckdb_file: Path, evaluator: Evaluator, tmp_path: Path
) -> None:
    schema = segdsl.load_schema(SHOP_SCHEMA)
    members = evaluator.members(segdsl.check("purchases >= 1", schema))
    consenting = members & evaluator.members(channel_consent(schema, "email").rule)
    out = tmp_path / "buyers.csv"
    export = segdsl.export(
        "purchases >= 1",
        schema,
        str(duckdb_file),
        out,
        columns=["email"],
        channel="email",
        segment="buyers",
        as_of=AS_OF,
    )
    assert (export.rows, export.removed, export.channel) == (
        len(consenting),
        len(members) - len(consenting),
        "email",
    )
    assert export.metadata == Path(f"{out}.meta.json") and not export.consent_override
    assert duckdb.sql(f"SELECT * FROM '{out}'").columns == ["customer_id", "email"]
    assert _record(out)["segment"] == "buyers"
    assert (
        set(segdsl.run("purchases >= 1", schema, str(duckdb_file), as_of=AS_OF, channel="email"))
        == consenting
    )
    overridden = segdsl.export(
        "purchases >= 1",
        schema,
        str(duckdb_file),
        out,
        channel="email",
        consent_check=False,
        as_of=AS_OF,
    )
    assert overridden.rows == len(members) and overridden.removed is None
    assert _record(out)["consent_override"] is True
    with pytest.raises(segdsl.SegdslError) as unknown:
        segdsl.export("true", schema, str(duckdb_file), out, channel="sms", as_of=AS_OF)
    assert [d.code for d in unknown.value.diagnostics] == ["E613"]
    with pytest.raises(ValueError, match="consent_check=False needs a channel"):
        segdsl.export("true", schema, str(duckdb_file), out, consent_check=False)
