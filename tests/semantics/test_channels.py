"""Channels in the schema: each consent rule is parsed and type-checked like a segment condition
when the schema loads, its errors located in the schema file; and the schema's digest, which an
export records, changes with what the schema says, not with how the file is laid out."""

from __future__ import annotations

from pathlib import Path

import pytest

import segdsl
from segdsl.diagnostics import Diagnostic
from segdsl.runtime.exports import channel_consent
from segdsl.semantics import ir
from tests.semantics.test_schema import HEAD, ORDERS, SHOP, errors, load, where

ATTRIBUTES = "attributes:\n  consent_email: bool\n  country: string\n"
SCHEMA = HEAD + ATTRIBUTES + ORDERS + "metrics:\n  purchases: count(orders)\n"


def test_the_shop_has_an_email_channel() -> None:
    schema = segdsl.load_schema(SHOP)
    assert list(schema.channels) == ["email"]
    consent = channel_consent(schema, "email")
    assert consent.text == (
        'consent_email and email is present and count(email where type = "unsubscribe") = 0'
    )
    assert isinstance(consent.rule, ir.And) and consent.checked


def test_a_rule_is_any_condition_over_the_customer(tmp_path: Path) -> None:
    schema = load(
        tmp_path,
        SCHEMA
        + "channels:\n"
        + "  email: consent_email and not country in EU\n"
        + "  post: {expr: purchases >= 1 or country = 'DE', description: Letters}\n"
        + "  sms: |\n    consent_email\n    and count(orders where amount > 10) = 0\n",
    )
    assert list(schema.channels) == ["email", "post", "sms"]
    assert schema.channels["post"].description == "Letters"
    sms = channel_consent(schema, "sms")
    # As the file writes it, over lines.
    assert sms.text == "consent_email\n    and count(orders where amount > 10) = 0"
    # Channels have a namespace of their own: `email` is a channel, a stream, an attribute.
    assert "email" not in schema.all_names()


def _located(tmp_path: Path, channels: str) -> list[tuple[str, int, int]]:
    found: list[Diagnostic] = errors(tmp_path, SCHEMA + "channels:\n" + channels)
    return [where(d) for d in found]


def test_rule_errors_are_located_in_the_schema_file(tmp_path: Path) -> None:
    line = SCHEMA.count("\n") + 2  # the first channel's line
    assert _located(tmp_path, "  email: consent_email and not unsubscribed\n") == [
        ("E210", line, 32)
    ]
    assert _located(tmp_path, "  sms: country\n") == [("E201", line, 8)]
    assert _located(tmp_path, "  post: '(consent_email'\n") == [("E102", line, 24)]
    assert _located(tmp_path, "  email: consent_email\n  bad-name: consent_email\n") == [
        ("E330", line + 1, 3)
    ]
    assert _located(tmp_path, "  email: {rule: consent_email}\n") == [
        ("E302", line, 11),
        ("E303", line, 10),
    ]
    # Every problem at once, each in its own rule.
    assert _located(tmp_path, "  a: nope > 1\n  b: purchases\n") == [
        ("E210", line, 6),
        ("E201", line + 1, 6),
    ]


def test_a_parse_error_names_the_channel(tmp_path: Path) -> None:
    (found,) = errors(tmp_path, SCHEMA + "channels:\n  post: consent_email and\n")
    assert found.message.startswith("in channel 'post': ")


def test_a_schema_built_in_code_has_channels() -> None:
    schema = segdsl.schema_from_mapping(
        {
            "entity": "customer",
            "table": "customers",
            "key": "id",
            "attributes": {"consent_email": "bool"},
            "channels": {"email": "consent_email"},
        }
    )
    assert channel_consent(schema, "email").text == "consent_email"
    with pytest.raises(segdsl.SegdslError) as raised:
        segdsl.schema_from_mapping(
            {"entity": "c", "table": "t", "key": "id", "channels": {"email": "consent"}}
        )
    assert [d.code for d in raised.value.diagnostics] == ["E210"]


def test_the_digest_is_of_the_content_not_the_layout(tmp_path: Path) -> None:
    base = load(tmp_path, SCHEMA).digest
    assert len(base) == 64
    relaid = SCHEMA.replace("  country: string\n", "  country:   string   # ISO-3166\n")
    relaid = "# The shop\n" + relaid.replace("  consent_email: bool\n", "  consent_email: 'bool'\n")
    assert load(tmp_path, relaid).digest == base
    flow = SCHEMA.replace(ATTRIBUTES, "attributes: {consent_email: bool, country: string}\n")
    assert load(tmp_path, flow).digest == base
    changed = [
        SCHEMA.replace("country: string", "country: {type: string, pii: true}"),
        SCHEMA.replace("count(orders)", "count(orders where amount > 0)"),
        # The attributes' order is the order of the sample's and `*`'s columns.
        SCHEMA.replace(ATTRIBUTES, "attributes:\n  country: string\n  consent_email: bool\n"),
        SCHEMA + "sets:\n  S: [1, 2]\n",
        SCHEMA + "channels:\n  email: consent_email\n",
    ]
    digests = {load(tmp_path, text).digest for text in changed}
    assert len(digests) == len(changed) and base not in digests
    # A quoted number is a string and a plain one an int: an int set is another set.
    assert load(tmp_path, SCHEMA + 'sets:\n  S: ["1", "2"]\n').digest not in digests
