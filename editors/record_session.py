"""Record a Neovim session with segdsl's language server, as a terminal shows it, for
docs/editors.md: a diagnostic, a hover and a completion, each captured from a tmux pane.

    python editors/record_session.py           # write the captures into docs/editors.md
    python editors/record_session.py --print   # print them only

Neovim starts without the user's configuration, with editors/vim and its LSP set-up
(editors/vim/lua/segdsl/lsp.lua) only, on a segment file of a project with the example shop's
schema. It needs nvim, tmux and `segdsl lsp` (`--server` gives another command line).
tests/editors/test_session.py runs it."""

from __future__ import annotations

import argparse
import json
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from segdsl.files import atomic_write_text

EDITORS = Path(__file__).resolve().parent
ROOT = EDITORS.parent
DOCS_PAGE = ROOT / "docs/editors.md"
BEGIN = "<!-- recorded session: begin (python editors/record_session.py) -->"
END = "<!-- recorded session: end -->"
WIDTH, HEIGHT = 100, 14
TIMEOUT = 30.0

SEGMENTS = """\
# Customers who ordered lately, and the loyal ones among them.
segment recent "Ordered in the last 30 days" = last_order < 30d
segment big_spenders = total_spend > 1000

segment loyal "5+ orders, one lately" = purchases >= 5 and recent
"""
INIT = """\
vim.opt.runtimepath:prepend({runtime})
vim.cmd('filetype plugin indent on')
vim.cmd('syntax on')
vim.opt.shortmess:append('I')
vim.opt.completeopt = {{ 'menuone', 'noinsert' }}
require('segdsl.lsp').setup({{ cmd = {server} }})
"""


@dataclass(frozen=True)
class Capture:
    title: str
    screen: str


class Terminal:
    """Neovim in a tmux pane of its own tmux server."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        completed = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return completed.stdout

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "record", *keys)

    def command(self, line: str) -> None:
        """An Ex command, typed."""
        self.keys("Escape")
        self.keys("-l", f":{line}")
        self.keys("Enter")

    def screen(self) -> str:
        lines = self.tmux("capture-pane", "-p", "-t", "record").splitlines()
        return "\n".join(line.rstrip() for line in lines).rstrip("\n")

    def wait_for(self, what: str, shown: Callable[[str], bool]) -> str:
        """The screen once `shown` holds of it; RuntimeError naming `what` after TIMEOUT."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            screen = self.screen()
            if shown(screen):
                return screen
            if time.monotonic() > deadline:
                raise RuntimeError(f"no {what} within {TIMEOUT:.0f} s; the screen:\n{screen}")
            time.sleep(0.2)


@contextmanager
def neovim(folder: Path, server: Sequence[str]) -> Iterator[Terminal]:
    init = folder / "init.lua"
    init.write_text(
        INIT.format(runtime=json.dumps(str(EDITORS / "vim")), server=_lua_list(server)),
        encoding="utf-8",
    )
    terminal = Terminal(f"segdsl-record-{folder.name}")
    command = shlex.join(["nvim", "-i", "NONE", "-u", str(init), "segments.seg"])
    terminal.tmux(
        "-f", "/dev/null", "new-session", "-d", "-s", "record", "-x", str(WIDTH),
        "-y", str(HEIGHT), "-c", str(folder), f"TERM=xterm-256color {command}",
    )  # fmt: skip
    try:
        yield terminal
    finally:
        terminal.tmux("kill-server")


def _lua_list(items: Sequence[str]) -> str:
    return "{ " + ", ".join(json.dumps(item) for item in items) + " }"


def record(server: Sequence[str]) -> list[Capture]:
    """Open a segment file with a typo, hover over a name, complete one."""
    with tempfile.TemporaryDirectory(prefix="segdsl-record-") as temporary:
        folder = Path(temporary)
        shutil.copy(ROOT / "examples/shop/schema.yaml", folder / "schema.yaml")
        (folder / "segdsl.toml").write_text('schema = "schema.yaml"\n', encoding="utf-8")
        (folder / "segments.seg").write_text(SEGMENTS, encoding="utf-8")
        with neovim(folder, server) as terminal:
            terminal.wait_for("diagnostic", lambda screen: "unknown name" in screen)
            terminal.command(f"call cursor({_position_of('total_spend')})")
            terminal.command("lua vim.diagnostic.open_float()")
            diagnostic = terminal.wait_for(
                "diagnostic's text", lambda screen: "Diagnostics:" in screen
            )
            terminal.keys("Escape")
            terminal.command(f"call cursor({_position_of('recent', 2)})")
            terminal.command("lua vim.lsp.buf.hover()")
            hover = terminal.wait_for("hover", lambda screen: screen.count("last_order < 30d") == 2)
            terminal.keys("Escape")
            terminal.command("normal! G")
            terminal.keys("o")
            terminal.keys("-l", "segment many = purc")
            terminal.keys("C-x", "C-o")
            completion = terminal.wait_for(
                "completion", lambda screen: re.search(r"= purc\n.*purchases", screen) is not None
            )
            terminal.keys("Escape")
            terminal.command("qall!")
    return [
        Capture("A diagnostic (`:lua vim.diagnostic.open_float()` shows all of it)", diagnostic),
        Capture("Hover over `recent` (`:lua vim.lsp.buf.hover()`)", hover),
        Capture("Completion (`<C-x><C-o>`) of `purc`", completion),
    ]


def _position_of(word: str, occurrence: int = 1) -> str:
    """`line, column` (1-based) of an occurrence of `word` in SEGMENTS."""
    found = list(re.finditer(rf"\b{word}\b", SEGMENTS))[occurrence - 1]
    line = SEGMENTS.count("\n", 0, found.start()) + 1
    return f"{line}, {found.start() - SEGMENTS.rfind(chr(10), 0, found.start())}"


def markdown(captures: Sequence[Capture]) -> str:
    return "\n\n".join(f"{c.title}:\n\n```text\n{c.screen}\n```" for c in captures)


def with_session(page: str, captures: Sequence[Capture]) -> str:
    """The page with the captures between its session markers."""
    start = page.index(BEGIN) + len(BEGIN)
    end = page.index(END)
    return page[:start] + "\n\n" + markdown(captures) + "\n\n" + page[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--print", action="store_true", help="print, do not write the page")
    parser.add_argument("--server", default="segdsl lsp", help="the language server's command line")
    options = parser.parse_args(argv)
    for program in ("nvim", "tmux"):
        if shutil.which(program) is None:
            print(f"{program} is not installed", file=sys.stderr)
            return 1
    try:
        captures = record(shlex.split(options.server))
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    if options.print:
        print(markdown(captures))
    else:
        atomic_write_text(DOCS_PAGE, with_session(DOCS_PAGE.read_text(encoding="utf-8"), captures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
