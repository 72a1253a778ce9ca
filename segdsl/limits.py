"""Input limits: how large and how deep a program may be.

Every pass (parser, checker, compiler, formatter, linter, reference evaluator) is safe on any
input within these limits; an input beyond one gets a located error (E110–E114) instead of a
slow run or a crash. The defaults are generous for hand-written segments and can be changed in
`[limits]` of segdsl.toml (`[tool.segdsl.limits]` in pyproject.toml) or with the `limits=`
keyword of the Python API. docs/language.md ("Limits") describes each one.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Limits:
    # Characters in one segment file, expression or schema file.
    source_size: int = 1_000_000
    # Levels of nesting in one condition or value, counting parentheses, operators, function
    # calls and the segments, partitions and metrics it refers to.
    depth: int = 100
    # Items in one list literal (`country in ["PL", "DE", …]`).
    list_items: int = 1_000
    # Segments and partitions in one file.
    definitions: int = 10_000
    # Segments, partitions and metrics in one chain of references (a refers to b refers to …).
    reference_depth: int = 25

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


DEFAULT_LIMITS = Limits()

_active: contextvars.ContextVar[Limits] = contextvars.ContextVar(
    "segdsl_limits", default=DEFAULT_LIMITS
)


def current_limits() -> Limits:
    """The limits in effect (the defaults unless `limits_in_effect` or the CLI set others)."""
    return _active.get()


def use_limits(limits: Limits) -> None:
    """Make `limits` the limits of this context from now on (the CLI, once per command)."""
    _active.set(limits)


@contextlib.contextmanager
def limits_in_effect(limits: Limits | None) -> Iterator[None]:
    """`limits` (when given) for the duration of the block."""
    if limits is None:
        yield
        return
    token = _active.set(limits)
    try:
        yield
    finally:
        _active.reset(token)
