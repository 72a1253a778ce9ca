"""The recorded Neovim session of docs/editors.md (editors/record_session.py): in a terminal,
Neovim with editors/vim's LSP set-up shows a diagnostic of `segdsl lsp`, a hover and a
completion. Skipped without nvim or tmux (failed in CI)."""

from __future__ import annotations

import sys

from editors import record_session
from tests.support.editors import require_lsp_extra, require_program


def test_session_shows_a_diagnostic_a_hover_and_a_completion() -> None:
    require_program("nvim", "Debian: apt-get install neovim")
    require_program("tmux", "Debian: apt-get install tmux")
    require_lsp_extra()
    diagnostic, hover, completion = record_session.record([sys.executable, "-m", "segdsl", "lsp"])
    assert "help: did you mean 'total_spent'?" in diagnostic.screen
    assert "recent: segment" in hover.screen
    assert "purchases" in completion.screen.split("segment many = purc\n")[1]


def test_page_holds_the_recorded_session() -> None:
    page = record_session.DOCS_PAGE.read_text(encoding="utf-8")
    captures = [record_session.Capture("title", "a screen")]
    rewritten = record_session.with_session(page, captures)
    assert "```text\na screen\n```" in rewritten
    assert record_session.with_session(rewritten, captures) == rewritten
