"""`segdsl lsp`: the language server for editors (docs/editors.md)."""

from __future__ import annotations

import click

_EXTRA_MODULES = ("pygls", "lsprotocol")


@click.command()
def lsp() -> None:
    """Run the language server on stdin and stdout, for editors (needs the `lsp` extra)."""
    try:
        from segdsl.lsp.server import serve
    except ImportError as error:
        if (error.name or "").partition(".")[0] not in _EXTRA_MODULES:
            raise
        raise click.ClickException(
            "the language server needs pygls: pip install 'segdsl[lsp]'"
        ) from None
    serve()
