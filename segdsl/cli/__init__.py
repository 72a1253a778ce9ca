"""The `segdsl` command line (docs/cli.md): the command group. Each command lives in the module of
its family, loaded only when the command runs (or help lists it): a command starts without
importing what the others need (a driver, a web server, the SQL compiler)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping

import click

# Each command: the module of its family and the name of its function there.
_COMMANDS = {
    "check": ("language", "check"),
    "compile": ("language", "compile_command"),
    "dialects": ("language", "dialects"),
    "run": ("running", "run"),
    "overlap": ("analytics", "overlap"),
    "history": ("analytics", "history"),
    "report": ("analytics", "report"),
    "sync": ("activation", "sync"),
    "dbt": ("activation", "dbt_command"),
    "repl": ("sessions", "repl"),
    "demo": ("sessions", "demo"),
    "fmt": ("tools", "fmt_command"),
    "lint": ("tools", "lint_command"),
    "lsp": ("editor", "lsp"),
    "studio": ("studio", "studio"),
    "why": ("why", "why"),
}


class _Commands(MutableMapping[str, click.Command]):
    """The group's commands by name, each imported when first asked for: click lists, finds
    and suggests commands through this mapping, so it needs no other change."""

    def __init__(self) -> None:
        self.loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self.loaded:
            module, function = _COMMANDS[name]
            command = getattr(importlib.import_module(f"segdsl.cli.{module}"), function)
            assert isinstance(command, click.Command)
            self.loaded[name] = command
        return self.loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError("segdsl's commands are not removed")

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*_COMMANDS, *self.loaded]))

    def __len__(self) -> int:
        return len(dict.fromkeys([*_COMMANDS, *self.loaded]))


@click.group(commands=_Commands(), context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="segdsl")
def main() -> None:
    """segdsl: customer segments as a language, compiled to SQL."""


__all__ = ["main"]
