"""`segdsl repl` without a terminal: statements read from a pipe, one output block each."""

from __future__ import annotations

from typing import TextIO

from segdsl.repl.session import CANCELLED, ReplSession
from segdsl.repl.statements import statements


def run_script(session: ReplSession, source: TextIO, out: TextIO) -> int:
    """Non-interactive mode: one output block per statement; exit status 1 if any failed."""
    failed = False
    for statement in statements(source):
        try:
            output = session.execute(statement)
        except EOFError:
            break
        except KeyboardInterrupt:  # the engine has cancelled the query (engines.cancellable)
            out.write(f"{CANCELLED}\n")
            return 130  # as for any command stopped by Ctrl-C
        if output.startswith("error") or "error[" in output:
            failed = True
        if output:
            out.write(output + "\n")
    return 1 if failed else 0
