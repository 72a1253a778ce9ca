"""segdsl: a declarative language for customer segments, compiled to SQL.

The functions and types here are the API for programs that embed segdsl (segdsl/api.py explains
its conventions; docs/api.md shows it at work).
"""

# ruff: noqa: E402 - the package's class is set before the imports that load the submodules.
import sys
from types import ModuleType
from typing import TYPE_CHECKING


class _Package(ModuleType):
    """`segdsl.lint` is an API function that shares its name with a subpackage; the import
    system binds a submodule to its package's attribute when it first loads it, which would hide
    the function. (`from segdsl.lint import …` is unaffected.)"""

    def __setattr__(self, name: str, value: object) -> None:
        if name == "lint" and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


# Before the imports below: they load the submodules.
sys.modules[__name__].__class__ = _Package

# isort: split
from segdsl.api import (
    Analysis,
    CompiledModule,
    Condition,
    DatabaseTarget,
    Explained,
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
    export,
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
    why,
)
from segdsl.diagnostics import Diagnostic, SegdslError, Severity, Span, render
from segdsl.limits import Limits
from segdsl.semantics.ir import CheckedModule
from segdsl.semantics.schema import Schema
from segdsl.syntax.ast import Module

if TYPE_CHECKING:
    from segdsl.lint import Finding, LintConfig
    from segdsl.runtime.analytics import Changes, Overlap, Performance, Sizes
    from segdsl.runtime.engines import Database, EngineError
    from segdsl.runtime.exports import Export
    from segdsl.runtime.why import Operand, Reason, Why

    __version__: str

# Types whose modules load SQL generation (sqlglot), database helpers or the linter, and the
# version (importlib.metadata is slow to import): loaded when first asked for, so that
# `import segdsl` stays quick for the CLI and editors.
_LAZY = {
    "Changes": "runtime.analytics",
    "Overlap": "runtime.analytics",
    "Performance": "runtime.analytics",
    "Sizes": "runtime.analytics",
    "Database": "runtime.engines",
    "EngineError": "runtime.engines",
    "Export": "runtime.exports",
    "Operand": "runtime.why",
    "Reason": "runtime.why",
    "Why": "runtime.why",
    "Finding": "lint",
    "LintConfig": "lint",
}


def __getattr__(name: str) -> object:
    if name == "__version__":
        from segdsl.resources import installed_version

        return installed_version()
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
    "Explained",
    "Export",
    "Finding",
    "Key",
    "Limits",
    "LintConfig",
    "Members",
    "Module",
    "Operand",
    "Overlap",
    "Performance",
    "Reason",
    "Schema",
    "SegdslError",
    "Segments",
    "Severity",
    "Sizes",
    "Span",
    "Why",
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
    "export",
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
    "why",
]
