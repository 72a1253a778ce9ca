"""`segdsl lsp` as a command: without the `lsp` extra, one line that says how to get it."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from segdsl.cli import main


def test_without_pygls_one_line_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pygls", None)
    for module in [m for m in sys.modules if m.startswith(("pygls.", "segdsl.lsp"))]:
        monkeypatch.delitem(sys.modules, module)
    result = CliRunner().invoke(main, ["lsp"])
    assert result.exit_code == 1
    assert result.stderr == "Error: the language server needs pygls: pip install 'segdsl[lsp]'\n"


def test_help() -> None:
    result = CliRunner().invoke(main, ["lsp", "--help"])
    assert result.exit_code == 0
    assert "Run the language server on stdin and stdout" in result.output
