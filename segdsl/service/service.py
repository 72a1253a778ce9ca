"""The language service: every editor feature over a workspace of documents, as values.

It reads no file and raises for no mistake in a document: it is given the documents' texts
(segment files, or lone conditions that may name the workspace's segments), the schema or why
there is none, and settings, and answers with the values of segdsl/service/values.py. The
language server (segdsl/lsp) and the REPL's completion are built on it."""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from segdsl.diagnostics import Diagnostic, SegdslError, Source, Span
from segdsl.fmt.formatter import format_expression, format_source
from segdsl.limits import DEFAULT_LIMITS, Limits, limits_in_effect
from segdsl.lint import LintConfig
from segdsl.lint.findings import Edit, Fix, apply_fixes
from segdsl.semantics import ir
from segdsl.semantics.schema import Schema
from segdsl.service.analysis import (
    ConditionFile,
    Context,
    Placed,
    SegmentFile,
    SegmentFileAnalyzer,
    analyze_condition,
    schema_notice,
)
from segdsl.service.completion import Completer, Scope
from segdsl.service.grammar import feed
from segdsl.service.hover import (
    age_hover,
    definition_hover,
    period_hover,
    regular_hover,
    schema_hover,
)
from segdsl.service.lines import LineIndex, span_range
from segdsl.service.names import Entity, EntityKind, Occurrence, Occurrences
from segdsl.service.signatures import signature_help
from segdsl.service.tokens import classify
from segdsl.service.values import (
    ActionKind,
    CodeAction,
    CompletionItem,
    DocumentSymbol,
    EditorDiagnostic,
    Hover,
    Location,
    Origin,
    Position,
    Range,
    Rename,
    RenameTarget,
    SemanticToken,
    SignatureHelp,
    SymbolKind,
    TextEdit,
    WorkspaceEdit,
)
from segdsl.syntax import ast
from segdsl.syntax.lexicon import NAME_PATTERN
from segdsl.syntax.parser import normalize_line_ends, parse_expression

# What a hover spells out at the as-of instant: an age's bound, a period's days or instants.
_Timed = ir.AgeCompare | ir.InPeriod | ir.Anniversary | ir.Regular
_TIMED = (ir.AgeCompare, ir.InPeriod, ir.Anniversary, ir.Regular)


class DocumentKind(enum.StrEnum):
    SEGMENTS = "segments"
    """A segment file: `segment` and `partition` definitions."""
    CONDITION = "condition"
    """A lone condition, which may name the segments and partitions of the workspace's segment
    files (the first definition of a name, in the order of their URIs)."""


@dataclass(frozen=True)
class Settings:
    lint: LintConfig = field(default_factory=LintConfig)
    limits: Limits = DEFAULT_LIMITS
    dialect: str = "duckdb"
    """The dialect of the SQL shown on hover."""
    as_of: dt.datetime | None = None
    """The instant ages are spelled out at on hover (None: the current time)."""


@dataclass(frozen=True)
class SchemaState:
    """The schema, or the problems that kept it from loading (`uri`: where it is, for locations
    and for its own diagnostics)."""

    schema: Schema | None = None
    problems: tuple[Diagnostic, ...] = ()
    uri: str | None = None


@dataclass
class _Document:
    kind: DocumentKind
    text: str
    analyzer: SegmentFileAnalyzer | None
    parsed: SegmentFile | None = None
    checked: SegmentFile | None = None
    condition: ConditionFile | None = None


@dataclass(frozen=True)
class _Found:
    """An occurrence at a position: in which document, and where its span lies there."""

    occurrence: Occurrence
    location: Location


class LanguageService:
    def __init__(self, schema: SchemaState | None = None, settings: Settings | None = None) -> None:
        self.schema_state = schema or SchemaState()
        self.settings = settings or Settings()
        self._documents: dict[str, _Document] = {}
        self._context = self._new_context()

    # -- the workspace -----------------------------------------------------------------------

    def configure(
        self, schema: SchemaState | None = None, settings: Settings | None = None
    ) -> None:
        """Use another schema or other settings: every document is analysed afresh."""
        self.schema_state = schema or self.schema_state
        self.settings = settings or self.settings
        self._context = self._new_context()
        for uri, document in list(self._documents.items()):
            self.set_document(uri, document.text, document.kind, force=True)

    def _new_context(self) -> Context:
        settings = self.settings
        return Context(self.schema_state.schema, settings.lint, settings.limits)

    def set_document(
        self,
        uri: str,
        text: str,
        kind: DocumentKind = DocumentKind.SEGMENTS,
        *,
        force: bool = False,
    ) -> None:
        """Add a document, or give its new text (an open editor's, or a file's on disk)."""
        current = self._documents.get(uri)
        if current is not None and current.kind is kind and not force:
            if current.text != text:
                current.text = text
                current.parsed = current.checked = current.condition = None
                if kind is DocumentKind.SEGMENTS:
                    self._forget_conditions()
            return
        analyzer = (
            SegmentFileAnalyzer(uri, self._context) if kind is DocumentKind.SEGMENTS else None
        )
        self._documents[uri] = _Document(kind, text, analyzer)
        self._forget_conditions()

    def remove_document(self, uri: str) -> None:
        self._documents.pop(uri, None)
        self._forget_conditions()

    def has_document(self, uri: str) -> bool:
        return uri in self._documents

    def text(self, uri: str) -> str:
        """A document's text, as last given."""
        return self._document(uri).text

    def _forget_conditions(self) -> None:
        """Lone conditions see the workspace's definitions: check them again when asked."""
        for document in self._documents.values():
            document.condition = None

    def _document(self, uri: str) -> _Document:
        return self._documents[uri]

    def _segment_file(self, uri: str, *, check: bool = True) -> SegmentFile:
        document = self._document(uri)
        assert document.analyzer is not None
        if check:
            if document.checked is None:
                document.checked = document.analyzer.analyze(document.text)
                document.parsed = document.checked
            return document.checked
        if document.parsed is None:
            document.parsed = document.analyzer.analyze(document.text, check=False)
        return document.parsed

    def _condition_file(self, uri: str) -> ConditionFile:
        document = self._document(uri)
        if document.condition is None:
            scope = self._workspace_module()
            document.condition = analyze_condition(uri, document.text, self._context, scope)
        return document.condition

    def _workspace_definitions(self) -> dict[str, tuple[str, Placed, ast.Definition]]:
        """The segments and partitions lone conditions may name: the first of each name."""
        found: dict[str, tuple[str, Placed, ast.Definition]] = {}
        for uri in sorted(self._documents):
            if self._documents[uri].kind is not DocumentKind.SEGMENTS:
                continue
            file = self._segment_file(uri, check=False)
            for name, placed in file.winners.items():
                definition = placed.chunk.definition
                if name not in found and definition is not None:
                    found[name] = (uri, placed, definition)
        return found

    def _workspace_module(self) -> ast.Module:
        definitions = tuple(d for _, _, d in self._workspace_definitions().values())
        return ast.Module(definitions, (), Source("<workspace>", ""))

    # -- diagnostics -------------------------------------------------------------------------

    def diagnostics(self, uri: str) -> tuple[EditorDiagnostic, ...]:
        """Syntax, type and lint diagnostics of a document, in document order."""
        document = self._document(uri)
        if document.kind is DocumentKind.SEGMENTS:
            file = self._segment_file(uri)
            found, source, lines = list(file.diagnostics), file.source, file.lines
        else:
            condition = self._condition_file(uri)
            found, source, lines = list(condition.diagnostics), condition.source, condition.lines
        notice = schema_notice(self.schema_state.problems, self.schema_state.uri, source)
        if notice is not None and self.schema_state.schema is None:
            found.insert(0, EditorDiagnostic(lines.range(0, 0), notice, Origin.SCHEMA))
        return tuple(found)

    # -- checked forms, for front ends that run what is edited (segdsl studio) ----------------

    def checked_condition(self, uri: str) -> ir.Cond | None:
        """A condition document's checked condition (None while it has an error)."""
        return self._condition_file(uri).checked

    def checked_definition(
        self, uri: str, position: Position
    ) -> ir.CheckedSegment | ir.CheckedPartition | None:
        """The checked definition of a segment file at a position (None: no definition there,
        it has an error, or an earlier definition of the file has its name)."""
        file = self._segment_file(uri)
        placed = file.at(file.lines.offset(position))
        definition = None if placed is None else placed.chunk.definition
        if definition is None or file.winners.get(definition.name) is not placed:
            return None
        return file.checked(definition.name)

    def schema_diagnostics(self) -> tuple[EditorDiagnostic, ...]:
        """The problems of the schema itself, located in the schema file."""
        out = []
        for problem in self.schema_state.problems:
            if problem.span is not None:
                where = span_range(problem.span)
            else:
                where = Range(Position(0, 0), Position(0, 0))
            out.append(EditorDiagnostic(where, problem, Origin.SCHEMA))
        return tuple(out)

    # -- completion and signature help -------------------------------------------------------

    def _text_at(self, uri: str, position: Position) -> tuple[str, int, str, int, LineIndex]:
        """The text to parse for a position (a segment file's definition, or the condition),
        the cursor in it, the grammar's start rule, and where the text starts."""
        document = self._document(uri)
        if document.kind is DocumentKind.SEGMENTS:
            file = self._segment_file(uri, check=False)
            offset = file.lines.offset(position)
            placed = file.at(offset)
            assert placed is not None  # every text has a first chunk, if only an empty one
            return placed.chunk.text, offset - placed.offset, "module", placed.offset, file.lines
        condition = self._condition_file(uri)
        offset = condition.lines.offset(position)
        return condition.text, offset, "single_expr", 0, condition.lines

    def _scope(self, uri: str, schema: Schema) -> Scope:
        document = self._document(uri)
        if document.kind is DocumentKind.SEGMENTS:
            file = self._segment_file(uri, check=False)
            definitions = {
                name: d for name, placed in file.winners.items() if (d := placed.chunk.definition)
            }
        else:
            definitions = {n: d for n, (_, _, d) in self._workspace_definitions().items()}
        module = ast.Module(tuple(definitions.values()), (), Source(uri, ""))
        return Scope(schema, definitions, module)

    def completion(self, uri: str, position: Position) -> list[CompletionItem]:
        schema = self.schema_state.schema
        if schema is None:
            return []
        text, cursor, start, base, lines = self._text_at(uri, position)

        def to_range(start_offset: int, end_offset: int) -> Range:
            return lines.range(base + start_offset, base + end_offset)

        with limits_in_effect(self.settings.limits):
            completer = Completer(text, cursor, start, self._scope(uri, schema), to_range)
            return completer.items()

    def signature_help(self, uri: str, position: Position) -> SignatureHelp | None:
        schema = self.schema_state.schema
        text, cursor, start, _, _ = self._text_at(uri, position)
        prefix = feed(text[:cursor], start)
        if prefix is None:
            return None
        return signature_help(prefix, set(schema.events) if schema else set())

    # -- names -------------------------------------------------------------------------------

    def _defined(self, uri: str) -> Callable[[str], Entity | None]:
        """The segment or partition a name refers to in a document."""
        document = self._document(uri)
        if document.kind is DocumentKind.SEGMENTS:
            file = self._segment_file(uri, check=False)
            return lambda name: _definition_entity(uri, file.winners.get(name))
        workspace = self._workspace_definitions()

        def defined(name: str) -> Entity | None:
            found = workspace.get(name)
            return None if found is None else _definition_entity(found[0], found[1])

        return defined

    def _pieces(self, uri: str) -> Iterator[tuple[str, int, LineIndex, list[Occurrence]]]:
        """Each separately parsed text of a document (a definition's chunk, or the condition),
        where it starts, the document's line index, and the names in it."""
        schema = self.schema_state.schema
        walk = None if schema is None else Occurrences(schema, self._defined(uri), uri)
        document = self._document(uri)
        if document.kind is DocumentKind.SEGMENTS:
            file = self._segment_file(uri, check=False)
            for placed in file.placed:
                definition = placed.chunk.definition
                found = [] if walk is None or definition is None else walk.in_definition(definition)
                yield placed.chunk.text, placed.offset, file.lines, list(found)
        else:
            condition = self._condition_file(uri)
            expr = condition.expr
            found = [] if walk is None or expr is None else walk.in_expr(expr)
            yield condition.text, 0, condition.lines, list(found)

    def _occurrences(self, uri: str) -> Iterator[_Found]:
        """Every occurrence of a name in a document, with its place there."""
        for _, base, lines, occurrences in self._pieces(uri):
            for occurrence in occurrences:
                yield self._found(uri, lines, base, occurrence)

    @staticmethod
    def _found(uri: str, lines: LineIndex, base: int, occurrence: Occurrence) -> _Found:
        span = occurrence.span
        where = lines.range(base + span.start, base + span.end)
        return _Found(occurrence, Location(uri, where))

    def _at(self, uri: str, position: Position) -> _Found | None:
        """The innermost occurrence of a name at a position."""
        found = [f for f in self._occurrences(uri) if f.location.range.contains(position)]
        if not found:
            return None
        return min(found, key=lambda f: f.occurrence.span.end - f.occurrence.span.start)

    def _declaration(self, entity: Entity) -> Location | None:
        """Where an entity is defined: in a document, or in the schema file."""
        if entity.kind in (EntityKind.SEGMENT, EntityKind.PARTITION, EntityKind.LABEL):
            return self._document_declaration(entity)
        schema, schema_uri = self.schema_state.schema, self.schema_state.uri
        if schema is None or schema_uri is None:
            return None
        span = _schema_span(entity, schema)
        return None if span is None else Location(schema_uri, span_range(span))

    def _document_declaration(self, entity: Entity) -> Location | None:
        if entity.uri is None or entity.uri not in self._documents:
            return None
        for found in self._occurrences(entity.uri):
            if found.occurrence.declaration and found.occurrence.entity == entity:
                return found.location
        return None

    def _definition_ast(self, entity: Entity) -> ast.Definition | None:
        name = entity.owner if entity.kind is EntityKind.LABEL else entity.name
        if entity.uri is None or name is None or entity.uri not in self._documents:
            return None
        placed = self._segment_file(entity.uri, check=False).winners.get(name)
        return None if placed is None else placed.chunk.definition

    # -- hover, definition, references -------------------------------------------------------

    def hover(self, uri: str, position: Position) -> Hover | None:
        schema = self.schema_state.schema
        if schema is None:
            return None
        parts: list[str] = []
        where: Range | None = None
        found = self._at(uri, position)
        if found is not None:
            entity = found.occurrence.entity
            where = found.location.range
            definition = self._definition_ast(entity)
            if definition is not None:
                parts.append(definition_hover(entity, definition))
            else:
                shown = schema_hover(entity, schema, self.settings.dialect)
                parts += [shown] if shown else []
        for timed, timed_range in self._times_at(uri, position):
            if isinstance(timed, ir.AgeCompare):
                spelled = age_hover(timed, self.settings.as_of)
            elif isinstance(timed, ir.Regular):
                spelled = regular_hover(timed, self.settings.as_of)
            else:
                spelled = period_hover(timed, self.settings.as_of)
            if spelled is not None:
                parts.append(spelled)
                where = where or timed_range
        if not parts or where is None:
            return None
        return Hover(where, "\n\n---\n\n".join(parts))

    def _times_at(self, uri: str, position: Position) -> list[tuple[_Timed, Range]]:
        """The comparisons of an age and the calendar periods around a position, innermost
        first."""
        document = self._document(uri)
        roots: list[ir.Node] = []
        if document.kind is DocumentKind.SEGMENTS:
            file = self._segment_file(uri)
            offset = file.lines.offset(position)
            placed = file.at(offset)
            if placed is None or placed.chunk.definition is None:
                return []
            checked = file.checked(placed.chunk.definition.name)
            source, base, lines = placed.chunk.source, placed.offset, file.lines
            if isinstance(checked, ir.CheckedSegment):
                roots.append(checked.condition)
            elif isinstance(checked, ir.CheckedPartition):
                roots.append(checked.value)
        else:
            condition = self._condition_file(uri)
            offset, source, base, lines = (
                condition.lines.offset(position),
                condition.source,
                0,
                condition.lines,
            )
            if condition.checked is not None:
                roots.append(condition.checked)
        found = []
        for root in roots:
            for node in ir.walk(root):
                if not isinstance(node, _TIMED) or node.span is None:
                    continue
                span = node.span
                if span.source is source and span.start <= offset - base <= span.end:
                    found.append((node, lines.range(base + span.start, base + span.end)))
        found.sort(key=lambda pair: _length(pair[1]))
        return found

    def definition(self, uri: str, position: Position) -> list[Location]:
        found = self._at(uri, position)
        if found is None:
            return []
        declared = self._declaration(found.occurrence.entity)
        return [] if declared is None else [declared]

    def references(
        self, uri: str, position: Position, *, include_declaration: bool = True
    ) -> list[Location]:
        """Every use of the name at a position in the workspace's documents (and, for a name
        of the schema, in the schema's metrics)."""
        found = self._at(uri, position)
        if found is None:
            return []
        entity = found.occurrence.entity
        locations = [
            other.location
            for document_uri in sorted(self._documents)
            for other in self._occurrences(document_uri)
            if other.occurrence.entity == entity
            and (include_declaration or not other.occurrence.declaration)
        ]
        locations += self._schema_references(entity, include_declaration)
        return sorted(set(locations), key=lambda found: (found.uri, found.range.start))

    def _schema_references(self, entity: Entity, include_declaration: bool) -> list[Location]:
        schema, schema_uri = self.schema_state.schema, self.schema_state.uri
        if schema is None or schema_uri is None or entity.uri is not None:
            return []
        walk = Occurrences(schema, lambda _name: None, None)
        locations = [
            Location(schema_uri, span_range(occurrence.span))
            for metric in schema.metrics.values()
            for occurrence in walk.in_expr(metric.expr)
            if occurrence.entity == entity and occurrence.span.source is schema.source
        ]
        declared = self._declaration(entity) if include_declaration else None
        return [*locations, *([declared] if declared else [])]

    # -- rename ------------------------------------------------------------------------------

    def prepare_rename(self, uri: str, position: Position) -> RenameTarget | None:
        """What a rename at a position would rename (None: nothing there); `refusal` tells why
        a name there cannot be renamed."""
        found = self._at(uri, position)
        if found is None:
            return None
        entity = found.occurrence.entity
        name = entity.name
        target = RenameTarget(found.location.range, name)
        if entity.kind not in (EntityKind.SEGMENT, EntityKind.PARTITION):
            what = "a function" if entity.kind is EntityKind.FUNCTION else f"a {entity.kind}"
            where = "" if entity.kind is EntityKind.FUNCTION else " of the schema"
            if entity.kind is EntityKind.LABEL:
                where = " of a partition"
            return replace(
                target,
                refusal=f"'{name}' is {what}{where}: only segments and partitions are renamed here",
            )
        return target

    def rename(self, uri: str, position: Position, new_name: str) -> Rename:
        target = self.prepare_rename(uri, position)
        if target is None:
            return Rename(refusal="there is no name here to rename")
        if target.refusal is not None:
            return Rename(refusal=target.refusal)
        found = self._at(uri, position)
        assert found is not None
        entity = found.occurrence.entity
        problem = self._name_problem(entity, new_name)
        if problem is not None:
            return Rename(refusal=problem)
        changes: dict[str, list[TextEdit]] = {}
        for document_uri in sorted(self._documents):
            for other in self._occurrences(document_uri):
                if other.occurrence.entity == entity:
                    edits = changes.setdefault(document_uri, [])
                    edits.append(TextEdit(other.location.range, new_name))
        ordered = {u: tuple(sorted(e, key=lambda e: e.range.start)) for u, e in changes.items()}
        return Rename(edit=WorkspaceEdit(ordered))

    def _name_problem(self, entity: Entity, new_name: str) -> str | None:
        if not re.fullmatch(NAME_PATTERN, new_name):
            return f"'{new_name}' is not a name: letters, digits and _, not a keyword"
        schema = self.schema_state.schema
        if schema is not None and new_name in {*schema.attributes, *schema.metrics, *schema.sets}:
            return f"'{new_name}' is already a name in the schema"
        assert entity.uri is not None
        if (
            new_name != entity.name
            and new_name in self._segment_file(entity.uri, check=False).winners
        ):
            return f"'{new_name}' is already defined in this file"
        return None

    # -- symbols, formatting, code actions, tokens -------------------------------------------

    def document_symbols(self, uri: str) -> list[DocumentSymbol]:
        if self._document(uri).kind is not DocumentKind.SEGMENTS:
            return []
        file = self._segment_file(uri, check=False)
        return [
            _symbol(definition, placed.offset, file.lines)
            for placed, definition in file.definitions()
        ]

    def formatting(self, uri: str) -> list[TextEdit]:
        """The formatter's layout as one edit (none when the text does not parse or is already
        laid out)."""
        document = self._document(uri)
        text = normalize_line_ends(document.text)
        with limits_in_effect(self.settings.limits):
            try:
                if document.kind is DocumentKind.SEGMENTS:
                    formatted = format_source(text, uri)
                else:
                    formatted = format_expression(parse_expression(text, uri))
            except SegdslError:
                return []
        edit = _minimal_edit(text, formatted)
        return [] if edit is None else [edit]

    def code_actions(self, uri: str, within: Range) -> list[CodeAction]:
        """The linter's fixes of the findings in a range, and one action that applies every
        fix of the document that does not overlap another."""
        found = [d for d in self.diagnostics(uri) if d.fix is not None]
        actions = [
            CodeAction(
                d.fix.message,
                ActionKind.QUICK_FIX,
                WorkspaceEdit({uri: d.fix.edits}),
                (d,),
                preferred=True,
            )
            for d in found
            if d.fix is not None and _overlap(d.range, within)
        ]
        if found:
            file = self._segment_file(uri)
            fixes = [_offsets(d.fix.edits, file.lines) for d in found if d.fix is not None]
            fixed, count = apply_fixes(file.text, fixes)
            edit = _minimal_edit(file.text, fixed)
            if edit is not None:
                title = f"Apply the linter's safe fixes ({count})"
                actions.append(
                    CodeAction(
                        title, ActionKind.FIX_ALL, WorkspaceEdit({uri: (edit,)}), tuple(found)
                    )
                )
        return actions

    def semantic_tokens(self, uri: str) -> list[SemanticToken]:
        schema = self.schema_state.schema
        tokens = []
        for text, base, lines, occurrences in self._pieces(uri):
            by_start = {o.span.start: o for o in occurrences}
            for start, end, kind, modifiers in classify(text, by_start, schema):
                position = lines.position(base + start)
                tokens.append(SemanticToken(position, end - start, kind, modifiers))
        return tokens


def _definition_entity(uri: str, placed: Placed | None) -> Entity | None:
    if placed is None or placed.chunk.definition is None:
        return None
    definition = placed.chunk.definition
    kind = EntityKind.SEGMENT if isinstance(definition, ast.SegmentDef) else EntityKind.PARTITION
    return Entity(kind, definition.name, uri=uri)


def _schema_span(entity: Entity, schema: Schema) -> Span | None:
    match entity.kind:
        case EntityKind.ATTRIBUTE:
            return schema.attributes[entity.name].span
        case EntityKind.METRIC:
            return schema.metrics[entity.name].span
        case EntityKind.SET:
            return schema.sets[entity.name].span
        case EntityKind.STREAM:
            return schema.events[entity.name].span
        case EntityKind.FIELD if entity.owner is not None:
            return schema.events[entity.owner].fields[entity.name].span
    return None


def _symbol(definition: ast.Definition, base: int, lines: LineIndex) -> DocumentSymbol:
    def at(span: Span) -> Range:
        return lines.range(base + span.start, base + span.end)

    detail = definition.description or ""
    if isinstance(definition, ast.SegmentDef):
        return DocumentSymbol(
            definition.name,
            SymbolKind.SEGMENT,
            detail,
            at(definition.span),
            at(definition.name_span),
        )
    labels = tuple(
        DocumentSymbol(arm.label, SymbolKind.LABEL, "", at(arm.span), at(arm.label_span))
        for arm in definition.arms
    )
    otherwise = DocumentSymbol(
        definition.otherwise,
        SymbolKind.LABEL,
        "otherwise",
        at(definition.otherwise_span),
        at(definition.otherwise_span),
    )
    return DocumentSymbol(
        definition.name,
        SymbolKind.PARTITION,
        detail,
        at(definition.span),
        at(definition.name_span),
        (*labels, otherwise),
    )


def _minimal_edit(old: str, new: str) -> TextEdit | None:
    """One edit that turns `old` into `new`, as small as their common start and end allow."""
    if old == new:
        return None
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    lines = LineIndex(old)
    return TextEdit(lines.range(start, len(old) - end), new[start : len(new) - end])


def _overlap(a: Range, b: Range) -> bool:
    return a.start <= b.end and b.start <= a.end


def _offsets(edits: tuple[TextEdit, ...], lines: LineIndex) -> Fix:
    return Fix(
        "",
        tuple(
            Edit(lines.offset(e.range.start), lines.offset(e.range.end), e.new_text) for e in edits
        ),
    )


def _length(where: Range) -> tuple[int, int]:
    return (where.end.line - where.start.line, where.end.column - where.start.column)
