"""The error-code registry (segdsl/errors.py): every code the code base can report is registered,
documented in the generated docs/errors.md, and reachable: each registered code's example, run
through the real pipeline (parse, check, compile, schema load, the CLI or the Python API),
reports exactly that code."""

from __future__ import annotations

import ast
import datetime as dt
import re
import shlex
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import segdsl
from segdsl import errors
from segdsl.cli import main as segdsl_cli
from segdsl.errors import (
    REGISTRY,
    Command,
    ErrorCode,
    Internal,
    PythonCode,
    SchemaFile,
    SegmentCode,
)
from segdsl.fmt import formatter
from segdsl.semantics.checker import check_condition, check_module
from segdsl.syntax.parser import parse_expression, parse_module

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "segdsl"
SHOP_SCHEMA = segdsl.load_schema(ROOT / "examples/shop/schema.yaml")
SHOP_SEGMENTS = parse_module(
    (ROOT / "examples/shop/segments.seg").read_text(encoding="utf-8"), "segments.seg"
)
AS_OF = dt.datetime(2026, 11, 1)
CODE = re.compile(r"^E\d{3}$")
CODE_WORD = re.compile(r"\b(E\d{3})\b")
REPORTED = re.compile(r"error\[(E\d{3})\]")


def _python_files(folder: Path) -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(folder.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _code_literals(tree: ast.Module) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and CODE.match(node.value)
        ):
            yield node.lineno, node.value


def _registry_references(tree: ast.Module) -> Iterator[str]:
    """`errors.E210` anywhere in a module."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "errors"
            and CODE.match(node.attr)
        ):
            yield node.attr


def _raised_codes() -> set[str]:
    return {
        code
        for path, tree in _python_files(PACKAGE)
        if path.name != "errors.py"
        for code in _registry_references(tree)
    }


def test_every_code_the_code_base_reports_comes_from_the_registry() -> None:
    literals = [
        f"{path.relative_to(ROOT)}:{line}: {code}"
        for path, tree in _python_files(PACKAGE)
        if path.name != "errors.py"
        for line, code in _code_literals(tree)
    ]
    assert not literals, (
        "error codes written as strings; register them in segdsl/errors.py and use errors.EXXX:\n"
        + "\n".join(literals)
    )
    unknown = sorted(_raised_codes() - set(REGISTRY))
    assert not unknown, f"not in segdsl/errors.py: {unknown}"


def test_every_registered_code_is_reported_somewhere() -> None:
    assert sorted(set(REGISTRY) - _raised_codes()) == []


def test_each_constant_is_named_after_its_code() -> None:
    constants = {name: value for name, value in vars(errors).items() if CODE.match(name)}
    assert constants == {code: code for code in REGISTRY}


def test_codes_named_by_tests_and_docs_are_registered() -> None:
    """A test or a page that names a code that was split or renumbered is stale."""
    named = [
        (f"{path.relative_to(ROOT)}:{line}", code)
        for path, tree in _python_files(ROOT / "tests")
        for line, code in _code_literals(tree)
    ]
    for page in [ROOT / "README.md", *(ROOT / "docs").rglob("*.md"), *ROOT.glob("tests/**/*.yaml")]:
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
            named += [(f"{page.relative_to(ROOT)}:{number}", c) for c in CODE_WORD.findall(line)]
    stale = [f"{where}: {code}" for where, code in named if code not in REGISTRY]
    assert not stale, "\n".join(stale)


def test_the_error_catalogue_is_generated_from_the_registry() -> None:
    page = (ROOT / "docs/errors.md").read_text(encoding="utf-8")
    assert page == errors.catalogue_markdown(), (
        f"docs/errors.md is stale; regenerate it: {errors.REGENERATE}"
    )
    for code in REGISTRY:
        assert f"### {code}: " in page


# --- every example reports exactly its code ----------------------------------------------------


def _check_segment_code(text: str) -> None:
    """Parse, check and compile, as `segdsl check` and `segdsl compile` do."""
    if re.search(r"^(segment|partition)\b", text, re.MULTILINE):
        checked = check_module(parse_module(text, "<example>"), SHOP_SCHEMA)
        conditions = [segment.condition for segment in checked.segments.values()]
    else:
        conditions = [check_condition(parse_expression(text), SHOP_SCHEMA, SHOP_SEGMENTS)]
    for condition in conditions:
        segdsl.compile_sql(condition, SHOP_SCHEMA, dialect="duckdb", as_of=AS_OF)


def _run_command(command: Command, folder: Path, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """In an empty folder with the repository's examples, as a reader at the root would."""
    (folder / "examples").symlink_to(ROOT / "examples")
    for name, text in command.files:
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(folder)
    for module in command.without:
        monkeypatch.setitem(sys.modules, module, None)  # as if its extra were not installed
    program, *arguments = shlex.split(command.line)
    assert program == "segdsl"
    result = CliRunner().invoke(segdsl_cli, arguments)
    assert isinstance(result.exception, SystemExit) and result.exit_code != 0, result.output
    return set(REPORTED.findall(result.output))


def _provoke_a_formatter_bug(folder: Path, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """`segdsl fmt` on a formatter that drops a segment: it must refuse to write."""
    file = folder / "segments.seg"
    file.write_text("segment a = purchases > 1\nsegment b = purchases > 2\n", encoding="utf-8")
    format_module = formatter.format_module
    monkeypatch.setattr(
        formatter, "format_module", lambda module: format_module(module).split("\n")[0] + "\n"
    )
    result = CliRunner().invoke(segdsl_cli, ["fmt", str(file)])
    assert result.exit_code == 1
    assert file.read_text(encoding="utf-8").count("segment") == 2
    return set(REPORTED.findall(result.output))


PROVOKED: dict[str, Callable[[Path, pytest.MonkeyPatch], set[str]]] = {
    errors.E605: _provoke_a_formatter_bug
}


def reported_codes(entry: ErrorCode, folder: Path, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The codes segdsl reports for the example of `entry`."""
    example = entry.example
    if isinstance(example, Command):
        return _run_command(example, folder, monkeypatch)
    if isinstance(example, Internal):
        return PROVOKED[entry.code](folder, monkeypatch)
    with pytest.raises(segdsl.SegdslError) as raised:
        if isinstance(example, SegmentCode):
            _check_segment_code(example.text)
        elif isinstance(example, SchemaFile):
            segdsl.schema_from_text(example.text)
        else:
            assert isinstance(example, PythonCode)
            monkeypatch.chdir(ROOT)
            exec(compile(example.text, f"<{entry.code}>", "exec"), {})
    return {diagnostic.code for diagnostic in raised.value.diagnostics}


@pytest.mark.parametrize("entry", REGISTRY.values(), ids=lambda entry: entry.code)
def test_the_example_reports_exactly_its_code(
    entry: ErrorCode, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert reported_codes(entry, tmp_path, monkeypatch) == {entry.code}


def test_every_internal_code_is_provoked() -> None:
    internal = {e.code for e in REGISTRY.values() if isinstance(e.example, Internal)}
    assert internal == set(PROVOKED)
