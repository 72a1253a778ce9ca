"""The examples of README.md and docs/, and running their commands as a reader would
(docs/writing-docs.md explains the rules): tests/test_docs.py runs them with every extra
installed, tests/test_install.py after a plain `pip install .`, with the extras' packages made
unimportable (tests/support/without_extras/sitecustomize.py)."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import pty
import re
import runpy
import shlex
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path

import click
import pytest

from segdsl.cli import main as segdsl_cli
from segdsl.demo.builder import build_demo_database

ROOT = Path(__file__).parent.parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
AS_OF = dt.datetime(2026, 11, 1)
COMMAND_TIMEOUT = 300  # seconds; a safety net for a hung command, not a measurement
SHELL_LANGUAGES = {"sh", "console"}
WITHOUT_EXTRAS = Path(__file__).parent / "without_extras"

FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<language>[\w+-]*)")
MARKER = re.compile(
    r"^<!-- test: (?P<kind>expect-error|not-run|output-varies|needs-extra)"
    r"(?::? (?P<arg>.*?))? -->$"
)
INSTALL = re.compile(r"(?:^|&& )(?:python3? -m )?pip install ")

# The modules each optional extra of pyproject.toml brings (`test` brings the others).
EXTRA_MODULES = {
    "postgres": ("psycopg",),
    "mysql": ("pymysql",),
    "clickhouse": ("chdb", "clickhouse_connect"),
    "spark": ("pyspark",),
    "trino": ("trino",),
    "snowflake": ("snowflake",),
    "bigquery": ("google.cloud.bigquery",),
    "databricks": ("databricks",),
    "redshift": ("psycopg",),
    "parquet": ("pyarrow",),
    "chart": ("matplotlib",),
    "repl": ("prompt_toolkit", "pygments"),
    "studio": ("starlette", "uvicorn"),
    "docs": ("mkdocs",),
    "lsp": ("pygls",),
    "dbt": ("dbt",),
    # sqlglot's compiled build replaces sqlglot's own modules: nothing to hide, same output.
    "fast": (),
}


@dataclasses.dataclass(frozen=True)
class Block:
    page: Path
    line: int  # of the opening fence, 1-based
    language: str
    text: str
    marker: str | None  # expect-error, not-run, output-varies or needs-extra
    marker_arg: str

    @property
    def where(self) -> str:
        page = self.page.relative_to(ROOT) if self.page.is_relative_to(ROOT) else self.page
        return f"{page}:{self.line}"


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


def build_docs_shop(path: Path) -> Path:
    """The demo shop every example runs on: small, and anchored so that outputs are stable."""
    build_demo_database(path, customers=2000, seed=42, anchor=AS_OF)
    return path


def copy_sandbox(folder: Path, shop: Path) -> Path:
    """The repository's examples, benchmarks and editor set-ups in `folder`, and the demo shop
    at its root."""
    shutil.copytree(ROOT / "examples", folder / "examples")
    shutil.copytree(
        ROOT / "benchmarks", folder / "benchmarks", ignore=shutil.ignore_patterns("data")
    )
    shutil.copytree(
        ROOT / "editors",
        folder / "editors",
        ignore=shutil.ignore_patterns("node_modules", "*.vsix"),
    )
    shutil.copy(shop, folder / "shop.duckdb")
    return folder


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


def declared_extras() -> dict[str, list[str]]:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras: dict[str, list[str]] = declared["project"]["optional-dependencies"]
    return extras


def installed_extras(command: str) -> set[str]:
    """The extras an install command names (`'.[repl]'`, `'segdsl[chart]'`), with the extras
    they bring in turn (`test` brings the drivers); each must exist in pyproject.toml."""
    extras = declared_extras()

    def named_in(words: Iterable[str]) -> list[str]:
        pattern = r"^(?:\.|segdsl)\[([\w,-]+)\]$"
        return [e for word in words for g in re.findall(pattern, word) for e in g.split(",")]

    found: set[str] = set()
    pending = named_in(shlex.split(command))
    while pending:
        extra = pending.pop()
        assert extra in extras, f"{command!r}: no such extra {extra!r}"
        if extra not in found:
            found.add(extra)
            pending += named_in(extras[extra])
    return found


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


def environment(missing_extras: Iterable[str] = ()) -> dict[str, str]:
    """A reader's environment; the modules of `missing_extras` cannot be imported in it."""
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PYTHONUNBUFFERED": "1",
        "COLUMNS": "100",
    }
    modules = sorted(m for extra in missing_extras for m in EXTRA_MODULES[extra])
    if modules:
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(WITHOUT_EXTRAS), os.environ.get("PYTHONPATH")])
        )
        env["SEGDSL_TEST_MISSING_MODULES"] = ",".join(modules)
    return env


def run_in_shell(
    command: str,
    cwd: Path,
    stdin: str = "",
    env: dict[str, str] | None = None,
    terminal: bool = False,
) -> tuple[int, str, Path]:
    """Run as a reader's shell would; returns the status, stdout and stderr, and the folder the
    shell ends in (a `cd` carries over to the next command). With `terminal`, standard input
    is a terminal (at its end), as when the reader types the command."""
    # Outside the reader's folders, so that no run (even an interrupted one) leaves it there.
    handle, name = tempfile.mkstemp(prefix="segdsl-doc-cwd-")
    os.close(handle)
    where = Path(name)
    script = f'{command}\nstatus=$?\npwd > "{where}"\nexit $status\n'
    keyboard, tty = pty.openpty() if terminal else (-1, -1)
    try:
        if terminal:
            os.write(keyboard, b"\x04")  # Ctrl-D: the end of the input
        done = subprocess.run(
            ["bash", "-c", script],
            cwd=cwd,
            input=None if terminal else stdin,
            stdin=tty if terminal else None,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env or environment(),
            timeout=COMMAND_TIMEOUT,
        )
    finally:
        if terminal:
            os.close(keyboard)
            os.close(tty)
    written = where.read_text().strip()
    where.unlink(missing_ok=True)
    new_cwd = Path(written) if written else cwd
    return done.returncode, done.stdout, new_cwd


def page_failures(
    page: Path, sandbox: Path, missing_extras: frozenset[str] = frozenset()
) -> Iterator[str]:
    """Run a page's commands and Python blocks in order. With `missing_extras`, the reader has
    not installed those extras (until a command of the page installs one): a block marked
    `needs-extra X` must then fail with a one-line `pip install 'segdsl[X]'`, not a traceback."""
    cwd = sandbox
    missing = set(missing_extras)
    for block in blocks_of(page):
        if block.language == "python":
            assert block.marker != "needs-extra", f"{block.where}: Python needs no extra marker"
            if block.marker == "not-run":
                compile(block.text, block.where, "exec")
                continue
            status, output, _ = run_in_shell(
                f"{sys.executable} -", sandbox, stdin=block.text, env=environment(missing)
            )
            if status != 0:
                yield f"{block.where}: the Python example failed:\n{output}"
            continue
        if block.language not in SHELL_LANGUAGES:
            continue
        if block.marker == "needs-extra":
            assert block.marker_arg in EXTRA_MODULES, f"{block.where}: no extra {block.marker_arg}"
        for command in commands_of(block):
            if block.marker == "not-run" or INSTALL.search(command.text):
                for step in command.text.split(" && "):
                    if INSTALL.search(step):
                        missing -= installed_extras(step)
                    else:
                        check_syntax(step, cwd)
                continue
            if block.marker == "needs-extra" and block.marker_arg in missing:
                yield from _missing_extra_failures(block, command, cwd, missing)
                continue
            status, output, cwd = run_in_shell(command.text, cwd, env=environment(missing))
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


def _missing_extra_failures(
    block: Block, command: Command, cwd: Path, missing: set[str]
) -> Iterator[str]:
    try:
        status, output, _ = run_in_shell(command.text, cwd, env=environment(missing), terminal=True)
    except subprocess.TimeoutExpired:
        yield f"{block.where}: `{command.text}` waited at the terminal: it runs without the extra"
        return
    advice = f"pip install 'segdsl[{block.marker_arg}]'"
    if status == 0 or "Traceback" in output or advice not in output:
        yield (
            f"{block.where}: `{command.text}` without the {block.marker_arg} extra exited with "
            f"{status}; it must fail with a message naming {advice}, and printed:\n{output}"
        )
