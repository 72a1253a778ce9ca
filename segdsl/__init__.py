"""segdsl: a declarative language for customer segments, compiled to SQL.

The functions and types here are the API for programs that embed segdsl (segdsl/api.py explains
its conventions; docs/api.md shows it at work).
"""

# ruff: noqa: E402 - the package's class is set before the imports that load the submodules.
import sys
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
    changes,
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
from .ir import CheckedModule
from .limits import Limits
from .schema import Schema

if TYPE_CHECKING:
    from .analytics import Changes, Overlap, Performance, Sizes
    from .engines import Database, EngineError
    from .lint import Finding, LintConfig

    __version__: str

# Types whose modules load SQL generation (sqlglot), database helpers or the linter, and the
# version (importlib.metadata is slow to import): loaded when first asked for, so that
# `import segdsl` stays quick for the CLI and editors.
_LAZY = {
    "Changes": "analytics",
    "Overlap": "analytics",
    "Performance": "analytics",
    "Sizes": "analytics",
    "Database": "engines",
    "EngineError": "engines",
    "Finding": "lint",
    "LintConfig": "lint",
}


def __getattr__(name: str) -> object:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("segdsl")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'segdsl' has no attribute '{name}'")


__all__ = [
    "Analysis",
    "Changes",
    "CheckedModule",
    "CompiledModule",
    "Condition",
    "Database",
    "DatabaseTarget",
    "Diagnostic",
    "EngineError",
    "Finding",
    "Key",
    "Limits",
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
    "changes",
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
