"""The language service: diagnostics, completion, hover, navigation, rename, symbols,
formatting, code actions, semantic tokens and signature help for segment files and conditions,
as values (docs/editors.md). No I/O: the language server (segdsl/lsp) and the REPL use it.

    from segdsl.service import LanguageService, SchemaState, Position
    service = LanguageService(SchemaState(schema))
    service.set_document("file:///shop/segments.seg", text)
    service.diagnostics("file:///shop/segments.seg")
    service.completion("file:///shop/segments.seg", Position(3, 14))
"""

from segdsl.service.service import DocumentKind, LanguageService, SchemaState, Settings
from segdsl.service.values import (
    ActionKind,
    CodeAction,
    CompletionItem,
    CompletionKind,
    DocumentSymbol,
    EditorDiagnostic,
    Hover,
    LintFix,
    Location,
    Origin,
    Position,
    Range,
    RelatedLocation,
    Rename,
    RenameTarget,
    SemanticToken,
    Signature,
    SignatureHelp,
    SymbolKind,
    TextEdit,
    WorkspaceEdit,
)

__all__ = [
    "ActionKind",
    "CodeAction",
    "CompletionItem",
    "CompletionKind",
    "DocumentKind",
    "DocumentSymbol",
    "EditorDiagnostic",
    "Hover",
    "LanguageService",
    "LintFix",
    "Location",
    "Origin",
    "Position",
    "Range",
    "RelatedLocation",
    "Rename",
    "RenameTarget",
    "SchemaState",
    "SemanticToken",
    "Settings",
    "Signature",
    "SignatureHelp",
    "SymbolKind",
    "TextEdit",
    "WorkspaceEdit",
]
