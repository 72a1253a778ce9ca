"""Interval and set reasoning over checked conditions, under the language's two-valued logic.

A condition is normalised to a disjunction of conjunctions (DNF). Negation is pushed down to the
atoms with De Morgan, which is exact because every condition is true or false for every customer
(docs/semantics.md). Each conjunction keeps, per *operand* (an attribute, a metric, an
aggregate, a field of an event stream), the set of values the operand may take, as a subset of

    (the operand's present values) ∪ {missing, if the operand can be missing}

Numbers, dates and timestamps are unions of intervals; strings, enums and bools are finite or
co-finite value sets. Ages (`last_order < 30d`) live in their own dimensions (seconds, calendar
months) because they relate to absolute dates only through the as-of instant, which the linter
does not know, and so do calendar periods relative to today (`in this month` and `in last 3
months` as the months back from today's, one dimension per unit): a conjunction is empty when
any one dimension is. Atoms the linter cannot
interpret (`top 10% by x`, `a < b` between two customer values, `contains`) are boolean
variables, with the presence of their operands as a side condition.

Everything here is *sound*: "unsatisfiable" is only claimed when it is proved. When the DNF
grows past a limit the answer is "unknown" (None) and the rules stay quiet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Literal, TypeAlias, cast

from segdsl.semantics import calendar, ir
from segdsl.semantics import types as t
from segdsl.semantics.schema import Schema
from segdsl.syntax.lexicon import MIRROR, CompareOp

MAX_CONJUNCTIONS = 256

# -- intervals -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Interval:
    """An interval of the extended real line; None is -∞ (lo) or +∞ (hi)."""

    lo: Decimal | None
    lo_closed: bool
    hi: Decimal | None
    hi_closed: bool

    @property
    def empty(self) -> bool:
        if self.lo is None or self.hi is None:
            return False
        if self.lo < self.hi:
            return False
        return not (self.lo == self.hi and self.lo_closed and self.hi_closed)

    def intersect(self, other: Interval) -> Interval:
        lo, lo_closed = self.lo, self.lo_closed
        if other.lo is not None and (lo is None or other.lo > lo):
            lo, lo_closed = other.lo, other.lo_closed
        elif other.lo is not None and other.lo == lo:
            lo_closed = lo_closed and other.lo_closed
        hi, hi_closed = self.hi, self.hi_closed
        if other.hi is not None and (hi is None or other.hi < hi):
            hi, hi_closed = other.hi, other.hi_closed
        elif other.hi is not None and other.hi == hi:
            hi_closed = hi_closed and other.hi_closed
        return Interval(lo, lo_closed, hi, hi_closed)

    def complement(self) -> list[Interval]:
        out: list[Interval] = []
        if self.lo is not None:
            out.append(Interval(None, False, self.lo, not self.lo_closed))
        if self.hi is not None:
            out.append(Interval(self.hi, not self.hi_closed, None, False))
        return out

    def integral(self) -> Interval:
        """The same interval restricted to whole numbers, with closed whole-number bounds."""
        lo, hi = self.lo, self.hi
        if lo is not None:
            ceiled = lo.to_integral_value(rounding=ROUND_CEILING)
            lo = ceiled + 1 if ceiled == lo and not self.lo_closed else ceiled
        if hi is not None:
            floored = hi.to_integral_value(rounding=ROUND_FLOOR)
            hi = floored - 1 if floored == hi and not self.hi_closed else floored
        return Interval(lo, lo is not None, hi, hi is not None)


ALL = Interval(None, False, None, False)


@dataclass(frozen=True, slots=True)
class IntervalSet:
    """A union of intervals; `integral` restricts it to whole numbers."""

    parts: tuple[Interval, ...]
    integral: bool = False

    @staticmethod
    def of(parts: Iterable[Interval], integral: bool = False) -> IntervalSet:
        kept = [p.integral() if integral else p for p in parts]
        return IntervalSet(tuple(p for p in kept if not p.empty), integral)

    @property
    def empty(self) -> bool:
        return not self.parts

    def intersect(self, other: IntervalSet) -> IntervalSet:
        return IntervalSet.of(
            (a.intersect(b) for a in self.parts for b in other.parts),
            self.integral or other.integral,
        )

    def complement(self, universe: IntervalSet) -> IntervalSet:
        result = universe
        for part in self.parts:
            result = result.intersect(IntervalSet.of(part.complement(), self.integral))
        return result

    def contains(self, value: Decimal) -> bool:
        return not self.intersect(IntervalSet.of([Interval(value, True, value, True)])).empty


@dataclass(frozen=True, slots=True)
class ValueSet:
    """A finite set of values, or (co=True) everything except a finite set."""

    items: frozenset[Hashable]
    co: bool = False

    @property
    def empty(self) -> bool:
        return not self.co and not self.items

    def intersect(self, other: ValueSet) -> ValueSet:
        if not self.co and not other.co:
            return ValueSet(self.items & other.items)
        if self.co and other.co:
            return ValueSet(self.items | other.items, True)
        finite, cofinite = (self, other) if not self.co else (other, self)
        return ValueSet(finite.items - cofinite.items)

    def complement(self, universe: ValueSet) -> ValueSet:
        return ValueSet(self.items, not self.co).intersect(universe)


Domain: TypeAlias = IntervalSet | ValueSet


def _intersect(a: Domain, b: Domain) -> Domain:
    if isinstance(a, IntervalSet) and isinstance(b, IntervalSet):
        return a.intersect(b)
    if isinstance(a, ValueSet) and isinstance(b, ValueSet):
        return a.intersect(b)
    raise TypeError("mixed domains")


def _complement(a: Domain, universe: Domain) -> Domain:
    if isinstance(a, IntervalSet) and isinstance(universe, IntervalSet):
        return a.complement(universe)
    if isinstance(a, ValueSet) and isinstance(universe, ValueSet):
        return a.complement(universe)
    raise TypeError("mixed domains")


# -- operands ------------------------------------------------------------------------------------

Dim: TypeAlias = Literal[
    "num",
    "val",
    "abs",
    "age",
    "age_mo",
    "dur",
    "days_back",
    "weeks_back",
    "months_back",
    "quarters_back",
    "years_back",
]
# Per calendar unit, the dimension of "how many periods before today's" a value lies in.
_PERIODS_BACK: dict[str, Dim] = {
    "day": "days_back",
    "week": "weeks_back",
    "month": "months_back",
    "quarter": "quarters_back",
    "year": "years_back",
}
_REALS = IntervalSet((ALL,))
_WHOLE = IntervalSet((ALL,), True)


@dataclass(frozen=True)
class Operand:
    """A value the reasoning tracks: what it may be, and whether it may be missing."""

    key: Hashable
    nullable: bool
    universes: dict[Dim, Domain]
    label: str

    def universe(self, dim: Dim) -> Domain:
        return self.universes[dim]


def operand_key(value: ir.Value) -> Hashable:
    """Metrics are looked through: `purchases` and `count(orders)` are one operand."""
    while isinstance(value, ir.MetricRef):
        value = value.body
    return value


def _base(value: ir.Value) -> ir.Value:
    while isinstance(value, ir.MetricRef):
        value = value.body
    return value


def _universes(value: ir.Value) -> dict[Dim, Domain]:
    type_ = value.type
    base = _base(value)
    if type_.is_numeric:
        if isinstance(base, ir.PopulationAgg) and base.func == "count" and base.where is None:
            # The customer being evaluated is one of them.
            return {"num": IntervalSet((Interval(Decimal(1), True, None, False),), True)}
        if isinstance(base, ir.Agg | ir.PopulationAgg) and base.func in ir.COUNTS:
            return {"num": IntervalSet((Interval(Decimal(0), True, None, False),), True)}
        if isinstance(base, ir.Split):
            return {"num": IntervalSet((Interval(Decimal(0), True, Decimal(100), False),))}
        if isinstance(base, ir.Func) and base.name == "length":
            return {"num": IntervalSet((Interval(Decimal(0), True, None, False),), True)}
        if isinstance(base, ir.DatePart):
            low, high = _DATE_PART_RANGE[base.part]
            return {"num": IntervalSet((Interval(Decimal(low), True, Decimal(high), True),), True)}
        return {"num": _WHOLE if type_.kind is t.Kind.INT else _REALS}
    if type_.is_temporal:
        return {
            "abs": _REALS,
            "age": _REALS,
            "age_mo": _REALS,
            **{dim: _WHOLE for dim in _PERIODS_BACK.values()},
        }
    if type_.kind is t.Kind.DURATION:
        return {"dur": _REALS}
    if type_.kind is t.Kind.ENUM:
        return {"val": ValueSet(frozenset(type_.values))}
    if type_.kind is t.Kind.BOOL:
        return {"val": ValueSet(frozenset({True, False}))}
    return {"val": ValueSet(frozenset(), True)}


def label_of(value: ir.Value) -> str:
    match value:
        case ir.MetricRef(name=name) | ir.Attr(name=name):
            return name
        case ir.Field(stream=stream, name=name):
            return name if value.span is None else value.span.text or f"{stream}.{name}"
        case ir.PartitionRef(name=name):
            return name
    if value.span is not None:
        return value.span.text
    return type(value).__name__.lower()


def make_operand(value: ir.Value) -> Operand:
    return Operand(operand_key(value), ir.nullable(value), _universes(value), label_of(value))


# -- constraints and conjunctions -------------------------------------------------------------


@dataclass(frozen=True)
class Constraint:
    """The values an operand may take in a conjunction: missing (if `missing`), and present
    values (if `present`) restricted by every dimension in `dims`."""

    missing: bool = True
    present: bool = True
    dims: tuple[tuple[Dim, Domain], ...] = ()

    @property
    def empty(self) -> bool:
        return not self.missing and not self.present_possible

    @property
    def present_possible(self) -> bool:
        return self.present and not any(d.empty for _, d in self.dims)

    def intersect(self, other: Constraint) -> Constraint:
        dims = dict(self.dims)
        for dim, domain in other.dims:
            dims[dim] = _intersect(dims[dim], domain) if dim in dims else domain
        return Constraint(
            self.missing and other.missing,
            self.present and other.present,
            tuple(sorted(dims.items(), key=lambda kv: kv[0])),
        )

    def domain(self, dim: Dim, operand: Operand) -> Domain:
        for name, domain in self.dims:
            if name == dim:
                return domain
        return operand.universe(dim)


@dataclass(frozen=True)
class Conj:
    """One conjunction: a constraint per operand and a polarity per opaque atom."""

    constraints: tuple[tuple[Hashable, Constraint], ...] = ()
    atoms: tuple[tuple[Hashable, bool], ...] = ()

    def get(self, key: Hashable) -> Constraint | None:
        for k, c in self.constraints:
            if k == key:
                return c
        return None


TRUE = Conj()


def _and(a: Conj, b: Conj) -> Conj | None:
    """The conjunction of two conjunctions, or None when visibly contradictory."""
    constraints = dict(a.constraints)
    for key, constraint in b.constraints:
        merged = constraints[key].intersect(constraint) if key in constraints else constraint
        if merged.empty:
            return None
        constraints[key] = merged
    atoms = dict(a.atoms)
    for key, polarity in b.atoms:
        if atoms.get(key, polarity) != polarity:
            return None
        atoms[key] = polarity
    return Conj(tuple(constraints.items()), tuple(atoms.items()))


class TooComplex(Exception):
    """The DNF grew past MAX_CONJUNCTIONS."""


# -- the reasoner ----------------------------------------------------------------------------


@dataclass
class PresenceGroup:
    """`min`, `max`, `avg`, `first`, `last` and `most_frequent` of one field of one stream under
    one filter are present together: exactly when some event passing the filter has the field,
    that is when the count of the field (`count(orders.category where …)`) is at least 1
    (`iff`). The count of the events implies it, and for the stream's time field (never missing
    on an event) is the same (`iff`)."""

    members: list[Hashable]
    iff: bool


@dataclass(frozen=True)
class AtMost:
    """Two counts of one stream under one filter, one at most the other: `count(distinct
    s.f)` ≤ `count(s.f)` ≤ `count(s)`, `active_days(s)` ≤ `count(s)` (a distinct value, a day
    with events, an event with the field: each is at least one event). With `zero_together`
    they are 0 together too (a present value is a distinct value; an event is on a day)."""

    smaller: Hashable
    larger: Hashable
    zero_together: bool


@dataclass(frozen=True)
class Computed:
    """A value computed from others (`lower(country)`, `last_order - first_order`): present
    only when every value it reads is, and missing only when one of them is, unless it can
    be missing by itself (a division by zero, a population aggregate over no values)."""

    reads: tuple[Hashable, ...]
    missing_by_itself: bool


_PRESENT = Constraint(False, True)
_MISSING = Constraint(True, False)
_ONE_OR_MORE = IntervalSet((Interval(Decimal(1), True, None, False),), True)
_ZERO = Decimal(0)


@dataclass
class Reasoner:
    schema: Schema
    # Whether to use the implicit facts: a comparison (`a < b`, `lower(country) = "de"`)
    # requires the values it reads to be present, `min`, `max` and `avg` of one field of one
    # stream are present together, and `max(orders.created_at)` is present exactly when
    # `count(orders) >= 1`. Exact, but the redundancy rule turns them off: an explicit guard
    # (`x is present and a < b`, `purchases >= 1 and last_order < 30d`) is documentation, not
    # redundancy.
    implicit: bool = True
    operands: dict[Hashable, Operand] = field(default_factory=dict)
    # By the key of the count (stream and filter) they depend on, then by field.
    groups: dict[Hashable, dict[Hashable, PresenceGroup]] = field(default_factory=dict)
    computed: dict[Hashable, Computed] = field(default_factory=dict)
    at_most: list[AtMost] = field(default_factory=list)

    # -- public questions -------------------------------------------------------------------

    def satisfiable(self, cond: ir.Cond, positive: bool = True) -> bool | None:
        """Whether some customer can satisfy `cond` (or `not cond`); None when unknown."""
        return self.any_satisfiable([(cond, positive)])

    def any_satisfiable(self, literals: Sequence[tuple[ir.Cond, bool]]) -> bool | None:
        """Whether the conjunction of (condition, polarity) pairs can hold for some customer."""
        return self._satisfiable_from(TRUE, literals)

    def with_missing(
        self, literals: Sequence[tuple[ir.Cond, bool]], value: ir.Value
    ) -> bool | None:
        """Whether the literals can hold while `value` is missing."""
        operand = self._operand(value)
        missing = Conj(((operand.key, Constraint(operand.nullable, False)),))
        return self._satisfiable_from(missing, literals)

    def _satisfiable_from(
        self, start: Conj, literals: Sequence[tuple[ir.Cond, bool]]
    ) -> bool | None:
        try:
            conjs = [start]
            for cond, positive in literals:
                conjs = self._product(conjs, self.dnf(cond, positive))
                if not conjs:
                    return False
            return True
        except TooComplex:
            return None

    def implies(self, premises: Sequence[ir.Cond], conclusion: ir.Cond) -> bool:
        """Proved: whenever every premise holds, so does the conclusion."""
        literals = [(p, True) for p in premises] + [(conclusion, False)]
        return self.any_satisfiable(literals) is False

    # -- DNF ---------------------------------------------------------------------------------

    def dnf(self, cond: ir.Cond, positive: bool) -> list[Conj]:
        match cond:
            case ir.And(operands=ops) if positive:
                return self._all(ops, True)
            case ir.Or(operands=ops) if not positive:
                return self._all(ops, False)
            case ir.And(operands=ops) | ir.Or(operands=ops):
                return self._any(ops, isinstance(cond, ir.Or))
            case ir.Not(operand=inner):
                return self.dnf(inner, not positive)
            case ir.SegmentRef(body=body):
                return self.dnf(body, positive)
            case ir.Literal_(value=value):
                return [TRUE] if value == positive else []
        return [c for c in self._atom(cond, positive) if self._linked_ok(c)]

    def _all(self, ops: Sequence[ir.Cond], positive: bool) -> list[Conj]:
        conjs = [TRUE]
        for op in ops:
            conjs = self._product(conjs, self.dnf(op, positive))
            if not conjs:
                break
        return conjs

    def _any(self, ops: Sequence[ir.Cond], positive: bool) -> list[Conj]:
        out: list[Conj] = []
        for op in ops:
            out.extend(self.dnf(op, positive))
            if len(out) > MAX_CONJUNCTIONS:
                raise TooComplex
        return out

    def _product(self, left: list[Conj], right: list[Conj]) -> list[Conj]:
        out: list[Conj] = []
        for a in left:
            for b in right:
                merged = _and(a, b)
                if merged is not None and self._linked_ok(merged) and self._ordered_ok(merged):
                    out.append(merged)
                    if len(out) > MAX_CONJUNCTIONS:
                        raise TooComplex
        return out

    def _linked_ok(self, conj: Conj) -> bool:
        """Whether the count of each stream and filter can be 0 with every group over it
        missing, or at least 1 with each group present (or, unless the count decides it,
        missing). The groups are otherwise independent, so this is exact."""
        for count_key, groups in self.groups.items():
            constrained = [
                (group, members)
                for group in groups.values()
                if (members := [c for key in group.members if (c := conj.get(key)) is not None])
            ]
            if not constrained:
                continue  # the count alone constrains nothing else
            count = conj.get(count_key)
            can_zero = can_more = True
            if count is not None:
                domain = count.domain("num", self.operands[count_key])
                assert isinstance(domain, IntervalSet)
                can_zero = count.present_possible and domain.contains(_ZERO)
                can_more = count.present_possible and not domain.intersect(_ONE_OR_MORE).empty
            none = can_zero and all(all(c.missing for c in m) for _, m in constrained)
            some = can_more and all(
                all(c.present_possible for c in m) or (not g.iff and all(c.missing for c in m))
                for g, m in constrained
            )
            if not (none or some):
                return False
        return True

    def _ordered_ok(self, conj: Conj) -> bool:
        """Whether each pair of counts of `at_most` can take values in order (and 0 together
        where they are) within the conjunction."""
        for pair in self.at_most:
            smaller, larger = self._counted(conj, pair.smaller), self._counted(conj, pair.larger)
            if smaller is None or larger is None:
                return False
            if pair.zero_together:
                zero = smaller.contains(_ZERO) and larger.contains(_ZERO)
                smaller, larger = smaller.intersect(_ONE_OR_MORE), larger.intersect(_ONE_OR_MORE)
                if zero:
                    continue
            if smaller.empty or larger.empty:
                return False
            least = min(cast(Decimal, part.lo) for part in smaller.parts)
            if all(part.hi is not None and part.hi < least for part in larger.parts):
                return False
        return True

    def _counted(self, conj: Conj, key: Hashable) -> IntervalSet | None:
        """The whole numbers a count may be in the conjunction (None: none)."""
        operand = self.operands[key]
        constraint = conj.get(key)
        if constraint is None:
            domain = operand.universe("num")
        elif not constraint.present_possible:
            return None
        else:
            domain = constraint.domain("num", operand)
        assert isinstance(domain, IntervalSet)
        return domain

    # -- atoms -------------------------------------------------------------------------------

    def _operand(self, value: ir.Value) -> Operand:
        key = operand_key(value)
        found = self.operands.get(key)
        if found is None:
            found = make_operand(value)
            self.operands[key] = found
            if self.implicit:
                self._group(_base(value), key)
                self._reads(_base(value), key)
                self._order(_base(value), key)
        return found

    def _order(self, base: ir.Value, key: Hashable) -> None:
        """The counts `base` is at most (AtMost), if any: every count of the stream is at
        most the count of its events, a distinct count at most the count of its field."""
        if not isinstance(base, ir.Agg) or base.func not in ir.COUNTS:
            return
        events = ir.Agg("count", base.stream, None, base.where, t.INT)
        if base == events:
            return
        larger = [(events, base.func == "active_days")]
        if base.func == "count_distinct":
            present = ir.Agg("count", base.stream, base.argument, base.where, t.INT)
            larger.append((present, True))
        for count, zero_together in larger:
            self.at_most.append(AtMost(key, self._operand(count).key, zero_together))

    def _group(self, base: ir.Value, key: Hashable) -> None:
        # The aggregates missing over no events.
        if not isinstance(base, ir.Agg) or ir.EMPTY_VALUE[base.func] is not None:
            return
        stream = self.schema.events.get(base.stream)
        if stream is None or base.argument is None:
            return
        counts = [(ir.Agg("count", base.stream, None, base.where, t.INT), stream.time)]
        if base.argument.name != stream.time:
            field_count = ir.Agg("count", base.stream, base.argument, base.where, t.INT)
            counts.append((field_count, base.argument.name))
        for count_agg, exact_for in counts:
            count = self._operand(count_agg).key
            groups = self.groups.setdefault(count, {})
            group = groups.get(base.argument.name)
            if group is None:
                group = groups[base.argument.name] = PresenceGroup(
                    [], base.argument.name == exact_for
                )
            group.members.append(key)

    def _reads(self, base: ir.Value, key: Hashable) -> None:
        if not isinstance(base, ir.Arith | ir.Negate | ir.Func | ir.Shift | ir.DatePart):
            return
        reads = {self._operand(b).key: None for b in nullable_bases(base)}
        self.computed[key] = Computed(tuple(reads), _missing_by_itself(base))

    def _constraint(self, operand: Operand, constraint: Constraint) -> list[Conj]:
        """`constraint` on one operand as conjunctions, split on presence for a computed value
        so that what it reads follows it."""
        if constraint.empty:
            return []
        computed = self.computed.get(operand.key)
        if computed is None:
            return [Conj(((operand.key, constraint),))]
        out: list[Conj] = []
        if constraint.present_possible:
            present = Constraint(False, True, constraint.dims)
            reads = tuple((key, _PRESENT) for key in computed.reads)
            out.append(Conj(((operand.key, present), *reads)))
        if constraint.missing:
            if computed.missing_by_itself:
                out.append(Conj(((operand.key, _MISSING),)))
            else:
                out.extend(
                    Conj(((operand.key, _MISSING), (key, _MISSING))) for key in computed.reads
                )
        return out

    def _constrain(self, value: ir.Value, dim: Dim, domain: Domain, positive: bool) -> list[Conj]:
        operand = self._operand(value)
        universe = operand.universe(dim)
        if positive:
            constraint = Constraint(False, True, ((dim, _intersect(domain, universe)),))
        else:
            constraint = Constraint(operand.nullable, True, ((dim, _complement(domain, universe)),))
        return self._constraint(operand, constraint)

    def _missing(self, value: ir.Value, positive: bool) -> list[Conj]:
        operand = self._operand(value)
        constraint = Constraint(operand.nullable, False) if positive else _PRESENT
        return self._constraint(operand, constraint)

    def _opaque(self, cond: ir.Cond, values: Sequence[ir.Value], positive: bool) -> list[Conj]:
        """An atom the reasoning cannot see into: a boolean variable, true only when the
        per-customer values it reads are present."""
        bases = [b for v in values for b in nullable_bases(v)] if self.implicit else []
        if positive:
            conj = Conj(atoms=((cond, True),))
            for base in bases:
                merged = _and(conj, self._missing(base, False)[0])
                if merged is None:
                    return []
                conj = merged
            return [conj]
        out = [Conj(atoms=((cond, False),))]
        for base in bases:
            out.extend(self._missing(base, True))
        return out

    def _atom(self, cond: ir.Cond, positive: bool) -> list[Conj]:
        match cond:
            case ir.IsMissing(operand=value) if _simple(value):
                return self._missing(value, positive)
            case ir.InSet(operand=value, values=values) if _simple(value):
                found = _set_domain(value, values)
                if found is not None:
                    return self._constrain(value, found[0], found[1], positive)
            case ir.Truth(operand=ir.CondValue(cond=inner)):
                return self.dnf(inner, positive)
            case ir.Truth(operand=value) if _simple(value):
                return self._constrain(value, "val", ValueSet(frozenset({True})), positive)
            case ir.Compare(op=op, left=left, right=right):
                found_cmp = _compare_domain(op, left, right)
                if found_cmp is not None:
                    value, dim, domain = found_cmp
                    return self._constrain(value, dim, domain, positive)
                return self._opaque(cond, (left, right), positive)
            case ir.AgeCompare(op=op, value=value, duration=duration) if _simple(value):
                dim, amount = _duration_amount(duration)
                return self._constrain(value, dim, _ordered(op, amount), positive)
            case ir.AgeCompare(value=value):
                return self._opaque(cond, (value,), positive)
            case ir.Match(operand=operand, pattern=pattern):
                return self._opaque(cond, (operand, pattern), positive)
            case ir.TopPercent(key=key):
                return self._opaque(cond, (key,), positive)
            case ir.InPeriod(operand=value) if _simple(value):
                found_period = _period_domain(cond)
                if found_period is not None:
                    return self._constrain(value, found_period[0], found_period[1], positive)
                return self._opaque(cond, (value,), positive)
            case ir.InPeriod(operand=value) | ir.Anniversary(operand=value):
                return self._opaque(cond, (value,), positive)
            case ir.Regular(times=times, per_period=per_period) if times == len(per_period):
                # In every period: the conjunction of the per-period counts.
                return self.dnf(ir.And(per_period), positive)
            case ir.Regular(times=1, per_period=per_period):
                return self.dnf(ir.Or(per_period), positive)
            case ir.IsMissing(operand=value) | ir.Truth(operand=value) | ir.InSet(operand=value):
                return self._opaque(cond, (value,), positive)
            case ir.Sequence() if positive:
                # A sequence that holds has a first event (and, unless negated, a following
                # one): `count(first) >= 1` (docs/semantics.md, "Sequences").
                implied = (cond.first,) if cond.negated else (cond.first, cond.then)
                conjs = self._opaque(cond, (), positive)
                for events in implied:
                    counted = ir.Agg("count", events.stream, None, events.where, t.INT)
                    at_least_one = ir.Compare(">=", counted, ir.Const(1, t.INT))
                    conjs = self._product(conjs, self.dnf(at_least_one, True))
                return conjs
        return self._opaque(cond, (), positive)


# -- helpers -------------------------------------------------------------------------------------


def _simple(value: ir.Value) -> bool:
    """Values tracked as operands (attributes, aggregates, fields, partitions and values
    computed from them), as opposed to constants (`5`, `now`, `now - 30d`)."""
    base = _base(value)
    if isinstance(base, ir.Shift):
        base = base.base
    return not isinstance(base, ir.Const | ir.DurationConst | ir.Now)


def nullable_bases(value: ir.Value) -> Iterator[ir.Value]:
    """The per-customer values inside `value` that may be missing (a missing one makes the
    whole value missing)."""
    match value:
        case ir.MetricRef(body=body):
            base = _base(body)
            if isinstance(base, ir.Attr | ir.Agg | ir.Field):
                if ir.nullable(base):
                    yield value
                return
            yield from nullable_bases(body)
        case ir.Attr() | ir.Agg() | ir.Field():
            if ir.nullable(value):
                yield value
        case ir.Arith(left=left, right=right):
            yield from nullable_bases(left)
            yield from nullable_bases(right)
        case (
            ir.Negate(operand=inner)
            | ir.Func(argument=inner)
            | ir.Shift(base=inner)
            | ir.DatePart(argument=inner)
        ):
            yield from nullable_bases(inner)
        case _:
            return


def _missing_by_itself(value: ir.Value) -> bool:
    """Whether a computed value can be missing although every value `nullable_bases` finds in
    it is present: a division (by zero) or a population aggregate (over no values)."""
    match value:
        case ir.Arith(op="/"):
            return True
        case ir.PopulationAgg():
            return ir.nullable(value)
        case (
            ir.MetricRef(body=inner)
            | ir.Negate(operand=inner)
            | ir.Func(argument=inner)
            | ir.DatePart(argument=inner)
        ):
            return _missing_by_itself(inner)
        case ir.Shift(base=inner):
            return _missing_by_itself(inner)
        case ir.Arith(left=left, right=right):
            return _missing_by_itself(left) or _missing_by_itself(right)
    return False


def _number(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, dt.datetime):
        return _epoch(value)
    if isinstance(value, dt.date):
        return _epoch(dt.datetime(value.year, value.month, value.day))
    return None


_EPOCH = dt.datetime(1970, 1, 1)


def _epoch(moment: dt.datetime) -> Decimal:
    delta = moment.replace(tzinfo=None) - _EPOCH
    return (
        Decimal(delta.days) * 86400
        + Decimal(delta.seconds)
        + Decimal(delta.microseconds) / Decimal(1_000_000)
    )


def _point(value: Decimal) -> Interval:
    return Interval(value, True, value, True)


def _ordered(op: CompareOp, amount: Decimal) -> IntervalSet:
    match op:
        case "<":
            return IntervalSet.of([Interval(None, False, amount, False)])
        case "<=":
            return IntervalSet.of([Interval(None, False, amount, True)])
        case ">":
            return IntervalSet.of([Interval(amount, False, None, False)])
        case ">=":
            return IntervalSet.of([Interval(amount, True, None, False)])
        case "=":
            return IntervalSet.of([_point(amount)])
    # "!="
    return IntervalSet.of(_point(amount).complement())


def _duration_amount(duration: ir.DurationConst) -> tuple[Dim, Decimal]:
    if duration.is_calendar:
        return "age_mo", Decimal(duration.months())
    return "age", Decimal(duration.seconds())


def _compare_constant(
    op: CompareOp, left: ir.Value, right: ir.Value
) -> tuple[ir.Value, Dim, Domain] | None:
    if not _simple(right) and _simple(left):
        pass
    elif not _simple(left) and _simple(right):
        left, right, op = right, left, MIRROR[op]
    else:
        return None
    constant = _base(right)
    if isinstance(constant, ir.Now | ir.Shift) and left.type.is_temporal:
        return None  # handled by _relative below
    if isinstance(constant, ir.Const):
        value = constant.value
        if left.type.is_temporal or left.type.is_numeric:
            number = _number(value)
            if number is None:
                return None
            return left, ("abs" if left.type.is_temporal else "num"), _ordered(op, number)
        if op in ("=", "!="):
            items = ValueSet(frozenset({value}), op == "!=")
            return left, "val", items
        return None
    if isinstance(constant, ir.DurationConst) and left.type.kind is t.Kind.DURATION:
        if constant.is_calendar:
            return None
        return left, "dur", _ordered(op, Decimal(constant.seconds()))
    return None


def _relative(
    op: CompareOp, left: ir.Value, right: ir.Value
) -> tuple[ir.Value, Dim, Domain] | None:
    """`t op now - 30d` as an age range of t: t < now - d ⇔ age > d."""
    if not left.type.is_temporal:
        return None
    if isinstance(right, ir.Now):
        return left, "age", _ordered(MIRROR[op], Decimal(0))
    if (
        isinstance(right, ir.Shift)
        and isinstance(right.base, ir.Now)
        and isinstance(right.duration, ir.DurationConst)
    ):
        dim, amount = _duration_amount(right.duration)
        return left, dim, _ordered(MIRROR[op], -right.sign * amount)
    return None


_DATE_PART_RANGE = {"month": (1, 12), "day": (1, 31), "weekday": (1, 7), "hour": (0, 23)}


def _period_domain(cond: ir.InPeriod) -> tuple[Dim, Domain] | None:
    """`t in P` as a domain of t: a named period as its instants (a date's as its midnights),
    a relative one as periods back from today's; None for `to date` (which also ends at the
    as-of instant, an instant the linter does not know, and for a named period on each
    customer's own clocks, whose instants differ from customer to customer)."""
    period = cond.period
    if period.start is not None and cond.customer_zone is not None:
        return None
    if period.start is not None:
        first, after = period.days(period.start)
        spans: list[tuple[Decimal | None, Decimal | None]]
        if cond.operand.type.kind is t.Kind.DATE:
            spans = [(_epoch_of_day(first), None if after is None else _epoch_of_day(after))]
        else:
            spans = [
                (None if a is None else _epoch(a), None if b is None else _epoch(b))
                for a, b in calendar.instants(first, after, cond.zone)
            ]
        return "abs", IntervalSet.of([Interval(a, a is not None, b, False) for a, b in spans])
    if period.to_date:
        return None
    nearest = Decimal(period.back - period.count + 1)
    return _PERIODS_BACK[period.unit], IntervalSet.of(
        [Interval(nearest, True, Decimal(period.back), True)], True
    )


def _epoch_of_day(day: dt.date) -> Decimal:
    return _epoch(dt.datetime.combine(day, dt.time()))


def _set_domain(value: ir.Value, values: Sequence[ir.ConstValue]) -> tuple[Dim, Domain] | None:
    type_ = value.type
    if type_.is_numeric or type_.is_temporal:
        numbers = [_number(v) for v in values]
        if any(n is None for n in numbers):
            return None
        dim: Dim = "abs" if type_.is_temporal else "num"
        return dim, IntervalSet.of(
            [_point(n) for n in numbers if n is not None], type_.kind is t.Kind.INT
        )
    return "val", ValueSet(frozenset(values))


def _compare_domain(
    op: CompareOp, left: ir.Value, right: ir.Value
) -> tuple[ir.Value, Dim, Domain] | None:
    """`x op constant` (either way round) as a domain of x; None when not of that shape."""
    found = _compare_constant(op, left, right)
    if found is not None:
        return found
    if _simple(left) and not _simple(right):
        return _relative(op, left, _base(right))
    if _simple(right) and not _simple(left):
        return _relative(MIRROR[op], right, _base(left))
    return None
