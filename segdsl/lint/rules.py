"""The one table of lint rules: stable codes, names, default severities and the explanation
that `segdsl lint --explain CODE` prints and docs/lint.md's catalogue is generated from."""

from __future__ import annotations

from dataclasses import dataclass

from segdsl.diagnostics import Severity


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    example: str
    better: str
    fix: str | None = None

    @property
    def fixable(self) -> bool:
        return self.fix is not None


RULES: tuple[Rule, ...] = (
    Rule(
        "SEG001",
        "unsatisfiable-condition",
        Severity.ERROR,
        "A condition that no customer can satisfy: the segment (or this part of it) is empty.",
        "Found by interval and set reasoning over the whole condition, through `not`, segment "
        "references and metrics: numeric and time ranges that do not overlap, value sets with "
        "nothing in common, an age window that is empty, a count below zero, a value required "
        "to be both missing and present, a first order without a last one. A filter inside an "
        "aggregate that no event can pass is reported too (the count is then always 0). A "
        "campaign sent to an empty segment fails silently.",
        'purchases > 5 and purchases < 2\ncountry in ["PL"] and country = "DE"\n'
        "last_order < 30d and last_order > 60d\npurchases = 0 and last_order < 30d\n"
        "first_order is present and last_order is missing",
        "purchases > 5\nlast_order >= 30d and last_order < 60d",
    ),
    Rule(
        "SEG002",
        "tautology",
        Severity.WARNING,
        "A condition that every customer satisfies: it selects nobody out.",
        "Under two-valued logic a comparison with a missing value is false, so `x > 1 or x <= 1` "
        "is a tautology only when x can never be missing: counts and sums (0 over no events) and "
        "attributes declared `nullable: false`. `avg`, `min` and `max` are missing for customers "
        "without events, and attributes are nullable unless the schema says otherwise; for "
        "those the same condition means `x is present` and is not reported.",
        "purchases > 1 or purchases <= 1\ncount(orders) >= 0",
        "purchases > 1",
    ),
    Rule(
        "SEG003",
        "redundant-condition",
        Severity.WARNING,
        "An operand of `and` implied by the others, or an operand of `or` already covered by "
        "the others.",
        "The redundant part changes nothing, but readers assume it does, and it often hides a "
        "typo in one of the bounds (`> 2` meant `< 2`?).",
        "purchases > 5 and purchases > 2\nlast_order < 30d or last_order < 90d",
        "purchases > 5\nlast_order < 90d",
        fix="removes the redundant operand (the meaning is unchanged, as proved by the rule)",
    ),
    Rule(
        "SEG004",
        "duplicate-condition",
        Severity.WARNING,
        "The same condition appears twice in one `and` or `or`.",
        "A duplicate is usually a copy-and-paste slip where a different condition was meant.",
        'country = "DE" and purchases > 2 and country = "DE"',
        'country = "DE" and purchases > 2',
        fix="removes the repeated operand",
    ),
    Rule(
        "SEG005",
        "missing-value-comparison",
        Severity.WARNING,
        "A comparison of two customer values, one of which may be missing, silently drops the "
        "customers where it is.",
        "A comparison with a missing operand is false (docs/semantics.md). "
        "`last_order < last_cart_add` meant as 'no order since the cart add' leaves out "
        "every customer who never ordered — exactly the ones the campaign wants. Not "
        "reported when the rest of the condition already settles the value's presence "
        "(`purchases >= 1 and …` or `first_order < 1y and …` for `last_order`), or when the "
        "condition tests it with `is missing` / `is present`.",
        "last_cart_add < 24h and last_order < last_cart_add",
        "last_cart_add < 24h and (last_order is missing or last_order < last_cart_add)",
    ),
    Rule(
        "SEG006",
        "negation-of-nullable",
        Severity.WARNING,
        "`x != v` on a value that may be missing excludes the customers where it is missing; "
        "`not x = v` and `x not in S` include them.",
        'The two spellings look alike but differ exactly on missing values: `country != "DE"` '
        'drops customers without a country, `not country = "DE"` keeps them. Say which one is '
        "meant with an explicit `is missing` / `is present`. Not reported when the rest of the "
        'condition already settles it (`lower(country) = "de" and country != "DE"`).',
        'country != "DE"\nnot gender = "female"\ncountry not in EU',
        '(country is missing or country != "DE")\ncountry is present and country not in EU',
    ),
    Rule(
        "SEG007",
        "unreachable-partition-arm",
        Severity.WARNING,
        "A partition arm that can never be chosen because earlier arms already take every "
        "customer it matches (or an `otherwise` label no customer reaches).",
        "The first matching arm wins, so a narrower arm after a broader one is dead: its label "
        "has no members. Order arms from the most specific to the most general.",
        'partition tier =\n    "buyer" when purchases >= 1\n    "loyal" when purchases >= 5\n'
        '    otherwise "lead"',
        'partition tier =\n    "loyal" when purchases >= 5\n    "buyer" when purchases >= 1\n'
        '    otherwise "lead"',
    ),
    Rule(
        "SEG008",
        "pii-field",
        Severity.WARNING,
        "The condition reads a field the schema marks `pii: true` (directly or through a metric).",
        "Segments are shared, exported and logged; conditions on personal data (e-mail "
        "addresses, names) need a reason and often a review. Suppress the finding where the use "
        "is intended.",
        'lower(email) ends with "@example.com"',
        "a non-personal attribute, or `# segdsl: ignore[SEG008]` with a reason",
    ),
    Rule(
        "SEG009",
        "deprecated-field",
        Severity.WARNING,
        "The condition reads a field the schema marks `deprecated: true`.",
        "Deprecated columns stop being maintained and then disappear; segments built on them "
        "drift silently before they break. The schema's description of the field usually names "
        "the replacement.",
        "legacy_score > 3",
        "the replacement named in the schema",
    ),
    Rule(
        "SEG010",
        "large-in-list",
        Severity.INFO,
        "An `in` list with more than 50 items (configurable: `max-in-items`).",
        "Long literal lists are copied between segments and drift apart; a named set in the "
        "schema (`sets:`) is defined once, reviewed once and reused by name.",
        'postcode in ["10115", "10117", …]  # 80 items',
        "postcode in BERLIN_POSTCODES  # sets: {BERLIN_POSTCODES: [...]} in the schema",
    ),
    Rule(
        "SEG011",
        "and-or-precedence",
        Severity.WARNING,
        "`a or b and c` without parentheses: `and` binds tighter, so this is `a or (b and c)`.",
        "Many readers (and writers) take it as `(a or b) and c`. Parentheses make the intended "
        "grouping visible; the fix adds the ones the language already implies, so the meaning "
        "does not change — if `(a or b) and c` was meant, move them.",
        "vip or purchases > 5 and last_order < 30d",
        "vip or (purchases > 5 and last_order < 30d)",
        fix="adds parentheses around the `and` (the meaning is unchanged)",
    ),
    Rule(
        "SEG012",
        "unused-suppression",
        Severity.WARNING,
        "A `# segdsl: ignore[...]` comment that suppresses nothing, or names an unknown code.",
        "Stale suppressions hide the next real finding on that line.",
        "segment one = purchases = 1  # segdsl: ignore[SEG001]",
        "segment one = purchases = 1",
        fix="removes the unused codes (or the whole comment)",
    ),
    Rule(
        "SEG013",
        "reused-split-salt",
        Severity.WARNING,
        "Two segments or partitions split the customers with the same salt.",
        "A split's salt decides every customer's place in it, so two splits with one salt put "
        'each customer at the same place: `split("spring24") < 10%` in two campaigns is the '
        "same tenth of the customers twice, and tests meant to be independent are not. Within "
        "one definition the salt is shared on purpose (the arms of a partition cut one split "
        "into parts); elsewhere, refer to that definition by name.",
        'segment spring_holdout = split("spring24") < 10%\n'
        'segment summer_holdout = split("spring24") < 10%',
        'segment spring_holdout = split("spring24") < 10%\n'
        'segment summer_holdout = split("summer24") < 10%\n'
        "segment spring_treatment = not spring_holdout",
    ),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}


def find_rule(code_or_name: str) -> Rule | None:
    text = code_or_name.strip()
    return BY_CODE.get(text.upper()) or BY_NAME.get(text.lower())


def explain(rule: Rule) -> str:
    """The rule's page, for `segdsl lint --explain CODE` (plain text, Markdown-flavoured)."""
    lines = [
        f"{rule.code} ({rule.name})",
        "",
        f"Default severity: {rule.severity}. "
        + (f"Fix: {rule.fix}." if rule.fix else "No automatic fix."),
        "",
        "What it finds",
        *_indent(rule.summary),
        "",
        "Why",
        *_indent(rule.why),
        "",
        "Example",
        *_indent(rule.example),
        "",
        "Instead",
        *_indent(rule.better),
    ]
    return "\n".join(lines)


def _indent(text: str) -> list[str]:
    import textwrap

    out: list[str] = []
    for line in text.split("\n"):
        wrapped = textwrap.wrap(line, 92) if len(line) > 92 and " " in line else [line]
        out.extend("    " + part for part in wrapped)
    return out


def catalogue_markdown() -> str:
    """The rule catalogue of docs/lint.md (a test keeps the document in step with this)."""
    parts = [
        "| code | name | severity | fix |",
        "| --- | --- | --- | --- |",
    ]
    for rule in RULES:
        parts.append(
            f"| [{rule.code}](#{rule.code.lower()}-{rule.name}) | {rule.name} | {rule.severity} "
            f"| {'safe' if rule.fixable else '–'} |"
        )
    for rule in RULES:
        parts.extend(
            [
                "",
                f"### {rule.code} {rule.name}",
                "",
                f"**What.** {rule.summary}",
                "",
                f"**Why.** {rule.why}",
                "",
                "**Example.**",
                "",
                "```",
                rule.example,
                "```",
                "",
                "**Instead.**",
                "",
                "```",
                rule.better,
                "```",
                "",
                f"**Fix.** {rule.fix[0].upper() + rule.fix[1:]}." if rule.fix else "**Fix.** None.",
            ]
        )
    return "\n".join(parts) + "\n"
