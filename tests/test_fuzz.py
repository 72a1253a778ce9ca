"""Fuzzing: whatever text a user writes, segdsl answers with its own diagnostics (`SegdslError`)
or a result, never another exception, and within a second.

Every input goes through parse and check, lint, fmt, and compile for every dialect. Inputs are
random bytes, random streams of the grammar's tokens, mutations of valid segment files (the
example shop's and generated ones) and of schema files, and deep and wide programs around the
limits (docs/language.md, "Limits").

CI runs the `default` Hypothesis profile (a bounded budget). For a long run:
`python -m pytest tests/test_fuzz.py --hypothesis-profile=fuzz` (tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import given, note, settings
from hypothesis import strategies as st

import segdsl
from segdsl.diagnostics import SegdslError
from segdsl.fmt.formatter import format_schema_text, format_source
from segdsl.limits import DEFAULT_LIMITS
from segdsl.lint import lint_text
from segdsl.semantics.schema import Schema
from segdsl.sql.dialects import DIALECTS
from segdsl.syntax.parser import parse_module
from tests.support.generators import conditions
from tests.support.grammar import grammar
from tests.test_limits import SHAPES

ROOT = Path(__file__).parent.parent
SCHEMA_TEXT = (ROOT / "examples/shop/schema.yaml").read_text(encoding="utf-8")
SEGMENTS_TEXT = (ROOT / "examples/shop/segments.seg").read_text(encoding="utf-8")
SCHEMA = segdsl.load_schema(ROOT / "examples/shop/schema.yaml")
AS_OF = dt.datetime(2026, 3, 31, 12, 0)

# The longest any one step may take on one input: parse and check, lint, fmt, or one dialect's
# compile. Measured in CPU time of this process, so that other work on a busy machine does not
# count; slower on every one of ATTEMPTS runs is a failure of the input (a hang in the making).
SECONDS_PER_STEP = 1.0
ATTEMPTS = 3

T = TypeVar("T")


def step(what: str, action: Callable[[], T]) -> T | None:
    """Run one step: a `SegdslError` is an answer (None); any other exception fails the test,
    and so does a step slower than SECONDS_PER_STEP on every attempt."""
    timings = []
    for _ in range(ATTEMPTS):
        start = time.process_time()
        try:
            result = action()
        except SegdslError:
            result = None
        timings.append(time.process_time() - start)
        if timings[-1] < SECONDS_PER_STEP:
            return result
    raise AssertionError(f"{what} took " + ", then ".join(f"{t:.2f} s" for t in timings))


def every_pass(text: str, schema: Schema = SCHEMA) -> None:
    """A segment file through every pass; then each of its segments' SQL for every dialect."""
    note(f"input: {text!r}")
    module = step("parse", lambda: parse_module(text, "<fuzz>"))
    if module is None:
        return
    checked = step("check", lambda: segdsl.check_module(module, schema))
    step("lint", lambda: lint_text(text, "<fuzz>", schema))
    step("fmt", lambda: format_source(text, "<fuzz>"))
    if checked is None:
        return
    for segment in list(checked.segments.values())[:2]:
        for index, dialect in enumerate(DIALECTS):
            # With an instant for half the dialects, with the engine's clock for the others.
            as_of = AS_OF if index % 2 else None
            step(
                f"compile {segment.name} for {dialect}",
                functools.partial(
                    segdsl.compile_sql, segment.condition, schema, dialect=dialect, as_of=as_of
                ),
            )


def expression_passes(text: str) -> None:
    """A lone condition (`-e`), and the same condition as a segment of a file."""
    note(f"condition: {text!r}")
    condition = step("check", lambda: segdsl.check(text, SCHEMA))
    if condition is not None:
        for dialect in DIALECTS:
            step(
                f"compile for {dialect}",
                functools.partial(
                    segdsl.compile_sql, condition, SCHEMA, dialect=dialect, as_of=AS_OF
                ),
            )
    if "\n" not in text:
        every_pass(f"segment fuzzed = {text}\n")


# -- inputs --------------------------------------------------------------------------------------


def _token_strategy(name: str, pattern: Any) -> st.SearchStrategy[str]:
    if name == "NAME":
        known = [*SCHEMA.attributes, *SCHEMA.metrics, *SCHEMA.events, *SCHEMA.sets, "customers"]
        return st.one_of(
            st.sampled_from(known), st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True)
        )
    if type(pattern).__name__ == "PatternStr":
        return st.just(pattern.value)
    return st.from_regex(re.sub(r"\\b", "", pattern.value), fullmatch=True)


TOKENS = st.one_of(
    *(
        _token_strategy(terminal.name, terminal.pattern)
        for terminal in grammar().terminals
        if terminal.name not in ("WS", "COMMENT")
    ),
    st.sampled_from(["abs", "count", "sum", "avg", "min", "max", "lower", "upper", "length"]),
)


@st.composite
def token_streams(draw: st.DrawFn) -> str:
    tokens = draw(st.lists(TOKENS, max_size=40))
    separators = draw(st.lists(st.sampled_from([" ", " ", "\n", ""]), min_size=len(tokens)))
    return "".join(t + s for t, s in zip(tokens, separators, strict=False))


@st.composite
def mutations(draw: st.DrawFn, originals: st.SearchStrategy[str]) -> str:
    """A valid text with a few slices deleted, repeated, swapped or replaced by tokens."""
    text = draw(originals)
    for _ in range(draw(st.integers(1, 4))):
        length = len(text)
        start = draw(st.integers(0, length))
        end = draw(st.integers(start, min(length, start + 30)))
        kind = draw(st.sampled_from(["delete", "repeat", "token", "swap", "char"]))
        if kind == "delete":
            text = text[:start] + text[end:]
        elif kind == "repeat":
            text = text[:end] + text[start:end] + text[end:]
        elif kind == "token":
            text = text[:start] + f" {draw(TOKENS)} " + text[end:]
        elif kind == "char":
            text = text[:start] + draw(st.characters()) + text[end:]
        else:
            other = draw(st.integers(0, length))
            a, b = sorted((start, other))
            text = text[:a] + text[b:end] + text[a:b] + text[end:] if end > b else text
    return text


@st.composite
def generated_files(draw: st.DrawFn) -> str:
    """A small segment file of generated conditions, referring to each other."""
    bodies = draw(st.lists(conditions(), min_size=1, max_size=4))
    lines = []
    for index, body in enumerate(bodies):
        reference = f" and s{index - 1}" if index and draw(st.booleans()) else ""
        lines.append(f"segment s{index} = ({body}){reference}")
    return "\n".join(lines) + "\n"


@st.composite
def around_the_limits(draw: st.DrawFn) -> str:
    """Deep programs within a few levels of the depth limit, and wide ones: long chains of
    and/or, long lists, many segments, long chains of references."""
    kind = draw(st.sampled_from(["deep", "wide", "list", "segments", "chain"]))
    near = draw(st.integers(-3, 3))
    if kind == "deep":
        shape = SHAPES[draw(st.sampled_from(sorted(SHAPES)))]
        return f"segment deep = {shape(DEFAULT_LIMITS.depth + near)}\n"
    if kind == "wide":
        operator = draw(st.sampled_from([" and ", " or "]))
        return "segment wide = " + operator.join(["count(orders) > 1"] * draw(st.integers(1, 200)))
    if kind == "list":
        count = draw(st.integers(0, DEFAULT_LIMITS.list_items + 3))
        items = ", ".join(f'"{i}"' for i in range(count))
        return f"segment listed = country in [{items}]\n"
    if kind == "segments":
        count = draw(st.integers(1, 100))
        return "".join(f"segment s{i} = count(orders) > {i}\n" for i in range(count))
    length = DEFAULT_LIMITS.reference_depth + near
    lines = [f"segment s{i} = s{i + 1} or count(orders) > {i}" for i in range(length)]
    return "\n".join([*lines, f"segment s{length} = consent_email"]) + "\n"


# -- properties ----------------------------------------------------------------------------------


@given(st.binary(max_size=200))
def test_random_bytes(data: bytes) -> None:
    every_pass(data.decode("utf-8", errors="replace"))


@given(st.text(max_size=100))
def test_random_text_as_a_condition(text: str) -> None:
    expression_passes(text)


@given(token_streams())
def test_random_token_streams(text: str) -> None:
    every_pass(text)
    expression_passes(text)


@settings(max_examples=max(10, settings().max_examples // 4))
@given(mutations(st.just(SEGMENTS_TEXT)))
def test_mutations_of_the_example_segments(text: str) -> None:
    every_pass(text)


@given(mutations(generated_files()))
def test_mutations_of_generated_files(text: str) -> None:
    every_pass(text)


@given(mutations(conditions()))
def test_mutations_of_generated_conditions(text: str) -> None:
    expression_passes(text)


@settings(max_examples=max(10, settings().max_examples // 2))
@given(mutations(st.just(SCHEMA_TEXT)))
def test_mutations_of_the_example_schema(text: str) -> None:
    note(f"schema: {text!r}")
    schema = step("load the schema", lambda: segdsl.schema_from_text(text))
    step("fmt the schema", lambda: format_schema_text(text, "<schema>"))
    if schema is not None:
        every_pass("segment a = purchases > 1 and last_order < 30d\nsegment b = a or vip\n", schema)


@settings(max_examples=max(10, settings().max_examples // 10))
@given(around_the_limits())
def test_deep_and_wide_programs(text: str) -> None:
    every_pass(text)
