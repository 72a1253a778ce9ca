"""The language service's values as the protocol's (lsprotocol) types: positions in the client's
units (UTF-16 by default) instead of characters, and the protocol's kinds and severities."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from lsprotocol import types
from pygls.workspace import PositionCodec

from segdsl.diagnostics import Diagnostic, Severity
from segdsl.service import (
    ActionKind,
    CodeAction,
    CompletionItem,
    CompletionKind,
    DocumentSymbol,
    EditorDiagnostic,
    Location,
    Position,
    Range,
    SemanticToken,
    SignatureHelp,
    SymbolKind,
    TextEdit,
    WorkspaceEdit,
)
from segdsl.service.values import TOKEN_MODIFIERS, TOKEN_TYPES

LEGEND = types.SemanticTokensLegend(
    token_types=list(TOKEN_TYPES), token_modifiers=list(TOKEN_MODIFIERS)
)

_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
_COMPLETION_KINDS = {
    CompletionKind.KEYWORD: types.CompletionItemKind.Keyword,
    CompletionKind.FUNCTION: types.CompletionItemKind.Function,
    CompletionKind.AGGREGATE: types.CompletionItemKind.Function,
    CompletionKind.ATTRIBUTE: types.CompletionItemKind.Property,
    CompletionKind.METRIC: types.CompletionItemKind.Variable,
    CompletionKind.SEGMENT: types.CompletionItemKind.Class,
    CompletionKind.PARTITION: types.CompletionItemKind.Enum,
    CompletionKind.STREAM: types.CompletionItemKind.Module,
    CompletionKind.FIELD: types.CompletionItemKind.Field,
    CompletionKind.SET: types.CompletionItemKind.Constant,
    CompletionKind.VALUE: types.CompletionItemKind.EnumMember,
    CompletionKind.UNIT: types.CompletionItemKind.Unit,
    CompletionKind.LIST: types.CompletionItemKind.Value,
}
_SYMBOL_KINDS = {
    SymbolKind.SEGMENT: types.SymbolKind.Class,
    SymbolKind.PARTITION: types.SymbolKind.Enum,
    SymbolKind.LABEL: types.SymbolKind.EnumMember,
}
_ACTION_KINDS = {
    ActionKind.QUICK_FIX: types.CodeActionKind.QuickFix,
    ActionKind.FIX_ALL: types.CodeActionKind.SourceFixAll,
}


class Lines:
    """One document's lines, to convert its positions to and from the client's units."""

    def __init__(self, text: str, codec: PositionCodec) -> None:
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.codec = codec

    def position(self, position: Position) -> types.Position:
        if position.line >= len(self.lines):
            return types.Position(line=position.line, character=0)
        prefix = self.lines[position.line][: position.column]
        return types.Position(line=position.line, character=self.codec.client_num_units(prefix))

    def range(self, where: Range) -> types.Range:
        return types.Range(start=self.position(where.start), end=self.position(where.end))

    def from_client(self, position: types.Position) -> Position:
        found = self.codec.position_from_client_units(self.lines, position)
        return Position(found.line, found.character)

    def range_from_client(self, where: types.Range) -> Range:
        return Range(self.from_client(where.start), self.from_client(where.end))

    def units(self, line: int, start: int, length: int) -> tuple[int, int]:
        """A token's start and length on a line, in the client's units."""
        text = self.lines[line] if line < len(self.lines) else ""
        before = self.codec.client_num_units(text[:start])
        return before, self.codec.client_num_units(text[start : start + length])


def diagnostic(found: EditorDiagnostic, lines: Lines, others: LinesOf) -> types.Diagnostic:
    message = found.message + "".join(f"\nhelp: {hint}" for hint in found.hints)
    related = [
        types.DiagnosticRelatedInformation(location(r.location, others), r.message)
        for r in found.related
    ]
    return types.Diagnostic(
        range=lines.range(found.range),
        message=message,
        severity=_SEVERITIES[found.severity],
        code=found.code,
        source="segdsl",
        related_information=related or None,
    )


def notice(found: Diagnostic) -> types.Diagnostic:
    """A problem without a place in a file (a setting of the project file), at its start."""
    start = types.Position(line=0, character=0)
    message = found.message + "".join(f"\nhelp: {hint}" for hint in found.hints)
    return types.Diagnostic(
        range=types.Range(start=start, end=start),
        message=message,
        severity=_SEVERITIES[found.severity],
        code=found.code,
        source="segdsl",
    )


class LinesOf:
    """The lines of any document a location may point into (open, in the workspace, or the
    schema file), from its text."""

    def __init__(self, text_of: Callable[[str], str], codec: PositionCodec) -> None:
        self.text_of = text_of
        self.codec = codec

    def __call__(self, uri: str) -> Lines:
        return Lines(self.text_of(uri), self.codec)


def location(found: Location, lines_of: LinesOf) -> types.Location:
    return types.Location(uri=found.uri, range=lines_of(found.uri).range(found.range))


def text_edits(edits: Iterable[TextEdit], lines: Lines) -> list[types.TextEdit]:
    return [types.TextEdit(range=lines.range(e.range), new_text=e.new_text) for e in edits]


def workspace_edit(edit: WorkspaceEdit, lines_of: LinesOf) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(
        changes={uri: text_edits(edits, lines_of(uri)) for uri, edits in edit.changes.items()}
    )


def completion(items: Sequence[CompletionItem], lines: Lines) -> types.CompletionList:
    return types.CompletionList(
        is_incomplete=False,
        items=[
            types.CompletionItem(
                label=item.label,
                kind=_COMPLETION_KINDS[item.kind],
                detail=item.detail,
                filter_text=item.filter_text,
                sort_text=f"{index:05d}",
                text_edit=types.TextEdit(
                    range=lines.range(item.replace), new_text=item.insert_text
                ),
            )
            for index, item in enumerate(items)
        ],
    )


def symbol(found: DocumentSymbol, lines: Lines) -> types.DocumentSymbol:
    return types.DocumentSymbol(
        name=found.name,
        kind=_SYMBOL_KINDS[found.kind],
        detail=found.detail or None,
        range=lines.range(found.range),
        selection_range=lines.range(found.selection_range),
        children=[symbol(child, lines) for child in found.children] or None,
    )


def action_kind(action: CodeAction) -> types.CodeActionKind:
    return _ACTION_KINDS[action.kind]


def code_action(action: CodeAction, lines: Lines, lines_of: LinesOf) -> types.CodeAction:
    return types.CodeAction(
        title=action.title,
        kind=action_kind(action),
        diagnostics=[diagnostic(d, lines, lines_of) for d in action.diagnostics] or None,
        edit=workspace_edit(action.edit, lines_of),
        is_preferred=action.preferred or None,
    )


def semantic_tokens(tokens: Sequence[SemanticToken], lines: Lines) -> types.SemanticTokens:
    """The tokens in the protocol's relative encoding: five numbers each."""
    data: list[int] = []
    previous_line = previous_start = 0
    for token in sorted(tokens, key=lambda t: t.start):
        start, length = lines.units(token.start.line, token.start.column, token.length)
        delta_line = token.start.line - previous_line
        delta_start = start - previous_start if delta_line == 0 else start
        modifiers = sum(1 << TOKEN_MODIFIERS.index(m) for m in token.modifiers)
        data += [delta_line, delta_start, length, TOKEN_TYPES.index(token.type), modifiers]
        previous_line, previous_start = token.start.line, start
    return types.SemanticTokens(data=data)


def signature_help(found: SignatureHelp) -> types.SignatureHelp:
    return types.SignatureHelp(
        signatures=[
            types.SignatureInformation(
                label=signature.label,
                documentation=signature.documentation,
                parameters=[
                    types.ParameterInformation(label=p.label, documentation=p.documentation)
                    for p in signature.parameters
                ],
            )
            for signature in found.signatures
        ],
        active_signature=found.active_signature,
        active_parameter=found.active_parameter,
    )
