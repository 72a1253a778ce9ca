"""Lint configuration: `[lint]` in segdsl.toml or `[tool.segdsl.lint]` in pyproject.toml.

[lint]
select = ["SEG"]              # codes or prefixes; "ALL" (the default) selects every rule
ignore = ["SEG010"]           # codes or prefixes to leave out
severity = { SEG008 = "error", SEG011 = "info" }
max-in-items = 50             # SEG010's threshold
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from segdsl import errors
from segdsl.diagnostics import Diagnostic, SegdslError, Severity
from segdsl.lint.rules import BY_CODE, RULES, Rule

_KEYS = ("select", "ignore", "severity", "max-in-items")


@dataclass(frozen=True)
class LintConfig:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    max_in_items: int = 50

    def enabled(self, code: str) -> bool:
        return _matches(code, self.select) and not _matches(code, self.ignore)

    def severity_of(self, rule: Rule) -> Severity:
        return self.severity.get(rule.code, rule.severity)

    def overridden(
        self, select: Iterable[str] = (), ignore: Iterable[str] = (), origin: str = "command line"
    ) -> LintConfig:
        """Command-line --select replaces the selection; --ignore adds to it."""
        chosen = _codes(list(select), "--select", origin)
        ignored = _codes(list(ignore), "--ignore", origin)
        return LintConfig(
            chosen or self.select, (*self.ignore, *ignored), self.severity, self.max_in_items
        )


def _matches(code: str, patterns: Iterable[str]) -> bool:
    return any(p == "ALL" or code.startswith(p) for p in patterns)


def _error(code: str, origin: str, message: str, hint: str | None = None) -> SegdslError:
    return SegdslError(
        [Diagnostic(code, f"{origin}: {message}", None, hints=(hint,) if hint else ())]
    )


def _codes(value: object, key: str, origin: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _error(errors.E611, origin, f"lint '{key}' must be a list of rule codes")
    out: list[str] = []
    for item in value:
        for code in (c.strip().upper() for c in item.split(",")):
            if not code:
                continue
            if code != "ALL" and not any(rule.code.startswith(code) for rule in RULES):
                raise _error(
                    errors.E612,
                    origin,
                    f"unknown lint rule '{code}' in '{key}'",
                    "rules: " + ", ".join(rule.code for rule in RULES),
                )
            out.append(code)
    return tuple(out)


def config_from_table(table: Mapping[str, Any], origin: str = "segdsl.toml") -> LintConfig:
    """Validate a `[lint]` table; problems raise SegdslError (E610-E612) naming the file."""
    normalised = {str(k).replace("_", "-"): v for k, v in table.items()}
    for key in normalised:
        if key not in _KEYS:
            raise _error(
                errors.E610,
                origin,
                f"unknown lint setting '{key}'",
                "settings: " + ", ".join(_KEYS),
            )
    select = _codes(normalised["select"], "select", origin) if "select" in normalised else ("ALL",)
    ignore = _codes(normalised["ignore"], "ignore", origin) if "ignore" in normalised else ()
    severities: dict[str, Severity] = {}
    raw = normalised.get("severity", {})
    if not isinstance(raw, Mapping):
        raise _error(
            errors.E611, origin, "lint 'severity' must be a table like { SEG008 = \"error\" }"
        )
    for code, level in raw.items():
        rule = BY_CODE.get(str(code).upper())
        if rule is None:
            raise _error(errors.E612, origin, f"unknown lint rule '{code}' in 'severity'")
        try:
            severities[rule.code] = Severity(str(level).lower())
        except ValueError:
            raise _error(
                errors.E611,
                origin,
                f"severity of {rule.code} must be error, warning or info, not '{level}'",
            ) from None
    limit = normalised.get("max-in-items", 50)
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise _error(errors.E611, origin, "lint 'max-in-items' must be a whole number above 0")
    return LintConfig(select, ignore, severities, limit)
