"""Operator precedence: sqlglot prints a tree as built, so every operand that binds more loosely
than its operator gets parentheses, in the order all engines agree on."""

from __future__ import annotations

from sqlglot import exp

# How tightly the operators segdsl emits bind, loosest first: the order every dialect agrees on.
# NOT sits with the comparisons because MySQL's HIGH_NOT_PRECEDENCE mode binds it tighter.
_BINDING: tuple[tuple[type[exp.Expr], ...], ...] = (
    (exp.Or,),
    (exp.And,),
    (exp.Not, exp.EQ, exp.NEQ, exp.LT, exp.LTE, exp.GT, exp.GTE, exp.Is, exp.In, exp.Like),
    (exp.Add, exp.Sub),
    (exp.Mul, exp.Div, exp.Mod),
    (exp.Neg,),
)
# Operators whose rank among the others differs between engines (`||` binds tightest in SQLite,
# below `+` in PostgreSQL): parenthesised on both sides.
_UNRANKED: tuple[type[exp.Expr], ...] = (exp.DPipe, exp.AtTimeZone)
# Chains that mean the same however they are grouped.
_ASSOCIATIVE: tuple[type[exp.Expr], ...] = (exp.And, exp.Or, exp.DPipe)


# The rank of each node type met so far: every compile asks it of every node of the query.
_RANKS: dict[type[exp.Expr], int | None] = {}


def _rank(kind: type[exp.Expr]) -> int | None:
    """The binding rank of a node type (-1: unranked, None: not an operator)."""
    if kind not in _RANKS:
        ranked = (i for i, level in enumerate(_BINDING) if issubclass(kind, level))
        _RANKS[kind] = -1 if issubclass(kind, _UNRANKED) else next(ranked, None)
    return _RANKS[kind]


def _needs_parens(parent: exp.Expr, rank: int, child: exp.Expr, right: bool) -> bool:
    child_rank = _rank(type(child))
    if child_rank is None:
        return False
    if type(child) is type(parent) and isinstance(parent, _ASSOCIATIVE):
        return False
    if rank == -1 or child_rank == -1 or child_rank < rank:
        return True
    # Equal rank: arithmetic groups from the left; comparisons do not chain at all.
    return child_rank == rank and (right or rank <= 2)


# Nodes that hold no operator below them (names, literals, types): not walked into.
_LEAVES: frozenset[type[exp.Expr]] = frozenset(
    {exp.Column, exp.Identifier, exp.Literal, exp.Table, exp.DataType, exp.Star, exp.Null, exp.Var}
)


def parenthesised(tree: exp.Expr) -> exp.Expr:
    """The tree with every operand that binds more loosely than its operator in parentheses:
    sqlglot prints trees as built, without regard to precedence."""
    # Each node's test reads only the node and its children, so the order of the visits does
    # not matter: a stack of the nodes to visit is faster than sqlglot's breadth-first walk.
    stack = [tree]
    while stack:
        node = stack.pop()
        for value in node.args.values():
            if isinstance(value, exp.Expr):
                if type(value) not in _LEAVES:
                    stack.append(value)
            elif isinstance(value, list):
                stack.extend(
                    item
                    for item in value
                    if isinstance(item, exp.Expr) and type(item) not in _LEAVES
                )
        kind = type(node)
        rank = _RANKS[kind] if kind in _RANKS else _rank(kind)
        if rank is None:
            continue
        for key in ("this", "expression"):
            child = node.args.get(key)
            if isinstance(child, exp.Expr) and _needs_parens(node, rank, child, key != "this"):
                node.set(key, exp.Paren(this=child))
    return tree
