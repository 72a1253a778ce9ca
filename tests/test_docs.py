"""Every example in README.md and docs/ runs as written (docs/writing-docs.md explains the rules).

Segment blocks (```seg) are parsed, type-checked against the example shop's schema with
examples/shop/segments.seg in scope, compiled and evaluated on a small demo shop. Shell blocks
(```sh: commands; ```console: `$ command` lines followed by their output) run in order, one
page at a time, in a sandbox copy of the repository's examples/ and benchmarks/ that already has
the demo shop in shop.duckdb, as a reader's terminal would after the README's first command;
output shown after a command must match. Python blocks run at the sandbox root. A comment
`<!-- test: … -->` right before a block marks an expected error, a command not run (then only its
syntax and options are checked) or output that varies."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import re
import runpy
import shlex
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
import yaml

import segdsl
from segdsl.analytics import measures_of, sizes
from segdsl.checker import check_condition, check_module, check_value
from segdsl.cli import main as segdsl_cli
from segdsl.demo import build_demo_database
from segdsl.engines import DuckDBDatabase
from segdsl.syntax import parse_expression, parse_module

ROOT = Path(__file__).parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
SHOP_SCHEMA = ROOT / "examples/shop/schema.yaml"
SHOP_SEGMENTS = ROOT / "examples/shop/segments.seg"
AS_OF = dt.datetime(2026, 11, 1)
COMMAND_TIMEOUT = 300  # seconds; a safety net for a hung command, not a measurement
SHELL_LANGUAGES = {"sh", "console"}

FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<language>[\w+-]*)")
MARKER = re.compile(
    r"^<!-- test: (?P<kind>expect-error|not-run|output-varies)(?::? (?P<arg>.*?))? -->$"
)
INSTALL = re.compile(r"(?:^|&& )(?:python3? -m )?pip install ")


@dataclasses.dataclass(frozen=True)
class Block:
    page: Path
    line: int  # of the opening fence, 1-based
    language: str
    text: str
    marker: str | None  # expect-error, not-run or output-varies
    marker_arg: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks_of(page: Path) -> list[Block]:
    lines = page.read_text(encoding="utf-8").splitlines()
    out: list[Block] = []
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        fence, indent = opening["fence"], len(opening["indent"])
        end = index + 1
        while end < len(lines) and not lines[end].strip().startswith(fence):
            end += 1
        previous = next((line for line in reversed(lines[:index]) if line.strip()), "")
        marker = MARKER.match(previous.strip())
        body = "\n".join(line[indent:] for line in lines[index + 1 : end])
        out.append(
            Block(
                page,
                index + 1,
                opening["language"],
                body,
                marker["kind"] if marker else None,
                (marker["arg"] or "") if marker else "",
            )
        )
        index = end + 1
    return out


ALL_BLOCKS = [block for page in PAGES for block in blocks_of(page)]


# --- segment blocks ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo shop every example runs on: small, and anchored so that outputs are stable."""
    path = tmp_path_factory.mktemp("docs_shop") / "shop.duckdb"
    build_demo_database(path, customers=2000, seed=42, anchor=AS_OF)
    return path


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


@dataclasses.dataclass(frozen=True)
class Command:
    text: str
    expected_output: list[str] | None  # None: not shown (```sh) or varying


def commands_of(block: Block) -> list[Command]:
    """```sh: every line a command (a trailing `\\` continues it); ```console: `$ ` lines are
    commands and the lines up to the next one their output."""
    commands: list[Command] = []
    output: list[str] | None = None
    pending = ""
    here_document_end = ""  # a command with `<<'EOF'` goes on to the line `EOF`
    for line in block.text.splitlines():
        if here_document_end:
            commands[-1] = Command(f"{commands[-1].text}\n{line}", commands[-1].expected_output)
            here_document_end = "" if line == here_document_end else here_document_end
            continue
        if block.language == "console" and not line.startswith("$ ") and not pending:
            assert output is not None, f"{block.where}: output before the first `$ ` command"
            output.append(line.rstrip())
            continue
        text = line[2:] if block.language == "console" and not pending else line
        if not pending and (not text.strip() or text.lstrip().startswith("#")):
            continue
        if text.rstrip().endswith("\\"):
            pending += text.rstrip()[:-1] + " "
            continue
        output = [] if block.language == "console" and block.marker != "output-varies" else None
        commands.append(Command(pending + text, output))
        pending = ""
        here_document = re.search(r"<<-?\s*'?(\w+)'?", text)
        here_document_end = here_document[1] if here_document else ""
    return commands


def output_matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line, trailing spaces ignored; a line `...` stands for any number of lines."""
    while expected and not expected[-1]:
        expected = expected[:-1]
    actual = [line.rstrip() for line in actual]
    while actual and not actual[-1]:
        actual.pop()
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(output_matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == expected[0] and output_matches(expected[1:], actual[1:])


def check_extras(command: str) -> None:
    """An install command is not run; the extras it names must exist."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = set(declared["project"]["optional-dependencies"])
    for word in shlex.split(command):
        for named in re.findall(r"^(?:\.|segdsl)\[([\w,-]+)\]$", word):
            unknown = set(named.split(",")) - extras
            assert not unknown, f"{command!r}: no such extra {unknown}"


class _ParsedOnly(Exception):
    pass


def check_syntax(command: str, cwd: Path) -> None:
    """A command that is not run: its program exists and its options parse."""
    words = shlex.split(command, comments=True)
    if words[:1] == ["segdsl"]:
        context = click.Context(segdsl_cli, info_name="segdsl")
        subcommand = segdsl_cli.get_command(context, words[1])
        assert subcommand is not None, f"{command!r}: no such command"
        subcommand.make_context(words[1], words[2:], parent=context)
    elif words[:1] in (["python"], ["python3"]) and words[1].endswith(".py"):
        script = cwd / words[1]
        assert script.is_file(), f"{command!r}: no {script}"
        parse_args = argparse.ArgumentParser.parse_args

        def parse_then_stop(parser: argparse.ArgumentParser, args: list[str] | None = None) -> None:
            parse_args(parser, args)
            raise _ParsedOnly

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sys, "argv", words[1:])
            patch.setattr(argparse.ArgumentParser, "parse_args", parse_then_stop)
            with pytest.raises(_ParsedOnly):
                runpy.run_path(str(script), run_name="__main__")
    else:
        subprocess.run(["bash", "-n", "-c", command], check=True)


@pytest.fixture()
def sandbox(tmp_path: Path, demo_shop: Path) -> Path:
    """The repository's examples and benchmarks, and the demo shop at the root."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copytree(
        ROOT / "benchmarks", tmp_path / "benchmarks", ignore=shutil.ignore_patterns("data")
    )
    shutil.copy(demo_shop, tmp_path / "shop.duckdb")
    return tmp_path


def run_in_shell(command: str, cwd: Path, stdin: str = "") -> tuple[int, str, Path]:
    """Run as a reader's shell would; returns the status, stdout and stderr, and the folder the
    shell ends in (a `cd` carries over to the next command)."""
    where = cwd / ".doc_test_cwd"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PYTHONUNBUFFERED": "1",
        "COLUMNS": "100",
    }
    script = f'{command}\nstatus=$?\npwd > "{where}"\nexit $status\n'
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=cwd,
        input=stdin,
        capture_output=False,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        timeout=COMMAND_TIMEOUT,
    )
    new_cwd = Path(where.read_text().strip()) if where.exists() else cwd
    where.unlink(missing_ok=True)
    return done.returncode, done.stdout, new_cwd


def page_failures(page: Path, sandbox: Path) -> Iterator[str]:
    cwd = sandbox
    for block in blocks_of(page):
        if block.language == "python":
            if block.marker == "not-run":
                compile(block.text, block.where, "exec")
                continue
            status, output, _ = run_in_shell(f"{sys.executable} -", sandbox, stdin=block.text)
            if status != 0:
                yield f"{block.where}: the Python example failed:\n{output}"
            continue
        if block.language not in SHELL_LANGUAGES:
            continue
        for command in commands_of(block):
            if block.marker == "not-run" or INSTALL.search(command.text):
                for step in command.text.split(" && "):
                    if INSTALL.search(step):
                        check_extras(step)
                    else:
                        check_syntax(step, cwd)
                continue
            status, output, cwd = run_in_shell(command.text, cwd)
            if (status != 0) != (block.marker == "expect-error"):
                yield f"{block.where}: `{command.text}` exited with {status}:\n{output}"
            elif command.expected_output and not output_matches(
                command.expected_output, output.splitlines()
            ):
                expected = "\n".join(command.expected_output)
                yield (
                    f"{block.where}: `{command.text}` printed\n{output}\n"
                    f"but the page shows\n{expected}"
                )


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
