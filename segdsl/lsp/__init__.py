"""The language server (`segdsl lsp`, docs/editors.md): the language service over the Language
Server Protocol, on pygls (`pip install 'segdsl[lsp]'`)."""
