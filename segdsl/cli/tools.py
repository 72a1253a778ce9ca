"""`segdsl fmt` and `segdsl lint`: tools over segment files."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from segdsl import errors
from segdsl.cli.common import (
    handle_errors,
    project_settings,
    schema_for,
    schema_option,
    use_color,
)
from segdsl.diagnostics import Diagnostic, SegdslError, did_you_mean, render_all

# --- segdsl fmt ---------------------------------------------------------------------------------


def _fmt_diff(name: str, before: str, after: str) -> str:
    """A unified diff that stays readable when a side has no final newline."""
    import difflib
    import re

    def split(text: str) -> list[str]:
        return re.findall(r"[^\n]*\n|[^\n]+\Z", text)

    lines: list[str] = []
    for line in difflib.unified_diff(
        split(before),
        split(after),
        fromfile=name,
        tofile=f"{name} (formatted)",
    ):
        if line.endswith("\n"):
            lines.append(line)
        else:
            lines.append(line + "\n\\ No newline at end of file\n")
    return "".join(lines)


@click.command(name="fmt")
@click.argument(
    "paths",
    nargs=-1,
    required=True,
    metavar="PATH...",
    type=click.Path(exists=True, allow_dash=True),
)
@click.option("--check", is_flag=True, help="Change nothing; list files that would change.")
@click.option("--diff", "show_diff", is_flag=True, help="Change nothing; print what would change.")
@handle_errors
def fmt_command(paths: tuple[str, ...], check: bool, show_diff: bool) -> None:
    """Lay out segment files canonically (and schema metric expressions).

    PATH is a file or a folder (every *.seg file and schema YAML file in it, recursively);
    `-` reads standard input and writes the result to standard output. With --check or
    --diff nothing is written and the exit code is 1 when something would change.
    """
    from segdsl.files import OutputError, atomic_write_text
    from segdsl.fmt.formatter import discover, format_path_text, format_source
    from segdsl.syntax.parser import read_file

    project_settings(*paths)  # for its [limits]
    failures: list[Diagnostic] = []
    changed: list[str] = []
    unchanged = 0
    dry = check or show_diff

    def report(name: str, before: str, after: str) -> None:
        changed.append(name)
        if show_diff:
            click.echo(_fmt_diff(name, before, after), nl=False)
        elif check:
            click.echo(f"would reformat {name}")

    if "-" in paths:
        text = sys.stdin.read()
        try:
            formatted = format_source(text, "<stdin>")
        except SegdslError as error:
            failures.extend(error.diagnostics)
        else:
            if not dry:
                click.echo(formatted, nl=False)
            elif formatted != text:
                report("<stdin>", text, formatted)
    files = discover([p for p in paths if p != "-"])
    for file in files:
        try:
            original = read_file(file)
            formatted = format_path_text(file, original)
        except SegdslError as error:
            failures.extend(error.diagnostics)
            continue
        if formatted == original:
            unchanged += 1
            continue
        if dry:
            report(str(file), original, formatted)
            continue
        try:
            atomic_write_text(file, formatted)
        except OutputError as error:
            failures.append(Diagnostic(errors.E600, str(error), None))
            continue
        changed.append(str(file))
        click.echo(f"reformatted {file}", err=True)
    if files:
        count = len(changed)
        plural = "s" * (count != 1)
        done = f"{count} file{plural} {'would be reformatted' if dry else 'reformatted'}"
        left = f"{unchanged} file{'s' * (unchanged != 1)} already formatted"
        click.echo(f"{done}, {left}", err=True)
    if failures:
        raise SegdslError(failures)
    if dry and changed:
        sys.exit(1)


# --- segdsl lint --------------------------------------------------------------------------------


def _lint_targets(paths: Sequence[str]) -> list[Path]:
    """Files as given; folders searched recursively for *.seg files (sorted, no duplicates)."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        found.extend(sorted(path.rglob("*.seg")) if path.is_dir() else [path])
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def _lint_exit_errors(diagnostics: Sequence[Diagnostic]) -> None:
    click.echo(render_all(diagnostics, color=use_color(sys.stderr)), err=True)
    sys.exit(2)


@click.command(name="lint")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--format",
    "lint_format",
    type=click.Choice(["text", "json", "sarif", "github"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--fix", is_flag=True, help="Apply safe fixes, rewriting files atomically.")
@click.option("--explain", "explain_code", metavar="CODE", help="Explain a rule and exit.")
@schema_option
@click.option("--select", multiple=True, metavar="CODES", help="Only these rules (or prefixes).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Leave these rules out.")
@handle_errors  # for signals and deep input: lint reports its own errors, with exit status 2
def lint_command(
    paths: tuple[str, ...],
    lint_format: str,
    fix: bool,
    explain_code: str | None,
    schema_path: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
) -> None:
    """Find segments that match nobody or everybody, missing-value traps and more.

    PATH is a segment file or a folder (its *.seg files, recursively). Settings come from
    `[lint]` in segdsl.toml (or `[tool.segdsl.lint]` in pyproject.toml). Exit code: 0 when
    clean, 1 when findings (other than info) remain, 2 on usage, parse or type errors.
    """
    from importlib.metadata import PackageNotFoundError, version

    from segdsl.files import OutputError, atomic_write_text
    from segdsl.lint import config_from_table, explain, find_rule, fix_text, lint_text
    from segdsl.lint.findings import FileError, Finding
    from segdsl.lint.output import render_github, render_json, render_sarif, render_text, summary
    from segdsl.syntax.parser import read_source

    if explain_code is not None:
        rule = find_rule(explain_code)
        if rule is None:
            from segdsl.lint import RULES

            hints = did_you_mean(explain_code.upper(), [r.code for r in RULES])
            raise click.BadParameter(
                f"no rule '{explain_code}'" + (f"; {hints[0]}" if hints else ""),
                param_hint="'--explain'",
            )
        click.echo(explain(rule))
        return
    if not paths:
        raise click.UsageError("give a segment file or folder to lint")
    try:
        project = project_settings(*paths)
        origin = str(project.path) if project.path else "segdsl.toml"
        config = config_from_table(project.lint, origin).overridden(select, ignore)
        schema = schema_for(schema_path, project)
    except SegdslError as error:
        _lint_exit_errors(error.diagnostics)
        return
    failures: list[FileError] = []
    findings: list[Finding] = []
    fixed = 0
    for path in _lint_targets(paths):
        try:
            text = read_source(path)
            if fix:
                result = fix_text(text, str(path), schema, config)
                if result.text != text:
                    atomic_write_text(path, result.text)
                fixed += result.fixed
                findings.extend(result.findings)
            else:
                findings.extend(lint_text(text, str(path), schema, config))
        except SegdslError as error:
            failures.extend(FileError(str(path), d) for d in error.diagnostics)
        except OutputError as error:
            failures.append(FileError(str(path), Diagnostic(errors.E600, str(error), None)))
    if lint_format == "json":
        click.echo(render_json(findings, failures))
    elif lint_format == "sarif":
        try:
            tool_version = version("segdsl")
        except PackageNotFoundError:
            tool_version = "0"
        click.echo(render_sarif(findings, tool_version, failures))
    elif lint_format == "github":
        if findings or failures:
            click.echo(render_github(findings, failures))
    else:
        if findings:
            click.echo(render_text(findings, color=use_color(sys.stdout)) + "\n")
        click.echo(summary(findings, fixed, failures))
    if failures:
        _lint_exit_errors([f.diagnostic for f in failures])
    if any(f.severity != "info" for f in findings):
        sys.exit(1)
