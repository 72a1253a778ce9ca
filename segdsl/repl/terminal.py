"""`segdsl repl` at a terminal: the prompt_toolkit front end, its key bindings, history and
bottom toolbar."""

from __future__ import annotations

import os
from pathlib import Path

from segdsl.repl.session import CANCELLED, ReplSession
from segdsl.repl.statements import is_complete


def status_line(session: ReplSession, database_label: str) -> str:
    """The bottom toolbar: schema, database and its engine, the dialect of .sql, as-of."""
    as_of = session.as_of.isoformat(sep=" ") if session.as_of else "now"
    schema = session.schema.path.name if session.schema.path else "schema"
    engine = session.database.engine if session.database else "none"
    return (
        f" schema: {schema} | db: {database_label} | engine: {engine}"
        f" | .sql dialect: {session.dialect} | as of: {as_of}"
    )


def history_path() -> Path:
    """Where the prompt history lives (SEGDSL_HISTORY overrides; XDG data home)."""
    override = os.environ.get("SEGDSL_HISTORY")
    if override:
        return Path(override)
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "segdsl" / "history"


def run_interactive(session: ReplSession, vi_mode: bool, database_label: str) -> None:
    """The prompt_toolkit front end."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory, InMemoryHistory
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
    from prompt_toolkit.lexers import PygmentsLexer

    from segdsl.repl.completion import SegdslCompleter
    from segdsl.syntax.highlight import SegdslLexer

    bindings = KeyBindings()

    @bindings.add("enter")
    def _(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if is_complete(buffer.text) or buffer.text.endswith("\n"):
            buffer.validate_and_handle()
        else:
            buffer.insert_text("\n")

    path = history_path()
    history: FileHistory | InMemoryHistory
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        history = FileHistory(str(path))
    except OSError:
        history = InMemoryHistory()
    prompt: PromptSession[str] = PromptSession(
        message="segdsl> ",
        prompt_continuation="   ...> ",
        multiline=True,
        key_bindings=bindings,
        lexer=PygmentsLexer(SegdslLexer),
        completer=SegdslCompleter(session),
        complete_while_typing=False,
        history=history,
        bottom_toolbar=lambda: status_line(session, database_label),
        vi_mode=vi_mode,
    )
    print("segdsl repl — .help for commands, Ctrl-D to leave")
    while True:
        try:
            text = prompt.prompt()
        except KeyboardInterrupt:
            continue  # Ctrl-C clears the line
        except EOFError:
            return
        try:
            output = session.execute(text)
        except EOFError:
            return
        except KeyboardInterrupt:
            # Ctrl-C while a statement ran: the engine has cancelled its query
            # (segdsl/runtime/engines/base.py, `cancellable`). At the start of the line: over
            # the `^C` that the terminal echoed.
            output = f"\r{CANCELLED}"
        if output:
            print(output)
