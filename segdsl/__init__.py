"""segdsl: a declarative language for customer segments, compiled to SQL.

The functions and types here are the API for programs that embed segdsl (segdsl/api.py explains
its conventions; docs/api.md shows it at work).
"""

# ruff: noqa: E402 - the package's class is set before the imports that load the submodules.
import sys
from importlib.metadata import PackageNotFoundError, version
from types import ModuleType
from typing import TYPE_CHECKING


class _Package(ModuleType):
    """`segdsl.lint` and `segdsl.dialects` are API functions that share their names with
    submodules; the import system binds a submodule to its package's attribute when it first
    loads it, which would hide the function. (`from segdsl.lint import …` is unaffected.)"""

    def __setattr__(self, name: str, value: object) -> None:
        if name in ("lint", "dialects") and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


# Before the imports below: they load the submodules.
sys.modules[__name__].__class__ = _Package

# isort: split
from .api import (
    Analysis,
    CompiledModule,
    Condition,
    DatabaseTarget,
    Key,
    Members,
    Segments,
    analyze,
    check,
    check_file,
    check_module,
    compile_expression,
    compile_module,
    compile_sql,
    dialects,
    format,
    history,
    lint,
    load_schema,
    overlap,
    parse,
    parse_file,
    parse_module,
    report,
    run,
    schema_from_mapping,
    schema_from_text,
    sizes,
)
from .diagnostics import Diagnostic, SegdslError, Severity, Span, render
from .engines import Database, EngineError
from .ir import CheckedModule
from .lint import Finding, LintConfig
from .schema import Schema

if TYPE_CHECKING:
    from .analytics import Overlap, Performance, Sizes

try:
    __version__ = version("segdsl")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"


def __getattr__(name: str) -> object:
    # The analytics' result types load SQL generation (sqlglot): only when asked for.
    if name in ("Overlap", "Performance", "Sizes"):
        from . import analytics

        return getattr(analytics, name)
    raise AttributeError(f"module 'segdsl' has no attribute '{name}'")


__all__ = [
    "Analysis",
    "CheckedModule",
    "CompiledModule",
    "Condition",
    "Database",
    "DatabaseTarget",
    "Diagnostic",
    "EngineError",
    "Finding",
    "Key",
    "LintConfig",
    "Members",
    "Overlap",
    "Performance",
    "Schema",
    "SegdslError",
    "Segments",
    "Severity",
    "Sizes",
    "Span",
    "__version__",
    "analyze",
    "check",
    "check_file",
    "check_module",
    "compile_expression",
    "compile_module",
    "compile_sql",
    "dialects",
    "format",
    "history",
    "lint",
    "load_schema",
    "overlap",
    "parse",
    "parse_file",
    "parse_module",
    "render",
    "report",
    "run",
    "schema_from_mapping",
    "schema_from_text",
    "sizes",
]
