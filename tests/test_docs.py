"""Every example in README.md and docs/ runs as written (docs/writing-docs.md explains the rules).

Segment blocks (```seg) are parsed, type-checked against the example shop's schema with
examples/shop/segments.seg in scope, compiled and evaluated on a small demo shop. Shell blocks
(```sh: commands; ```console: `$ command` lines followed by their output) run in order, one
page at a time, in a sandbox copy of the repository's examples/, benchmarks/ and editors/ that has
the demo shop in shop.duckdb, as a reader's terminal would after the README's first command;
output shown after a command must match. Python blocks run at the sandbox root. A comment
`<!-- test: … -->` right before a block marks an expected error, a command not run (then only its
syntax and options are checked), output that varies or a command that needs an optional extra
(tests/test_install.py). Reading and running the blocks: tests/support/docs.py."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

import segdsl
from segdsl.runtime.analytics import measures_of, sizes
from segdsl.runtime.engines import DuckDBDatabase
from segdsl.semantics.checker import check_condition, check_module, check_value
from segdsl.syntax.parser import parse_expression, parse_module
from tests.support.docs import (
    AS_OF,
    FENCE,
    MARKER,
    PAGES,
    ROOT,
    Block,
    blocks_of,
    build_docs_shop,
    copy_sandbox,
    page_failures,
)

SHOP_SCHEMA = ROOT / "examples/shop/schema.yaml"
SHOP_SEGMENTS = ROOT / "examples/shop/segments.seg"


ALL_BLOCKS = [block for page in PAGES for block in blocks_of(page)]


# --- segment blocks ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_docs_shop(tmp_path_factory.mktemp("docs_shop") / "shop.duckdb")


@pytest.fixture(scope="session")
def shop_database(demo_shop: Path) -> Iterator[DuckDBDatabase]:
    database = DuckDBDatabase(str(demo_shop))
    yield database
    database.close()


def conditions_of(text: str) -> list[str]:
    """The conditions of an expression block: a line that is not indented starts a new one."""
    conditions: list[str] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0].isspace() and conditions:
            conditions[-1] += "\n" + line
        else:
            conditions.append(line)
    return conditions


def is_segment_file(text: str) -> bool:
    return re.search(r"^(segment|partition)\b", text, re.MULTILINE) is not None


def check_segment_block(block: Block, database: DuckDBDatabase) -> None:
    """Parse, check, compile and evaluate a block; it may use every segment of the shop's file."""
    schema = segdsl.load_schema(SHOP_SCHEMA)
    shop = parse_module(SHOP_SEGMENTS.read_text(encoding="utf-8"), str(SHOP_SEGMENTS))
    if is_segment_file(block.text):
        module = parse_module(block.text, block.where)
        names = {definition.name for definition in module.definitions}
        kept = tuple(d for d in shop.definitions if d.name not in names)
        merged = dataclasses.replace(module, definitions=module.definitions + kept)
        checked = check_module(merged, schema)
        measures = [m for m in measures_of(checked) if m.name.split(" = ")[0] in names]
        sizes(database, schema, measures, AS_OF)
        return
    for text in conditions_of(block.text):
        expr = parse_expression(text, block.where)
        try:
            condition = check_condition(expr, schema, shop)
        except segdsl.SegdslError as not_a_condition:
            try:  # a value (`count(orders)`, `now - last_order`) rather than a condition
                check_value(expr, schema)
            except segdsl.SegdslError:
                raise not_a_condition from None
            continue
        list(database.query(segdsl.compile_sql(condition, schema, as_of=AS_OF)).batches)


@pytest.mark.parametrize(
    "block",
    [b for b in ALL_BLOCKS if b.language == "seg"],
    ids=lambda block: block.where,
)
def test_segment_block(block: Block, shop_database: DuckDBDatabase) -> None:
    if block.marker == "expect-error":
        with pytest.raises(segdsl.SegdslError) as raised:
            check_segment_block(block, shop_database)
        codes = {diagnostic.code for diagnostic in raised.value.diagnostics}
        assert block.marker_arg in codes, f"{block.where}: expected {block.marker_arg}, got {codes}"
        return
    assert block.marker is None, f"{block.where}: a segment block is always checked"
    check_segment_block(block, shop_database)


# --- shell and Python blocks -------------------------------------------------------------------


@pytest.fixture()
def sandbox(tmp_path: Path, demo_shop: Path) -> Path:
    return copy_sandbox(tmp_path, demo_shop)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_page_commands(page: Path, sandbox: Path) -> None:
    failures = list(page_failures(page, sandbox))
    assert not failures, "\n\n".join(failures)


# --- the rules themselves ----------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_example_is_fenced(page: Path) -> None:
    """An indented code block would be shown but never tested."""
    lines = page.read_text(encoding="utf-8").splitlines()
    fenced = False
    for number, (before, line) in enumerate(zip(["", *lines], lines, strict=False), start=1):
        if FENCE.match(line):
            fenced = not fenced
        if fenced or before.strip() or not line.startswith("    ") or not line.strip():
            continue
        paragraph = next((p for p in reversed(lines[: number - 2]) if p.strip()), "")
        in_list = re.match(r"^\s*([-*+]|\d+\.)\s|^\s{2,}", paragraph)
        assert in_list, f"{page.relative_to(ROOT)}:{number}: an indented code block; fence it"


def test_markers_are_known() -> None:
    for page in PAGES:
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
            if line.startswith("<!-- test"):
                assert MARKER.match(line), f"{page.relative_to(ROOT)}:{number}: unknown marker"


def test_schema_examples_load() -> None:
    """A YAML block that is a whole schema (it has `entity:`) loads and type-checks; one marked
    as an expected error reports its code."""
    for block in ALL_BLOCKS:
        if block.language == "yaml" and block.marker == "expect-error":
            with pytest.raises(segdsl.SegdslError) as raised:
                segdsl.schema_from_text(block.text, block.where)
            codes = {diagnostic.code for diagnostic in raised.value.diagnostics}
            assert block.marker_arg in codes, (
                f"{block.where}: expected {block.marker_arg}, got {codes}"
            )
        elif block.language == "yaml" and "entity" in (yaml.safe_load(block.text) or {}):
            segdsl.schema_from_text(block.text, block.where)


def test_cookbook_explains_every_shop_segment_as_written() -> None:
    shop = parse_module(SHOP_SEGMENTS.read_text(encoding="utf-8"), str(SHOP_SEGMENTS))
    cookbook = ROOT / "docs/cookbook.md"
    explained = {
        definition.name: definition
        for block in blocks_of(cookbook)
        if block.language == "seg"
        for definition in parse_module(block.text, block.where).definitions
    }
    assert explained == {definition.name: definition for definition in shop.definitions}
