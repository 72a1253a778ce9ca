"""Incremental analysis of one document: syntax, type and lint diagnostics, and the parsed and
checked definitions the other features read.

A segment file is cut into its definitions (`chunks`). Each chunk is parsed on its own and the
parse is kept while its text stays the same, wherever it moves. A definition is checked
together with the definitions it refers to, directly or not (its closure), with every other
definition of the file in scope by name; the result (diagnostics in the definition's own text,
the checked definition and the linter's findings) is kept under the texts of that closure. So an
edit re-checks the definition it falls in and the definitions that depend on it, and nothing
else. A result that told of an unknown name (whose hints list the file's names) is also kept
only while the file defines the same names."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from segdsl import errors
from segdsl.diagnostics import Diagnostic, SegdslError, Severity, Source, Span
from segdsl.limits import Limits, limits_in_effect
from segdsl.lint import Finding, LintConfig, lint_module
from segdsl.semantics import ir
from segdsl.semantics.checker import check_condition, check_definitions
from segdsl.semantics.schema import Schema
from segdsl.service.chunks import split_definitions
from segdsl.service.lines import LineIndex
from segdsl.service.values import (
    EditorDiagnostic,
    LintFix,
    Location,
    Origin,
    RelatedLocation,
    TextEdit,
)
from segdsl.syntax import ast
from segdsl.syntax.lexicon import SPLIT
from segdsl.syntax.parser import (
    check_definition_count,
    check_size,
    normalize_line_ends,
    parse_expression_source,
    parse_module,
)


@dataclass(frozen=True, eq=False)
class ParsedChunk:
    """A chunk's parse: its module (one definition, or none before the first definition) or
    its syntax error. Spans point into `source`, the chunk's own text."""

    text: str
    source: Source
    module: ast.Module | None
    syntax: tuple[Diagnostic, ...]
    mentions: frozenset[str]
    """The names its definition mentions (of other definitions, of the schema, unknown)."""
    salts: frozenset[str]
    """The salts of its splits: the linter compares them with earlier definitions' (SEG013)."""
    definition: ast.Definition | None
    """The chunk's one definition (None before the first one, or on a syntax error)."""


@dataclass(frozen=True, eq=False)
class Placed:
    """A parsed chunk at its offset in the document."""

    chunk: ParsedChunk
    offset: int

    def document_span(self, span: Span, source: Source) -> Span:
        return Span(source, self.offset + span.start, self.offset + span.end)


@dataclass(frozen=True)
class DefinitionResult:
    """A definition checked (and linted) with its closure."""

    diagnostics: tuple[Diagnostic, ...]
    checked: ir.CheckedSegment | ir.CheckedPartition | None
    findings: tuple[Finding, ...]
    names: frozenset[str] | None
    """The file's definition names the result depends on (None: it does not)."""


def mentioned_names(exprs: Iterable[ast.Expr]) -> frozenset[str]:
    found: set[str] = set()
    stack = list(exprs)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name):
            found.add(node.name)
        stack.extend(ast.children(node))
    return frozenset(found)


def _parse_chunk(text: str, name: str) -> ParsedChunk:
    try:
        module = parse_module(text, name)
    except SegdslError as error:
        empty: frozenset[str] = frozenset()
        return ParsedChunk(text, Source(name, text), None, error.diagnostics, empty, empty, None)
    exprs = [e for d in module.definitions for e in ast.definition_exprs(d)]
    first = module.definitions[0] if module.definitions else None
    return ParsedChunk(
        text, module.source, module, (), mentioned_names(exprs), split_salts(exprs), first
    )


def split_salts(exprs: Iterable[ast.Expr]) -> frozenset[str]:
    """The salts written in `split("…")` calls."""
    found: set[str] = set()
    stack = list(exprs)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Call) and node.func == SPLIT:
            found.update(a.value for a in node.args if isinstance(a, ast.StringLit))
        stack.extend(ast.children(node))
    return frozenset(found)


@dataclass(frozen=True)
class Context:
    """What every result depends on besides the document: held by the service, which starts
    afresh (new caches) when it changes."""

    schema: Schema | None
    lint: LintConfig
    limits: Limits


@dataclass
class SegmentFile:
    """One version of a segment file, analysed."""

    uri: str
    text: str
    source: Source
    lines: LineIndex
    placed: list[Placed]
    results: dict[int, DefinitionResult]
    """By index in `placed`, for the chunks with a definition."""
    winners: dict[str, Placed]
    """The definition each name refers to (the first of that name, not a schema name)."""
    file_problems: tuple[Diagnostic, ...]
    """Problems of the whole file (its size, its number of definitions), spans in `source`."""
    diagnostics: list[EditorDiagnostic] = field(default_factory=list)

    def definitions(self) -> Iterator[tuple[Placed, ast.Definition]]:
        for placed in self.placed:
            definition = placed.chunk.definition
            if definition is not None:
                yield placed, definition

    def at(self, offset: int) -> Placed | None:
        """The chunk holding `offset` (the end of the text belongs to the last one)."""
        found = None
        for placed in self.placed:
            if placed.offset > offset:
                break
            found = placed
        return found

    def checked(self, name: str) -> ir.CheckedSegment | ir.CheckedPartition | None:
        placed = self.winners.get(name)
        if placed is None:
            return None
        result = self.results.get(self.placed.index(placed))
        return None if result is None else result.checked


_ResultKey = tuple[object, ...]


class SegmentFileAnalyzer:
    """Analyses the versions of one segment file, keeping parses and results between them."""

    def __init__(self, uri: str, context: Context) -> None:
        self.uri = uri
        self.context = context
        self._parses: dict[str, list[ParsedChunk]] = {}
        self._results: dict[_ResultKey, DefinitionResult] = {}

    def analyze(self, text: str, *, check: bool = True) -> SegmentFile:
        """The file parsed, and (`check`) checked and linted."""
        with limits_in_effect(self.context.limits):
            return self._analyze(normalize_line_ends(text), check)

    def _analyze(self, text: str, check: bool) -> SegmentFile:
        source = Source(self.uri, text)
        lines = LineIndex(text)
        try:
            check_size(source)
        except SegdslError as error:
            empty = SegmentFile(self.uri, text, source, lines, [], {}, {}, error.diagnostics)
            empty.diagnostics = _file_diagnostics(empty)
            return empty
        placed = self._place(text)
        file = SegmentFile(self.uri, text, source, lines, placed, {}, {}, ())
        definitions = [d for _, d in file.definitions()]
        try:
            check_definition_count(definitions)
        except SegdslError as error:
            file.file_problems = error.diagnostics
        schema = self.context.schema
        taken = set() if schema is None else {*schema.attributes, *schema.metrics, *schema.sets}
        for chunk, definition in file.definitions():
            if definition.name not in taken and definition.name not in file.winners:
                file.winners[definition.name] = chunk
        if check and schema is not None and not file.file_problems:
            self._check(file, schema)
        file.diagnostics = _file_diagnostics(file)
        return file

    def _place(self, text: str) -> list[Placed]:
        """The chunks of `text`, parsed or taken from the last versions' parses."""
        kept: dict[str, list[ParsedChunk]] = {}
        placed = []
        for chunk in split_definitions(text):
            earlier = self._parses.get(chunk.text, [])
            taken = kept.setdefault(chunk.text, [])
            # The same text twice (a copied definition) is two parses: spans tell them apart.
            parsed = earlier[len(taken)] if len(taken) < len(earlier) else None
            taken.append(parsed or _parse_chunk(chunk.text, self.uri))
            placed.append(Placed(taken[-1], chunk.start))
        self._parses = kept
        return placed

    def _check(self, file: SegmentFile, schema: Schema) -> None:
        module = ast.Module(tuple(d for _, d in file.definitions()), (), file.source)
        names = frozenset(file.winners)
        kept: dict[_ResultKey, DefinitionResult] = {}
        for index, placed in enumerate(file.placed):
            chunk = placed.chunk
            definition = chunk.definition
            if definition is None:
                if chunk.module is not None and chunk.module.comments:
                    file.results[index] = self._lint_comments(chunk, schema)
                continue
            winner = file.winners.get(definition.name) is placed
            closure = _closure(definition.name, file.winners, placed) if winner else []
            key: _ResultKey = (
                chunk.text,
                winner,
                tuple((n, file.winners[n].chunk.text) for n in closure),
            )
            result = self._results.get(key)
            if result is None or (result.names is not None and result.names != names):
                result = self._result(chunk, module, schema, closure, names)
            kept[key] = result
            file.results[index] = result
        self._results = kept

    def _result(
        self,
        chunk: ParsedChunk,
        module: ast.Module,
        schema: Schema,
        closure: Sequence[str],
        names: frozenset[str],
    ) -> DefinitionResult:
        definition = chunk.definition
        assert definition is not None
        checked, diagnostics = check_definitions(module, schema, set(closure))
        own = tuple(d for d in diagnostics if d.span is not None and d.span.source is chunk.source)
        depends_on_names = any(d.code == errors.E210 for d in diagnostics)
        found = checked.segments.get(definition.name) or checked.partitions.get(definition.name)
        if found is None or found.span is not definition.span:
            return DefinitionResult(own, None, (), names if depends_on_names else None)
        # Earlier definitions that split with one of its salts, before it as in the file, so
        # that the linter compares the salts (SEG013); only this chunk's findings are its own.
        sharing = tuple(
            d
            for d in module.definitions
            if d.name in closure
            and d.name != definition.name
            and split_salts(ast.definition_exprs(d)) & chunk.salts
        )
        mentioned = chunk.mentions | {d.name for d in sharing} | {definition.name}
        for_lint = ir.CheckedModule(
            {n: s for n, s in checked.segments.items() if n in mentioned},
            {n: p for n, p in checked.partitions.items() if n in mentioned},
        )
        assert chunk.module is not None
        linted = replace(chunk.module, definitions=(*sharing, *chunk.module.definitions))
        findings = [
            f
            for f in lint_module(linted, schema, self.context.lint, checked=for_lint)
            if f.span.source is chunk.source
        ]
        return DefinitionResult(own, found, tuple(findings), names if depends_on_names else None)

    def _lint_comments(self, chunk: ParsedChunk, schema: Schema) -> DefinitionResult:
        """Suppression comments outside every definition suppress nothing: the linter says so."""
        assert chunk.module is not None
        nothing = ir.CheckedModule({}, {})
        findings = lint_module(chunk.module, schema, self.context.lint, checked=nothing)
        return DefinitionResult((), None, tuple(findings), None)


def _closure(name: str, winners: dict[str, Placed], placed: Placed) -> list[str]:
    """`name`, the definitions it refers to, directly or not, and the earlier ones that split
    with one of its salts (SEG013 names them), in file order."""
    salts = placed.chunk.salts
    seen = {name} | {
        n for n, p in winners.items() if p.offset < placed.offset and p.chunk.salts & salts
    }
    stack = list(seen)
    while stack:
        for mentioned in winners[stack.pop()].chunk.mentions:
            if mentioned in winners and mentioned not in seen:
                seen.add(mentioned)
                stack.append(mentioned)
    return sorted(seen, key=lambda n: winners[n].offset)


def _origin(diagnostic: Diagnostic) -> Origin:
    return Origin.SYNTAX if errors.is_syntax(diagnostic.code) else Origin.TYPE


def _file_diagnostics(file: SegmentFile) -> list[EditorDiagnostic]:
    out = [_editor_diagnostic(file, d, None, _origin(d)) for d in file.file_problems]
    for index, placed in enumerate(file.placed):
        out += [_editor_diagnostic(file, d, placed, Origin.SYNTAX) for d in placed.chunk.syntax]
        result = file.results.get(index)
        if result is None or not (result.diagnostics or result.findings):
            continue
        for diagnostic in result.diagnostics:
            shown = _editor_diagnostic(file, diagnostic, placed, Origin.TYPE)
            out.append(replace(shown, related=_related(file, diagnostic, placed)))
        out += [_lint_diagnostic(file, f, placed) for f in result.findings]
    out.sort(key=lambda d: (d.range.start, d.range.end, d.code))
    return out


def _related(
    file: SegmentFile, diagnostic: Diagnostic, placed: Placed
) -> tuple[RelatedLocation, ...]:
    """The places a problem involves besides its own: a name's first definition."""
    definition = placed.chunk.definition
    if diagnostic.code != errors.E401 or definition is None:
        return ()
    first = file.winners.get(definition.name)
    first_definition = first.chunk.definition if first is not None else None
    if first is None or first_definition is None:
        return ()
    span = first_definition.name_span
    where = file.lines.range(first.offset + span.start, first.offset + span.end)
    return (RelatedLocation("first defined here", Location(file.uri, where)),)


def _editor_diagnostic(
    file: SegmentFile, diagnostic: Diagnostic, placed: Placed | None, origin: Origin
) -> EditorDiagnostic:
    span = diagnostic.span
    if span is None:
        span = Span(file.source, 0, 0)
    elif placed is not None:
        span = placed.document_span(span, file.source)
    located = replace(diagnostic, span=span)
    return EditorDiagnostic(file.lines.range(span.start, span.end), located, origin)


def _lint_diagnostic(file: SegmentFile, finding: Finding, placed: Placed) -> EditorDiagnostic:
    shown = _editor_diagnostic(file, finding.to_diagnostic(), placed, Origin.LINT)
    if finding.fix is None:
        return shown
    edits = tuple(
        TextEdit(
            file.lines.range(placed.offset + edit.start, placed.offset + edit.end), edit.content
        )
        for edit in finding.fix.edits
    )
    return replace(shown, fix=LintFix(finding.fix.message, edits))


@dataclass
class ConditionFile:
    """One version of a lone condition, analysed; `checked` when it has no errors."""

    uri: str
    text: str
    source: Source
    lines: LineIndex
    expr: ast.Expr | None
    checked: ir.Cond | None
    diagnostics: list[EditorDiagnostic]


def analyze_condition(
    uri: str, text: str, context: Context, scope: ast.Module | None
) -> ConditionFile:
    """Parse and check a lone condition, with the definitions of `scope` in scope."""
    text = normalize_line_ends(text)
    source = Source(uri, text)
    lines = LineIndex(text)
    found: list[Diagnostic] = []
    expr: ast.Expr | None = None
    cond: ir.Cond | None = None
    with limits_in_effect(context.limits):
        try:
            expr = parse_expression_source(source)
        except SegdslError as error:
            found = list(error.diagnostics)
        if expr is not None and context.schema is not None:
            try:
                cond = check_condition(expr, context.schema, scope)
            except SegdslError as error:
                # Problems of the definitions in scope are told where they are.
                found = [d for d in error.diagnostics if d.span is None or d.span.source is source]
    diagnostics = [
        EditorDiagnostic(
            lines.range(d.span.start, d.span.end) if d.span else lines.range(0, 0),
            d if d.span else replace(d, span=Span(source, 0, 0)),
            _origin(d),
        )
        for d in found
    ]
    return ConditionFile(uri, text, source, lines, expr, cond, diagnostics)


def schema_notice(
    problems: Sequence[Diagnostic], schema_uri: str | None, source: Source
) -> Diagnostic | None:
    """What a document says when the schema did not load: names go unchecked."""
    if not problems:
        return None
    first = problems[0]
    where = f" ({schema_uri})" if schema_uri else ""
    return Diagnostic(
        first.code,
        f"the schema did not load{where}, so names are not checked: {first.message}",
        Span(source, 0, 0),
        Severity.WARNING,
        first.hints,
    )
