"""segdsl: a declarative language for customer segments, compiled to SQL."""

from .api import (
    check,
    check_file,
    compile_expression,
    compile_sql,
    load_schema,
    parse,
    parse_file,
    run,
    schema_from_text,
)
from .diagnostics import Diagnostic, SegdslError, Severity, Span, render
from .limits import Limits

__version__ = "0.1.0"

__all__ = [
    "Diagnostic",
    "Limits",
    "SegdslError",
    "Severity",
    "Span",
    "__version__",
    "check",
    "check_file",
    "compile_expression",
    "compile_sql",
    "load_schema",
    "parse",
    "parse_file",
    "render",
    "run",
    "schema_from_text",
]
