"""What the language service answers: plain values, independent of any editor protocol.

Positions are 0-based lines and columns counted in characters (code points) of the text with
its line ends as `\\n` (a line end is `\\n`, `\\r\\n` or a lone `\\r`, as everywhere in segdsl);
an editor protocol converts them to its own units (the language server to UTF-16)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from segdsl.diagnostics import Diagnostic, Severity


@dataclass(frozen=True, order=True)
class Position:
    line: int
    column: int


@dataclass(frozen=True)
class Range:
    start: Position
    end: Position

    def contains(self, position: Position) -> bool:
        return self.start <= position <= self.end


@dataclass(frozen=True)
class Location:
    """A range in a document (`uri`: as the document was given to the service)."""

    uri: str
    range: Range


@dataclass(frozen=True)
class TextEdit:
    range: Range
    new_text: str


@dataclass(frozen=True)
class WorkspaceEdit:
    """Edits per document, each list in document order and not overlapping."""

    changes: Mapping[str, tuple[TextEdit, ...]]


class Origin(enum.StrEnum):
    """Which pass reported a diagnostic."""

    SYNTAX = "syntax"
    TYPE = "type"
    LINT = "lint"
    SCHEMA = "schema"


@dataclass(frozen=True)
class RelatedLocation:
    message: str
    location: Location


@dataclass(frozen=True)
class LintFix:
    """A linter's fix (segdsl/lint/findings.py) as edits of the document. Every fix of the
    linter is safe: applying it never changes which customers match."""

    message: str
    edits: tuple[TextEdit, ...]
    applicability: str = "safe"


@dataclass(frozen=True)
class EditorDiagnostic:
    """A problem in a document: `diagnostic` is the located `Diagnostic` of segdsl (its span
    points into the document), with its one JSON form `diagnostic.to_dict()`."""

    range: Range
    diagnostic: Diagnostic
    origin: Origin
    related: tuple[RelatedLocation, ...] = ()
    fix: LintFix | None = None

    @property
    def code(self) -> str:
        return self.diagnostic.code

    @property
    def message(self) -> str:
        return self.diagnostic.message

    @property
    def severity(self) -> Severity:
        return self.diagnostic.severity

    @property
    def hints(self) -> tuple[str, ...]:
        return self.diagnostic.hints


class CompletionKind(enum.StrEnum):
    KEYWORD = "keyword"
    FUNCTION = "function"
    AGGREGATE = "aggregate"
    ATTRIBUTE = "attribute"
    METRIC = "metric"
    SEGMENT = "segment"
    PARTITION = "partition"
    STREAM = "stream"
    FIELD = "field"
    SET = "set"
    VALUE = "value"
    UNIT = "unit"
    LIST = "list"


@dataclass(frozen=True)
class CompletionItem:
    """`insert_text` replaces the text in `replace` (the part of a word or string already
    typed); `filter_text` is what the typed text was matched against."""

    label: str
    kind: CompletionKind
    detail: str
    replace: Range
    insert_text: str
    filter_text: str


@dataclass(frozen=True)
class Hover:
    range: Range
    markdown: str


class SymbolKind(enum.StrEnum):
    SEGMENT = "segment"
    PARTITION = "partition"
    LABEL = "label"


@dataclass(frozen=True)
class DocumentSymbol:
    name: str
    kind: SymbolKind
    detail: str
    range: Range
    selection_range: Range
    children: tuple[DocumentSymbol, ...] = ()


class ActionKind(enum.StrEnum):
    QUICK_FIX = "quickfix"
    FIX_ALL = "source.fixAll"


@dataclass(frozen=True)
class CodeAction:
    title: str
    kind: ActionKind
    edit: WorkspaceEdit
    diagnostics: tuple[EditorDiagnostic, ...] = ()
    preferred: bool = False


@dataclass(frozen=True)
class SemanticToken:
    """`length` characters from `start`, on one line."""

    start: Position
    length: int
    type: str
    modifiers: tuple[str, ...] = ()


TOKEN_TYPES = (
    "keyword",
    "operator",
    "number",
    "string",
    "comment",
    "function",
    "namespace",
    "property",
    "variable",
    "class",
    "enum",
    "enumMember",
    "type",
)
"""The semantic token types, in the order of the legend (docs/editors.md tells which name
each is)."""

TOKEN_MODIFIERS = ("declaration", "readonly", "defaultLibrary", "deprecated")


@dataclass(frozen=True)
class Parameter:
    label: str
    documentation: str


@dataclass(frozen=True)
class Signature:
    label: str
    documentation: str
    parameters: tuple[Parameter, ...]


@dataclass(frozen=True)
class SignatureHelp:
    signatures: tuple[Signature, ...]
    active_signature: int
    active_parameter: int


@dataclass(frozen=True)
class Rename:
    """A rename's edits, or why the name cannot be renamed (`refusal`)."""

    edit: WorkspaceEdit | None = None
    refusal: str | None = None


@dataclass(frozen=True)
class RenameTarget:
    """What a rename at a position would rename: the name's range and its text, or why the
    name there cannot be renamed (`refusal`)."""

    range: Range
    name: str
    refusal: str | None = None
