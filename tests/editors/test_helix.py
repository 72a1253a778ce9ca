"""The Helix configuration (editors/helix/languages.toml): segdsl files by their suffix, the
lexicon's comment, and `segdsl lsp` as their language server. Helix itself is not in Debian, so
only the file is checked here."""

from __future__ import annotations

import tomllib
from typing import Any

from segdsl.cli import main
from segdsl.syntax import lexicon
from tests.support.editors import EDITORS

CONFIGURATION: dict[str, Any] = tomllib.loads(
    (EDITORS / "helix/languages.toml").read_text(encoding="utf-8")
)


def test_language_is_segdsl_files_with_the_lexicons_comment() -> None:
    [language] = CONFIGURATION["language"]
    assert language["name"] == "segdsl"
    assert language["file-types"] == ["seg"]
    assert language["comment-token"] == lexicon.COMMENT_START
    assert language["indent"] == {"tab-width": 4, "unit": "    "}


def test_language_server_is_segdsl_lsp() -> None:
    [language] = CONFIGURATION["language"]
    [server] = language["language-servers"]
    command = CONFIGURATION["language-server"][server]
    assert command["command"] == "segdsl"
    [subcommand] = command["args"]
    assert subcommand in main.commands
