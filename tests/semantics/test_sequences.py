"""Sequences (docs/semantics.md, "Sequences") in the reference evaluator, on generated shops
with events one and two windows before the as-of instant: the claims the docs make."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import segdsl
from segdsl.semantics import ir
from segdsl.semantics import types as t
from segdsl.semantics.reference import Evaluator
from segdsl.sql.dialects import DIALECTS
from tests.support.generators import AS_OFS, datasets, sequence_atom, sequence_instants

ROOT = Path(__file__).parents[2]
SCHEMA = segdsl.load_schema(ROOT / "examples/shop/schema.yaml")


@settings(deadline=None)
@given(data=st.data())
def test_cart_abandoners_is_the_open_ended_sequence(data: st.DataObject) -> None:
    """`then no orders since` is "no order since the latest cart add"; the closed form written
    like it has no members, since its cart adds' windows are still open (docs/semantics.md)."""
    as_of = data.draw(st.sampled_from(AS_OFS))
    shop = data.draw(datasets(as_of, sequence_instants(as_of)))
    evaluator = Evaluator(SCHEMA, shop, as_of)
    former = "last_cart_add < 24h and (last_order is missing or last_order < last_cart_add)"
    adds = 'web where type = "add_to_cart" and ts < 24h'
    expected = evaluator.members(segdsl.check(former, SCHEMA))
    assert evaluator.members(segdsl.check(f"{adds} then no orders since", SCHEMA)) == expected
    assert evaluator.members(segdsl.check(f"{adds} then no orders within 24h", SCHEMA)) == set()


@settings(deadline=None)
@given(data=st.data(), text=sequence_atom())
def test_the_latest_first_event_decides_an_open_ended_sequence(
    data: st.DataObject, text: str
) -> None:
    """`A then no B since` holds exactly when the latest first event is after the latest B
    (at or after it, of one stream), the rule docs/semantics.md proves and the SQL uses."""
    sequence = segdsl.check(text, SCHEMA)
    assert isinstance(sequence, ir.Sequence)
    if sequence.window is not None:
        return
    as_of = data.draw(st.sampled_from(AS_OFS))
    shop = data.draw(datasets(as_of, sequence_instants(as_of)))
    evaluator = Evaluator(SCHEMA, shop, as_of)

    def latest(events: ir.Events) -> ir.Agg:
        stream = SCHEMA.events[events.stream]
        time = stream.fields[stream.time]
        field = ir.Field(stream.name, stream.time, time.column, time.type)
        return ir.Agg("max", events.stream, field, events.where, t.TIMESTAMP)

    first, then = latest(sequence.first), latest(sequence.then)
    op = "<=" if sequence.first.stream == sequence.then.stream else "<"
    rule = ir.And(
        (
            ir.Not(ir.IsMissing(first)),
            ir.Or((ir.IsMissing(then), ir.Compare(op, then, first))),
        )
    )
    assert evaluator.members(sequence) == evaluator.members(rule)


@settings(deadline=None)
@given(data=st.data(), text=sequence_atom())
def test_a_sequence_needs_its_events(data: st.DataObject, text: str) -> None:
    """A member has a first event (and, unless negated, a following one): what the linter
    assumes (segdsl/semantics/reasoning.py)."""
    as_of = data.draw(st.sampled_from(AS_OFS))
    shop = data.draw(datasets(as_of, sequence_instants(as_of)))
    evaluator = Evaluator(SCHEMA, shop, as_of)
    sequence = segdsl.check(text, SCHEMA)
    assert isinstance(sequence, ir.Sequence)
    members = evaluator.members(sequence)
    needed = [sequence.first] if sequence.negated else [sequence.first, sequence.then]
    for events in needed:
        counted = ir.Agg("count", events.stream, None, events.where, t.INT)
        has = ir.Compare(">=", counted, ir.Const(1, t.INT))
        assert members <= evaluator.members(has)


@settings(deadline=None)
@given(text=sequence_atom(anchored=True))
def test_a_filter_reading_the_customer_is_refused_before_any_sql(text: str) -> None:
    """A generated sequence whose filter reads the customer's values is refused with E281,
    located at that value; any other compiles on every dialect or is refused with a located
    error of that dialect: never a crash."""
    try:
        segdsl.check(text, SCHEMA)
    except segdsl.SegdslError as error:
        (diagnostic, *_) = error.diagnostics
        assert diagnostic.code == "E281", (text, diagnostic.message)
        assert diagnostic.span is not None
        named = diagnostic.span.source.text[diagnostic.span.start : diagnostic.span.end]
        assert f"'{named}'" in diagnostic.message
        return
    for dialect in DIALECTS:
        try:
            segdsl.compile_sql(text, SCHEMA, dialect=dialect, as_of=AS_OFS[0])
        except segdsl.SegdslError as error:
            assert all(d.span is not None for d in error.diagnostics), (dialect, text)
