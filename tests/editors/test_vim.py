"""The Vim and Neovim files (editors/vim), run headless in the Vim and Neovim Debian ships:
a .seg file gets the segdsl filetype, every word of the lexicon and every kind of literal gets its
syntax group, indentation lays the example shop's segments out as `segdsl fmt` does, comments
start with #, and Neovim's language server client (editors/vim/lua/segdsl/lsp.lua, written for
Neovim 0.7) receives the diagnostics of `segdsl lsp`. An editor that is not installed skips its
tests (fails them in CI)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.editors import (
    EDITORS,
    ROOT,
    docs_blocks,
    lexicon_sample,
    require_lsp_extra,
    require_program,
)

VIM_FILES = EDITORS / "vim"
SHOP_SEGMENTS = ROOT / "examples/shop/segments.seg"
EDITOR_NAMES = ["nvim", "vim"]
GROUPS = {
    "definition": "segdslDefinition",
    "name": "segdslDefinitionName",
    "constant": "segdslConstant",
    "keyword": "segdslKeyword",
    "function": "segdslFunction",
    "string": "segdslString",
    "comment": "segdslComment",
    "integer": "segdslInteger",
    "decimal": "segdslDecimal",
    "duration": "segdslDuration",
    "date": "segdslDate",
    "timestamp": "segdslTimestamp",
}


def vim_string(text: str | Path) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def editor_command(name: str) -> list[str]:
    """The editor, headless, without the user's configuration, with editors/vim loaded."""
    if name == "nvim":
        program = require_program("nvim", "Debian: apt-get install neovim")
        headless = ["--headless"]
    else:
        program = require_program("vim", "Debian: apt-get install vim")
        headless = ["-N", "-es"]
    runtime = str(VIM_FILES).replace(" ", "\\ ")
    return [program, *headless, "-u", "NONE", "-i", "NONE", "--cmd", f"set rtp^={runtime}"]


def run_editor(name: str, script: str, folder: Path, **env: str) -> Any:
    """Run a Vim script in the editor with filetypes and syntax on; the script leaves its
    findings in g:result, which is returned (read back as JSON)."""
    script_file = folder / "test.vim"
    result_file = folder / "result.json"
    result_file.unlink(missing_ok=True)
    script_file.write_text(
        f"{script}\ncall writefile([json_encode(g:result)], {vim_string(result_file)})\nqall!\n",
        encoding="utf-8",
    )
    command = [
        *editor_command(name),
        *("-c", "filetype plugin indent on", "-c", "syntax on", "-S", str(script_file)),
    ]
    completed = subprocess.run(
        command,
        cwd=folder,
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result_file.exists(), (
        f"{name} left no result (exit {completed.returncode}):\n{completed.stdout}\n"
        f"{completed.stderr}"
    )
    return json.loads(result_file.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", EDITOR_NAMES)
def test_every_word_of_the_lexicon_is_highlighted(name: str, tmp_path: Path) -> None:
    text, tokens = lexicon_sample()
    (tmp_path / "sample.seg").write_text(text, encoding="utf-8")
    # The first and the last character of each token.
    positions = [
        [token.line, token.column + offset] for token in tokens for offset in (1, len(token.text))
    ]
    script = f"""
edit sample.seg
let g:result = {{'filetype': &filetype, 'groups': map({json.dumps(positions)},
    \\ {{_, p -> synIDattr(synID(p[0], p[1], 1), 'name')}})}}
"""
    result = run_editor(name, script, tmp_path)
    assert result["filetype"] == "segdsl"
    found = iter(result["groups"])
    wrong = [
        (token.text, token.kind, groups)
        for token in tokens
        if (groups := (next(found), next(found))) != (GROUPS[token.kind],) * 2
    ]
    assert not wrong, f"tokens, their kinds and the groups {name} gave them: {wrong}"


@pytest.mark.parametrize("name", EDITOR_NAMES)
def test_every_group_links_to_a_standard_one(name: str, tmp_path: Path) -> None:
    """Colour schemes colour the standard groups (Keyword, String, ...): each of segdsl's
    groups must lead to one, or it shows uncoloured."""
    (tmp_path / "sample.seg").write_text("", encoding="utf-8")
    groups = sorted({*GROUPS.values(), "segdslEscape", "segdslOperator", "segdslNamedSet"})
    script = f"""
edit sample.seg
let g:result = map({json.dumps(groups)}, {{_, g -> synIDattr(synIDtrans(hlID(g)), 'name')}})
"""
    shown_as = dict(zip(groups, run_editor(name, script, tmp_path), strict=True))
    assert not [group for group, standard in shown_as.items() if standard == group], shown_as


@pytest.mark.parametrize("name", EDITOR_NAMES)
def test_indentation_is_the_formatters_layout(name: str, tmp_path: Path) -> None:
    """Indenting the example shop's segments, flush left, gives them back as `segdsl fmt`
    wrote them."""
    expected = SHOP_SEGMENTS.read_text(encoding="utf-8")
    flush_left = "".join(line.lstrip(" ") for line in expected.splitlines(keepends=True))
    (tmp_path / "segments.seg").write_text(flush_left, encoding="utf-8")
    script = """
edit segments.seg
normal! gg=G
let g:result = {'lines': getline(1, '$'), 'commentstring': &commentstring,
    \\ 'shiftwidth': shiftwidth(), 'expandtab': &expandtab}
"""
    result = run_editor(name, script, tmp_path)
    assert "\n".join(result["lines"]) + "\n" == expected
    assert result["commentstring"] == "# %s"
    assert (result["shiftwidth"], result["expandtab"]) == (4, 1)


def test_neovim_lua_of_the_docs_compiles(tmp_path: Path) -> None:
    """The set-ups docs/editors.md shows compile in Neovim's Lua (0.11's vim.lsp.config
    cannot run in Debian's 0.7)."""
    blocks = docs_blocks("lua")
    assert blocks
    files = []
    for number, block in enumerate(blocks):
        (tmp_path / f"block{number}.lua").write_text(block, encoding="utf-8")
        files.append(str(tmp_path / f"block{number}.lua"))
    script = f"""
let g:result = map({json.dumps(files)}, {{_, f -> luaeval('select(2, loadfile(_A)) or ""', f)}})
"""
    assert run_editor("nvim", script, tmp_path) == [""] * len(files)


def test_neovim_client_receives_a_diagnostic(tmp_path: Path) -> None:
    """The 0.7 set-up (vim.lsp.start_client, buf_attach_client) starts `segdsl lsp` for a
    segment file and shows its diagnostics."""
    require_lsp_extra()
    (tmp_path / "segdsl.toml").write_text('schema = "schema.yaml"\n', encoding="utf-8")
    (tmp_path / "schema.yaml").write_text(
        (ROOT / "examples/shop/schema.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "broken.seg").write_text(
        'segment recent "Ordered lately" = last_order < 30d\nsegment typo = purchase > 2\n',
        encoding="utf-8",
    )
    script = f"""
lua << EOF
require('segdsl.lsp').setup({{ cmd = {{ {json.dumps(sys.executable)}, '-m', 'segdsl', 'lsp' }} }})
EOF
edit broken.seg
lua << EOF
-- Until a diagnostic arrives, or the server stops. (attach gives the buffer's client, which
-- opening the file started.)
local client = vim.lsp.get_client_by_id(require('segdsl.lsp').attach(0) or -1)
vim.wait(30000, function()
  return #vim.diagnostic.get(0) > 0 or client == nil or client.is_stopped()
end, 100)
local received = #vim.diagnostic.get(0) > 0
local diagnostics = {{}}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(diagnostics, {{ line = d.lnum, column = d.col, code = d.code, message = d.message }})
end
local clients = {{}}
for _, attached in pairs(vim.lsp.buf_get_clients(0)) do
  table.insert(clients, attached.name .. ' ' .. attached.id)
end
local log = vim.fn.readfile(vim.lsp.get_log_path())
vim.g.result = {{
  received = received, diagnostics = diagnostics, clients = clients,
  log = vim.list_slice(log, #log - 4, #log),
}}
EOF
"""
    result = run_editor("nvim", script, tmp_path)
    assert result["received"], (
        f"no diagnostic from segdsl lsp within 30 s, or the server stopped; clients attached: "
        f"{result['clients']}; "
        "the end of Neovim's LSP log:\n" + "\n".join(result["log"])
    )
    assert result["clients"] == ["segdsl 1"]  # one client, started when the file opened
    [diagnostic] = result["diagnostics"]
    assert (diagnostic["line"], diagnostic["column"]) == (1, 15)
    assert "purchase" in diagnostic["message"]
