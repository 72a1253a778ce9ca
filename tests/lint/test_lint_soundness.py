"""What `segdsl lint` claims about members, checked on data with the reference evaluator
(docs/lint.md, "What the linter promises").

Every finding of SEG001-SEG007 is read as a statement about customers (or, inside an
aggregate's filter, about events): a condition that holds for nobody ("never"), or, for the
missing-value warnings SEG005 / SEG006, a rewrite that changes who matches ("some"):

- SEG001 on X: X holds for nobody.             SEG002 on X: `not X` holds for nobody.
- SEG003 / SEG004 on an operand X of P: P and P without X differ for nobody.
- SEG007 on arm i: arm i and none of the earlier arms holds for nobody (on `otherwise`: none
  of the arms holds for nobody).
- SEG005 / SEG006 naming value v: writing `(v is missing or X)` for X (for `not …`:
  `v is present and not …`) changes the members, i.e. somebody reaches X with v missing.

Soundness: no "never" claim fails on generated files and datasets with events on and 1 µs
around every bound the conditions mention. Completeness, for the fragment docs/lint.md says is
decided: on a dataset with every customer the fragment tells apart, a condition that holds for
nobody (everybody) is reported as SEG001 (SEG002), an arm no customer gets as SEG001 or
SEG007, an unused `otherwise` as SEG007, and every SEG005 / SEG006 there has a witness.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from segdsl.api import load_schema
from segdsl.lint import Finding, lint_module
from segdsl.semantics import ir
from segdsl.semantics import types as t
from segdsl.semantics.checker import check_module
from segdsl.semantics.reference import Evaluator
from segdsl.syntax.ast import PartitionDef, SegmentDef
from segdsl.syntax.parser import parse_module
from tests.support.generators import (
    AS_OFS,
    bound_instants,
    datasets,
    presence_dataset,
    presence_files,
)
from tests.support.generators import segment_files as general_files

SCHEMA = load_schema(Path(__file__).parents[2] / "examples/shop/schema.yaml")
ZERO = ir.Const(0, t.INT)


@dataclass(frozen=True)
class Claim:
    code: str
    cond: ir.Cond
    stream: str | None  # the condition is about events of this stream (an aggregate's filter)
    never: bool  # True: holds for nobody; False: holds for somebody
    # For "some": whether the rest of the condition is in the decided fragment.
    decided: bool = True


@dataclass(frozen=True)
class Site:
    node: ir.Cond
    parent: ir.Cond | None
    root: ir.Cond
    stream: str | None


def holds_for_somebody(evaluator: Evaluator, claim: Claim) -> bool:
    if claim.stream is None:
        return bool(evaluator.members(claim.cond))
    passing = ir.Agg("count", claim.stream, None, claim.cond, t.INT)
    return bool(evaluator.members(ir.Compare(">", passing, ZERO)))


def differ(a: ir.Cond, b: ir.Cond) -> ir.Cond:
    return ir.Or((ir.And((a, ir.Not(b))), ir.And((ir.Not(a), b))))


def sites(checked: ir.CheckedModule) -> dict[tuple[int, int], list[Site]]:
    """Every condition node of every linted root, by span, outermost first."""
    found: dict[tuple[int, int], list[Site]] = defaultdict(list)
    roots: list[tuple[ir.Cond, str | None]] = [
        (s.condition, None) for s in checked.segments.values()
    ]
    roots += [(c, None) for p in checked.partitions.values() for _, c in p.value.arms]
    while roots:
        root, stream = roots.pop()
        stack: list[tuple[ir.Node, ir.Cond | None]] = [(root, None)]
        while stack:
            node, parent = stack.pop()
            if isinstance(node, ir.Agg | ir.PopulationAgg) and node.where is not None:
                roots.append((node.where, node.stream if isinstance(node, ir.Agg) else None))
                continue
            if isinstance(node, ir.COND_TYPES) and node.span is not None:
                found[(node.span.start, node.span.end)].append(Site(node, parent, root, stream))
            if isinstance(node, ir.SegmentRef | ir.MetricRef | ir.PartitionRef):
                continue  # linted where it is defined
            here = node if isinstance(node, ir.COND_TYPES) else parent
            stack.extend((child, here) for child in reversed(list(ir.children(node))))
    return found


def _named(node: ir.Cond, name: str) -> ir.Value:
    """The value a SEG005 / SEG006 message names (`… whose last_order is missing`)."""
    for value in ir.walk(node):
        if value.span is not None and not isinstance(value, ir.COND_TYPES):
            text = " ".join(value.span.text.split())
            if text == name or (name.endswith("…") and text.startswith(name[:-1])):
                return value
    raise AssertionError(f"no value {name!r} in {node}")


def _replaced(root: ir.Cond, node: ir.Cond, by: ir.Cond) -> ir.Cond:
    changed = ir.substitute(root, lambda n: by if n is node else None)
    assert isinstance(changed, ir.COND_TYPES)
    return changed


def _decided(cond: ir.Cond) -> bool:
    """In the fragment: no comparison of two customer values (the generators' only way out)."""
    return not any(
        isinstance(n, ir.Compare)
        and not isinstance(n.left, ir.Const)
        and not isinstance(n.right, ir.Const)
        for n in ir.walk(cond)
    )


def claims(text: str) -> tuple[list[Claim], list[Finding]]:
    module = parse_module(text, "t.seg")
    checked = check_module(module, SCHEMA)
    findings = lint_module(module, SCHEMA)
    at = sites(checked)
    arms: dict[tuple[int, int], ir.Cond] = {}
    for definition in module.definitions:
        if isinstance(definition, PartitionDef):
            conds = [c for _, c in checked.partitions[definition.name].value.arms]
            for i, arm in enumerate(definition.arms):
                earlier = [ir.Not(c) for c in conds[:i]]
                arms[(arm.span.start, arm.span.end)] = ir.And((conds[i], *earlier))
            otherwise = definition.otherwise_span
            arms[(otherwise.start, otherwise.end)] = ir.And(tuple(ir.Not(c) for c in conds))
    out: list[Claim] = []
    for finding in findings:
        span = (finding.span.start, finding.span.end)
        if finding.code == "SEG007":
            out.append(Claim("SEG007", arms[span], None, True))
            continue
        if finding.code not in ("SEG001", "SEG002", "SEG003", "SEG004", "SEG005", "SEG006"):
            continue
        site = at[span][0]
        if finding.code in ("SEG001", "SEG002"):
            cond = site.node if finding.code == "SEG001" else ir.Not(site.node)
            out.append(Claim(finding.code, cond, site.stream, True))
        elif finding.code in ("SEG003", "SEG004"):
            parent = next(s.parent for s in at[span] if isinstance(s.parent, ir.And | ir.Or))
            assert isinstance(parent, ir.And | ir.Or)
            rest = tuple(o for o in parent.operands if o is not site.node)
            without = rest[0] if len(rest) == 1 else type(parent)(rest)
            out.append(Claim(finding.code, differ(parent, without), site.stream, True))
        else:
            matched = re.search(r"whose (.+) is missing$", finding.message)
            assert matched is not None, finding.message
            value = _named(site.node, matched.group(1))
            if "also includes" in finding.message:
                rewrite: ir.Cond = ir.And((ir.Not(ir.IsMissing(value)), site.node))
            else:
                rewrite = ir.Or((ir.IsMissing(value), site.node))
            changed = _replaced(site.root, site.node, rewrite)
            rest = _decided(_replaced(site.root, site.node, ir.Literal_(True)))
            out.append(Claim(finding.code, differ(site.root, changed), site.stream, False, rest))
    return out, findings


# -- soundness ----------------------------------------------------------------------------------


@settings(max_examples=60)
@given(data=st.data(), text=general_files() | presence_files())
def test_no_claim_is_false_on_data(data: st.DataObject, text: str) -> None:
    found, _ = claims(text)
    never = [c for c in found if c.never]
    if not never:
        return
    as_of = data.draw(st.sampled_from(AS_OFS), label="as_of")
    around = [i for c in never for i in bound_instants(c.cond, as_of)]
    for _ in range(3):
        dataset = data.draw(datasets(as_of, around), label="dataset")
        evaluator = Evaluator(SCHEMA, dataset, as_of)
        for claim in never:
            assert not holds_for_somebody(evaluator, claim), (claim.code, text)


# -- completeness on the decided fragment -------------------------------------------------------


def _reported(findings: list[Finding], code: str, span: tuple[int, int]) -> bool:
    return any(f.code == code and (f.span.start, f.span.end) == span for f in findings)


def check_complete(text: str, as_of: dt.datetime) -> int:
    """Check the promises on one fragment file; returns how many it checked."""
    found, findings = claims(text)
    module = parse_module(text, "t.seg")
    checked = check_module(module, SCHEMA)
    segment = checked.segments["s"]
    partition = checked.partitions["p"]
    dataset = presence_dataset(
        ir.And((segment.condition, *(c for _, c in partition.value.arms))), SCHEMA, as_of
    )
    assert dataset is not None, text
    evaluator = Evaluator(SCHEMA, dataset, as_of)
    everybody = {row["customer_id"] for row in evaluator.customers}
    checks = 0
    for claim in found:
        if claim.decided:
            assert holds_for_somebody(evaluator, claim) != claim.never, (claim.code, text)
            checks += 1
    body, definition = module.definitions
    assert isinstance(body, SegmentDef) and isinstance(definition, PartitionDef)
    roots = [(segment.condition, (body.body.span.start, body.body.span.end))]
    roots += [
        (c, (arm.condition.span.start, arm.condition.span.end))
        for (_, c), arm in zip(partition.value.arms, definition.arms, strict=True)
    ]
    for cond, span in roots:
        if not _decided(cond):
            continue
        members = evaluator.members(cond)
        if not members:
            assert _reported(findings, "SEG001", span), ("matches nobody", text)
        elif members == everybody:
            assert _reported(findings, "SEG002", span), ("matches everybody", text)
        checks += 1
    (_, first), (_, second) = partition.value.arms
    arm = definition.arms[1]
    if evaluator.members(second) and not evaluator.members(ir.And((second, ir.Not(first)))):
        assert _reported(findings, "SEG007", (arm.span.start, arm.span.end)), ("dead arm", text)
    if not evaluator.members(ir.And((ir.Not(first), ir.Not(second)))):
        span = (definition.otherwise_span.start, definition.otherwise_span.end)
        assert _reported(findings, "SEG007", span), ("unused otherwise", text)
    return checks + 2


@settings(max_examples=80)
@given(text=presence_files())
def test_the_fragment_is_decided(text: str) -> None:
    check_complete(text, AS_OFS[0])


def test_the_fragment_examples() -> None:
    """The promise on the examples docs/lint.md gives for it."""
    files = [
        "segment s = first_order is present and last_order is missing\n"
        'partition p =\n    "a" when first_order is present\n    "b" when last_order is present\n'
        '    otherwise "c"\n',
        "segment s = last_cart_add < 24h and first_order < 1y and last_order < last_cart_add\n"
        'partition p =\n    "a" when purchases >= 1\n    "b" when last_order is missing\n'
        '    otherwise "c"\n',
    ]
    for text in files:
        check_complete(text, AS_OFS[0])
