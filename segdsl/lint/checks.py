"""The rules' checks: semantic ones over the checked program (ir) with `reasoning`, syntactic
ones over the AST (which keeps the author's parentheses)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from segdsl.diagnostics import Span
from segdsl.lint.config import LintConfig
from segdsl.lint.findings import Edit, Finding, Fix
from segdsl.lint.rules import BY_CODE
from segdsl.semantics import ir
from segdsl.semantics.reasoning import Reasoner, nullable_bases, operand_key
from segdsl.semantics.schema import Column, Schema
from segdsl.syntax import ast
from segdsl.syntax.lexicon import COMMENT_START

_SHOWN = 60


def shown(span: Span | None, fallback: str = "this condition") -> str:
    """A span's text for a one-line message: whitespace collapsed, long text shortened."""
    if span is None:
        return fallback
    text = " ".join(span.text.split())
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1].rstrip() + "…"


def ast_walk(expr: ast.Expr) -> Iterator[ast.Expr]:
    stack = [expr]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(list(ast.children(node))))


def cond_children(cond: ir.Cond) -> Sequence[ir.Cond]:
    match cond:
        case ir.And(operands=ops) | ir.Or(operands=ops):
            return ops
        case ir.Not(operand=inner):
            return (inner,)
    return ()


def customer_walk(node: ir.Node) -> Iterator[ir.Node]:
    """Nodes of one definition as written: not into other segments or partitions (linted where
    they are defined) nor into metric bodies (schema text)."""
    stack: list[ir.Node] = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, ir.SegmentRef | ir.MetricRef | ir.PartitionRef):
            continue
        if isinstance(current, ir.Regular):
            # The count as written, not each period's copy with the period's test added.
            stack.append(current.count)
            continue
        stack.extend(reversed(list(ir.children(current))))


@dataclass(frozen=True)
class Root:
    """A condition linted on its own: a segment body, a partition arm, or an aggregate's
    `where` filter (whose operands are per event)."""

    cond: ir.Cond
    kind: str  # "segment" | "arm" | "filter"
    fallback: Span


class Checks:
    def __init__(
        self,
        module: ast.Module,
        checked: ir.CheckedModule,
        schema: Schema,
        config: LintConfig,
    ):
        self.module = module
        self.checked = checked
        self.schema = schema
        self.config = config
        self.source = module.source
        self.reasoner = Reasoner(schema)
        self.plain = Reasoner(schema, implicit=False)
        self.findings: list[Finding] = []
        self._seen: set[tuple[str, int, int]] = set()
        self._ast_at: dict[tuple[int, int], list[ast.Expr]] = {}
        for definition in module.definitions:
            for expr in ast.definition_exprs(definition):
                for node in ast_walk(expr):
                    self._ast_at.setdefault((node.span.start, node.span.end), []).append(node)
        self._degenerate_segments = self._find_degenerate_segments()
        self._reported: set[int] = set()

    # -- plumbing ----------------------------------------------------------------------------

    def on(self, code: str) -> bool:
        return self.config.enabled(code)

    def report(
        self,
        code: str,
        message: str,
        span: Span | None,
        fallback: Span,
        hints: Sequence[str] = (),
        fix: Fix | None = None,
    ) -> None:
        if span is None or span.source is not self.source:
            span, fix = fallback, None
        key = (code, span.start, span.end)
        if key in self._seen:
            return
        self._seen.add(key)
        rule = BY_CODE[code]
        self.findings.append(
            Finding(code, message, span, self.config.severity_of(rule), tuple(hints), fix)
        )

    def _ast(self, span: Span | None, kind: type) -> ast.Expr | None:
        if span is None or span.source is not self.source:
            return None
        for node in self._ast_at.get((span.start, span.end), []):
            if isinstance(node, kind):
                return node
        return None

    def run(self) -> list[Finding]:
        roots = self._roots()
        for root in roots:
            self._reported = set()
            if self.on("SEG001") or self.on("SEG002"):
                self._degenerate(root, root.cond)
            if self.on("SEG003") or self.on("SEG004"):
                self._redundancy(root, root.cond)
            if self.on("SEG005") or self.on("SEG006"):
                self._traps(root)
        if self.on("SEG007"):
            self._partitions()
        if self.on("SEG008") or self.on("SEG009"):
            self._fields()
        if self.on("SEG010") or self.on("SEG011"):
            self._syntax()
        if self.on("SEG013"):
            self._splits()
        return self.findings

    def _tops(self, definition: ast.Definition) -> list[Root]:
        """The checked conditions of one definition: a segment's body, a partition's arms."""
        if isinstance(definition, ast.SegmentDef):
            segment = self.checked.segments.get(definition.name)
            if segment is not None and segment.span is definition.span:
                return [Root(segment.condition, "segment", definition.name_span)]
            return []
        partition = self.checked.partitions.get(definition.name)
        if partition is None or partition.span is not definition.span:
            return []
        return [
            Root(cond, "arm", arm.label_span)
            for (_, cond), arm in zip(partition.value.arms, definition.arms, strict=False)
        ]

    def _roots(self) -> list[Root]:
        tops = [top for definition in self.module.definitions for top in self._tops(definition)]
        roots = list(tops)
        for top in tops:
            for node in customer_walk(top.cond):
                if isinstance(node, ir.Agg | ir.PopulationAgg) and node.where is not None:
                    span = node.span if node.span is not None else top.fallback
                    roots.append(Root(node.where, "filter", span))
        return roots

    # -- SEG001 / SEG002 -------------------------------------------------------------------

    def _find_degenerate_segments(self) -> set[str]:
        out: set[str] = set()
        for name, segment in self.checked.segments.items():
            if (
                self.reasoner.satisfiable(segment.condition) is False
                or self.reasoner.satisfiable(segment.condition, False) is False
            ):
                out.add(name)
        return out

    def _refers_to_degenerate(self, cond: ir.Cond) -> bool:
        return any(
            isinstance(node, ir.SegmentRef) and node.name in self._degenerate_segments
            for node in customer_walk(cond)
        )

    def _is_between(self, cond: ir.Cond) -> bool:
        return isinstance(cond, ir.And) and self._ast(cond.span, ast.Between) is not None

    def _degenerate(self, root: Root, cond: ir.Cond) -> None:
        if isinstance(cond, ir.SegmentRef | ir.Literal_):
            return
        never = self.reasoner.satisfiable(cond) is False
        always = not never and self.reasoner.satisfiable(cond, False) is False
        if (never or always) and not self._refers_to_degenerate(cond):
            self._reported.add(id(cond))
            if never and self.on("SEG001"):
                what = {
                    "segment": "no customer matches it",
                    "arm": "no customer gets this label",
                    "filter": "no event passes this filter",
                }[root.kind]
                self.report(
                    "SEG001",
                    f"`{shown(cond.span)}` can never be true: {what}",
                    cond.span,
                    root.fallback,
                    self._conflict_hints(cond, positive=True),
                )
            elif always and self.on("SEG002"):
                self.report(
                    "SEG002",
                    f"`{shown(cond.span)}` is always true"
                    + (": it filters nothing out" if root.kind == "filter" else ""),
                    cond.span,
                    root.fallback,
                    self._conflict_hints(cond, positive=False),
                )
            return
        if self._is_between(cond):
            return
        for child in cond_children(cond):
            self._degenerate(root, child)

    def _conflict_hints(self, cond: ir.Cond, positive: bool) -> list[str]:
        """Name the smallest part that makes `cond` empty (positive) or total (negative)."""
        parts: Sequence[ir.Cond] = ()
        joiner = "and" if positive else "or"
        if isinstance(cond, ir.And if positive else ir.Or) and not self._is_between(cond):
            parts = cond_children(cond)
        for part in parts:
            if self.reasoner.satisfiable(part, positive) is False:
                state = "never" if positive else "always"
                return [f"`{shown(part.span)}` alone is {state} true"]
        for i, first in enumerate(parts):
            for second in parts[i + 1 :]:
                if self.reasoner.any_satisfiable([(first, positive), (second, positive)]) is False:
                    if positive:
                        return [f"`{shown(first.span)}` contradicts `{shown(second.span)}`"]
                    return [
                        f"`{shown(first.span)}` {joiner} `{shown(second.span)}` covers every "
                        "customer"
                    ]
        if not positive:
            return []
        missing = [
            v for v in _values(cond) if not ir.nullable(v) and isinstance(cond, ir.IsMissing)
        ]
        if missing:
            return [f"`{shown(missing[0].span)}` is never missing (counts and sums are 0)"]
        return []

    # -- SEG003 / SEG004 -------------------------------------------------------------------

    def _redundancy(self, root: Root, cond: ir.Cond) -> None:
        if id(cond) in self._reported or isinstance(cond, ir.SegmentRef):
            return
        if (
            isinstance(cond, ir.And | ir.Or)
            and not self._is_between(cond)
            # Everything follows from a contradiction: leave those to SEG001 / SEG002.
            and self.reasoner.satisfiable(cond, isinstance(cond, ir.And)) is not False
        ):
            self._operands(root, cond)
        if self._is_between(cond):
            return
        for child in cond_children(cond):
            self._redundancy(root, child)

    def _operands(self, root: Root, cond: ir.And | ir.Or) -> None:
        ops = cond.operands
        word = "and" if isinstance(cond, ir.And) else "or"
        removed: set[int] = set()
        for i, op in enumerate(ops):
            for j in range(i):
                if j not in removed and ops[j] == op:
                    removed.add(i)
                    if self.on("SEG004"):
                        first = ops[j].span
                        self.report(
                            "SEG004",
                            f"`{shown(op.span)}` appears twice in this `{word}`",
                            op.span,
                            root.fallback,
                            [f"first at line {first.line}"] if first is not None else [],
                            self._removal(cond, i, "remove the duplicate"),
                        )
                    break
        if not self.on("SEG003"):
            return
        plain = self.plain
        for i in reversed(range(len(ops))):
            if i in removed or _presence_test(ops[i]):
                continue
            others = [ops[j] for j in range(len(ops)) if j != i and j not in removed]
            if not others:
                continue
            if isinstance(cond, ir.And):
                redundant = plain.implies(others, ops[i])
            else:
                literals = [(ops[i], True)] + [(o, False) for o in others]
                redundant = plain.any_satisfiable(literals) is False
            if not redundant:
                continue
            removed.add(i)
            single = self._single_cause(cond, ops[i], others)
            if isinstance(cond, ir.And):
                by = f"`{shown(single.span)}`" if single else "the rest of this `and`"
                message = f"`{shown(ops[i].span)}` is implied by {by}"
            else:
                by = f"`{shown(single.span)}`" if single else "the rest of this `or`"
                message = f"`{shown(ops[i].span)}` is already covered by {by}"
            self.report(
                "SEG003",
                message,
                ops[i].span,
                root.fallback,
                ["remove it, or check its bounds: a redundant bound is often a typo"],
                self._removal(cond, i, "remove the redundant condition"),
            )

    def _single_cause(
        self, cond: ir.And | ir.Or, op: ir.Cond, others: Sequence[ir.Cond]
    ) -> ir.Cond | None:
        for other in others:
            if isinstance(cond, ir.And):
                if self.plain.implies([other], op):
                    return other
            elif self.plain.any_satisfiable([(op, True), (other, False)]) is False:
                return other
        return None

    def _removal(self, cond: ir.And | ir.Or, index: int, message: str) -> Fix | None:
        node = self._ast(cond.span, ast.BoolOp)
        if not isinstance(node, ast.BoolOp) or len(node.operands) != len(cond.operands):
            return None
        ops = node.operands
        if index > 0:
            start, end = ops[index - 1].span.end, ops[index].span.end
        else:
            start, end = ops[0].span.start, ops[1].span.start
        if COMMENT_START in self.source.text[start:end]:
            return None  # never delete a comment
        return Fix(message, (Edit(start, end, ""),))

    # -- SEG005 / SEG006 -------------------------------------------------------------------

    def _traps(self, root: Root) -> None:
        tested: set[object] = set()
        for node in customer_walk(root.cond):
            if isinstance(node, ir.IsMissing):
                tested.add(operand_key(node.operand))
                tested.update(operand_key(b) for b in nullable_bases(node.operand))
        self._trap_visit(root, root.cond, [], True, None, tested)

    def _exposed(
        self, value: ir.Value, guards: list[tuple[ir.Cond, bool]], tested: set[object]
    ) -> list[ir.Value]:
        """Nullable parts of `value` whose missing case the condition leaves unhandled."""
        out = []
        for base in nullable_bases(value):
            if operand_key(base) in tested:
                continue
            if self.reasoner.with_missing(guards, base) is False:
                continue
            out.append(base)
        return out

    def _trap_visit(
        self,
        root: Root,
        cond: ir.Cond,
        guards: list[tuple[ir.Cond, bool]],
        positive: bool,
        negation: ir.Not | None,
        tested: set[object],
    ) -> None:
        match cond:
            case ir.And(operands=ops) | ir.Or(operands=ops):
                holds = isinstance(cond, ir.And)
                for i, child in enumerate(ops):
                    siblings = [(o, holds) for j, o in enumerate(ops) if j != i]
                    self._trap_visit(root, child, guards + siblings, positive, None, tested)
            case ir.Not(operand=inner):
                self._trap_visit(root, inner, guards, not positive, cond, tested)
            case ir.Compare(op=op, left=left, right=right):
                self._compare_trap(root, cond, op, left, right, guards, positive, negation, tested)
            case ir.InSet(operand=operand) if not positive and negation is not None:
                self._negation_trap(root, cond, operand, negation, guards, tested)
            case _:
                return

    def _compare_trap(
        self,
        root: Root,
        cond: ir.Compare,
        op: str,
        left: ir.Value,
        right: ir.Value,
        guards: list[tuple[ir.Cond, bool]],
        positive: bool,
        negation: ir.Not | None,
        tested: set[object],
    ) -> None:
        constant = [v for v in (left, right) if not _varies(v)]
        if not constant:
            if not positive or not self.on("SEG005"):
                return
            exposed = self._exposed(left, guards, tested) + self._exposed(right, guards, tested)
            if not exposed:
                return
            name = shown(exposed[0].span)
            text = shown(cond.span)
            self.report(
                "SEG005",
                f"`{text}` is false for every customer whose {name} is missing",
                cond.span,
                root.fallback,
                [
                    f"to include them, write `({name} is missing or {text})`",
                    f"to exclude them on purpose, write `{name} is present and {text}`",
                ],
            )
            return
        if len(constant) == 2 or not self.on("SEG006"):
            return
        value = right if constant[0] is left else left
        if positive and op == "!=":
            exposed = self._exposed(value, guards, tested)
            if not exposed:
                return
            name, text = shown(exposed[0].span), shown(cond.span)
            self.report(
                "SEG006",
                f"`{text}` also excludes customers whose {name} is missing",
                cond.span,
                root.fallback,
                [
                    f"to include them, write `({name} is missing or {text})`",
                    f"to exclude them on purpose, write `{name} is present and {text}`",
                ],
            )
        elif not positive and op == "=" and negation is not None:
            self._negation_trap(root, cond, value, negation, guards, tested)

    def _negation_trap(
        self,
        root: Root,
        cond: ir.Cond,
        value: ir.Value,
        negation: ir.Not,
        guards: list[tuple[ir.Cond, bool]],
        tested: set[object],
    ) -> None:
        if not self.on("SEG006"):
            return
        exposed = self._exposed(value, guards, tested)
        if not exposed:
            return
        name, text = shown(exposed[0].span), shown(negation.span)
        self.report(
            "SEG006",
            f"`{text}` also includes customers whose {name} is missing",
            negation.span,
            root.fallback,
            [
                f"to exclude them, write `{name} is present and {text}`",
                f"to include them on purpose, write `{name} is missing or {text}`",
            ],
        )

    # -- SEG007 ----------------------------------------------------------------------------

    def _partitions(self) -> None:
        for definition in self.module.definitions:
            if not isinstance(definition, ast.PartitionDef):
                continue
            partition = self.checked.partitions.get(definition.name)
            if partition is None or partition.span is not definition.span:
                continue
            arms = partition.value.arms
            for i, ((label, cond), arm) in enumerate(zip(arms, definition.arms, strict=False)):
                if i == 0 or self.reasoner.satisfiable(cond) is not True:
                    continue
                literals = [(cond, True)] + [(c, False) for _, c in arms[:i]]
                if self.reasoner.any_satisfiable(literals) is not False:
                    continue
                cover = [f'"{lbl}"' for lbl, c in arms[:i] if self.reasoner.implies([cond], c)]
                by = f"{cover[0]} already takes" if cover else "the earlier arms already take"
                self.report(
                    "SEG007",
                    f'arm "{label}" can never be chosen: {by} every customer it matches',
                    arm.span,
                    arm.label_span,
                    ["first match wins: put narrower arms before broader ones"],
                )
            if arms and self.reasoner.any_satisfiable([(c, False) for _, c in arms]) is False:
                self.report(
                    "SEG007",
                    f'`otherwise "{definition.otherwise}"` is never used: the arms cover every '
                    "customer",
                    definition.otherwise_span,
                    definition.otherwise_span,
                )

    # -- SEG008 / SEG009 -------------------------------------------------------------------

    def _fields(self) -> None:
        for root in self._roots():
            if root.kind == "filter":
                continue  # walked from the definition it is in
            for node in customer_walk(root.cond):
                if isinstance(node, ir.Attr | ir.Field):
                    column = self._column(node)
                    if column is not None:
                        self._flag_column(column, node.span, root.fallback, None)
                elif isinstance(node, ir.MetricRef):
                    for inner in ir.walk(node.body):
                        if isinstance(inner, ir.Attr | ir.Field):
                            column = self._column(inner)
                            if column is not None:
                                self._flag_column(column, node.span, root.fallback, node.name)

    def _column(self, node: ir.Attr | ir.Field) -> Column | None:
        if isinstance(node, ir.Attr):
            return self.schema.attributes.get(node.name)
        stream = self.schema.events.get(node.stream)
        return None if stream is None else stream.fields.get(node.name)

    def _flag_column(
        self, column: Column, span: Span | None, fallback: Span, metric: str | None
    ) -> None:
        via = f" (through the metric '{metric}')" if metric else ""
        if column.pii and self.on("SEG008"):
            self.report(
                "SEG008",
                f"'{column.name}' is personal data (pii: true){via}",
                span,
                fallback,
                ["make sure this use is intended; suppress with `# segdsl: ignore[SEG008]`"],
            )
        if column.deprecated and self.on("SEG009"):
            hints = [f"schema: {column.description}"] if column.description else []
            self.report(
                "SEG009",
                f"'{column.name}' is deprecated in the schema{via}",
                span,
                fallback,
                hints,
            )

    # -- SEG010 / SEG011 -------------------------------------------------------------------

    def _syntax(self) -> None:
        for definition in self.module.definitions:
            for expr in ast.definition_exprs(definition):
                for node in ast_walk(expr):
                    if isinstance(node, ast.In):
                        self._large_list(node, definition.name_span)
                    elif isinstance(node, ast.BoolOp) and node.op == "or":
                        self._precedence(node, definition.name_span)

    def _large_list(self, node: ast.In, fallback: Span) -> None:
        collection = ast.unwrap(node.collection)
        limit = self.config.max_in_items
        if not isinstance(collection, ast.ListLit) or len(collection.items) <= limit:
            return
        if self.on("SEG010"):
            self.report(
                "SEG010",
                f"`in` list of {len(collection.items)} items (more than {limit})",
                collection.span,
                fallback,
                ["define it once as a named set in the schema (`sets:`) and use its name"],
            )

    def _precedence(self, node: ast.BoolOp, fallback: Span) -> None:
        if not self.on("SEG011"):
            return
        for operand in node.operands:
            if isinstance(operand, ast.BoolOp) and operand.op == "and":
                text = shown(operand.span)
                self.report(
                    "SEG011",
                    f"`and` binds tighter than `or`: this reads as `… or ({text})`",
                    operand.span,
                    fallback,
                    ["add parentheses to show the grouping you mean"],
                    Fix(
                        "add parentheses",
                        (
                            Edit(operand.span.start, operand.span.start, "("),
                            Edit(operand.span.end, operand.span.end, ")"),
                        ),
                    ),
                )

    # -- SEG013 ----------------------------------------------------------------------------

    def _splits(self) -> None:
        """A salt split in one definition and again in a later one."""
        first: dict[str, str] = {}
        for definition in self.module.definitions:
            found: dict[str, ir.Split] = {}
            for top in self._tops(definition):
                for node in customer_walk(top.cond):
                    if isinstance(node, ir.Split):
                        found.setdefault(node.salt, node)
            for salt, split in found.items():
                if salt not in first:
                    first[salt] = definition.name
                    continue
                self.report(
                    "SEG013",
                    f"'{definition.name}' splits with the salt of '{first[salt]}': the same "
                    "customers land in the same parts of both",
                    split.span,
                    definition.name_span,
                    [
                        f"refer to '{first[salt]}' by name for the same customers, or give this "
                        "split a salt of its own",
                    ],
                )


def _varies(value: ir.Value) -> bool:
    """Whether a value differs between customers (not a literal, `now` or `now - 30d`)."""
    while isinstance(value, ir.MetricRef):
        value = value.body
    if isinstance(value, ir.Shift):
        return _varies(value.base)
    if isinstance(value, ir.Arith):
        return _varies(value.left) or _varies(value.right)
    if isinstance(value, ir.Negate):
        return _varies(value.operand)
    if isinstance(value, ir.PopulationAgg):
        return False  # one value for the whole population
    return not isinstance(value, ir.Const | ir.DurationConst | ir.Now)


def _presence_test(cond: ir.Cond) -> bool:
    """`x is missing` / `x is present`: explicit about missing values, never called redundant."""
    while isinstance(cond, ir.Not):
        cond = cond.operand
    return isinstance(cond, ir.IsMissing)


def _values(cond: ir.Cond) -> list[ir.Value]:
    match cond:
        case ir.IsMissing(operand=value) | ir.InSet(operand=value) | ir.Truth(operand=value):
            return [value]
        case ir.Compare(left=left, right=right):
            return [left, right]
        case ir.AgeCompare(value=value):
            return [value]
    return []
