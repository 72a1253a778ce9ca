"""The language service (segdsl/service): diagnostics as the checker and linter give them, kept
per definition across edits; completion from the grammar; hover, navigation, rename, symbols,
formatting, code actions, semantic tokens and signature help."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import segdsl
from segdsl.diagnostics import Diagnostic
from segdsl.limits import Limits
from segdsl.lint import LintConfig
from segdsl.service import (
    ActionKind,
    DocumentKind,
    LanguageService,
    Origin,
    Position,
    Range,
    SchemaState,
    Settings,
    SymbolKind,
)
from segdsl.service.analysis import Context, SegmentFileAnalyzer
from segdsl.service.chunks import split_definitions
from tests.support.generators import segment_files

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "examples" / "shop" / "schema.yaml"
SCHEMA = segdsl.load_schema(SCHEMA_PATH)
SCHEMA_URI = SCHEMA_PATH.as_uri()
AS_OF = dt.datetime(2026, 11, 1)
FILE = "file:///project/segments.seg"


def _service(**settings: object) -> LanguageService:
    return LanguageService(SchemaState(SCHEMA, (), SCHEMA_URI), Settings(**settings))  # type: ignore[arg-type]


def _at(text: str, needle: str, offset: int = 0) -> Position:
    index = text.index(needle) + offset
    return Position(text.count("\n", 0, index), index - (text.rfind("\n", 0, index) + 1))


def _end(text: str) -> Position:
    return _at(text + "\0", "\0")


def _codes(service: LanguageService, uri: str = FILE) -> list[tuple[str, int, int]]:
    return [(d.code, d.range.start.line, d.range.start.column) for d in service.diagnostics(uri)]


# -- definitions as chunks -----------------------------------------------------------------------


def test_a_file_is_cut_before_each_definition_and_the_comments_above_it() -> None:
    text = (
        "# about the file\n\n"
        "# about a\n"
        'segment a "has segment in it" = x  # segment b in a comment\n'
        "segment b = y segment c = z\n"
    )
    chunks = split_definitions(text)
    assert "".join(c.text for c in chunks) == text
    assert [c.text for c in chunks] == [
        "# about the file\n\n",
        '# about a\nsegment a "has segment in it" = x  # segment b in a comment\n',
        "segment b = y ",
        "segment c = z\n",
    ]
    assert [c.start for c in chunks] == [0, 18, 88, 102]


# -- diagnostics -------------------------------------------------------------------------------


PROBLEMS = """\
segment a = b
segment b = a
segment country = 1 > 0
segment d = purchase > 1
segment d = purchases > 2
segment e = purchases > 1 and purchases > 2
segment f = last_order < 1mo or d
partition p =
    "x" when e
    "x" when f
    otherwise "y"
"""


def test_diagnostics_are_the_checker_s_and_the_linter_s() -> None:
    """For a file that parses, the same codes at the same places as `segdsl.analyze` (which
    checks the whole file at once), and the linter's findings of the definitions that check
    even when others do not."""
    service = _service()
    service.set_document(FILE, PROBLEMS)
    found = service.diagnostics(FILE)
    whole = segdsl.analyze(PROBLEMS, SCHEMA, name=FILE).diagnostics
    expected = {(d.code, d.span.start, d.span.end) for d in whole if d.span is not None}
    errors = {
        (d.code, span.start, span.end)
        for d in found
        if d.origin is Origin.TYPE and (span := d.diagnostic.span) is not None
    }
    assert errors == expected
    assert {d.code for d in found if d.origin is Origin.LINT} == {"SEG003"}
    cycle = next(d for d in found if d.code == "E402")
    assert cycle.message == "segment 'a' depends on itself: a → b → a"
    twice = next(d for d in found if d.code == "E401")
    assert [(r.message, r.location.range.start) for r in twice.related] == [
        ("first defined here", Position(3, 8))
    ]
    unknown = next(d for d in found if d.code == "E210")
    assert unknown.hints == ("did you mean 'purchases'?",)
    assert unknown.diagnostic.to_dict()["start"] == {"line": 4, "column": 13}


def test_a_clean_file_has_no_diagnostics() -> None:
    service = _service()
    service.set_document(FILE, (ROOT / "examples/shop/segments.seg").read_text())
    assert service.diagnostics(FILE) == ()


def test_each_definition_reports_its_own_syntax_error() -> None:
    service = _service()
    service.set_document(FILE, "segment a = purchases >\nsegment b = 1 +\nsegment c = nope\n")
    # Each definition ends where the next one starts: the error is at the end of its text.
    assert _codes(service) == [("E102", 0, 23), ("E102", 1, 15), ("E210", 2, 12)]


def test_a_suppression_above_a_definition_applies_to_it() -> None:
    service = _service()
    text = "# segdsl: ignore[SEG003]\nsegment e = purchases > 1 and purchases > 2\n"
    service.set_document(FILE, text)
    assert service.diagnostics(FILE) == ()
    service.set_document(FILE, "# segdsl: ignore[SEG003]\n\nsegment e = purchases > 2\n")
    assert _codes(service) == [("SEG012", 0, 0)]  # suppresses nothing


def test_an_edit_rechecks_the_definition_and_its_dependents_only() -> None:
    context = Context(SCHEMA, LintConfig(), Limits())
    analyzer = SegmentFileAnalyzer(FILE, context)
    text = (
        "segment a = purchases > 1\nsegment b = a and consent_email\nsegment c = country = 'PL'\n"
    )
    before = analyzer.analyze(text)
    after = analyzer.analyze(text.replace("purchases > 1", "purchases > 2"))
    # Unchanged definitions keep their parse; the results of `a` and of `b`, which refers to
    # it, are new; `c`'s is the one kept.
    assert [p.chunk is q.chunk for p, q in zip(before.placed, after.placed, strict=True)] == [
        False,
        True,
        True,
    ]
    assert [before.results[i] is after.results[i] for i in range(3)] == [False, False, True]
    # Removing `a` makes `b` name something unknown; defining it again clears that.
    gone = analyzer.analyze(text.replace("segment a = purchases > 1\n", ""))
    assert [d.code for d in gone.diagnostics] == ["E210"]
    assert not analyzer.analyze(text).diagnostics


def test_a_new_definition_answers_an_unknown_name() -> None:
    service = _service()
    service.set_document(FILE, "segment b = buyerz\n")
    assert _codes(service) == [("E210", 0, 12)]
    service.set_document(FILE, "segment b = buyerz\nsegment buyerz = purchases > 0\n")
    assert _codes(service) == []


def test_limits_of_the_whole_file() -> None:
    service = _service(limits=Limits(definitions=2, source_size=200))
    service.set_document(FILE, "segment a = true\nsegment b = true\nsegment c = true\n")
    assert [d.code for d in service.diagnostics(FILE)] == ["E113"]
    service.set_document(FILE, "segment a = " + "true or " * 30 + "true\n")
    assert [d.code for d in service.diagnostics(FILE)] == ["E110"]


def test_line_ends_of_any_kind() -> None:
    service = _service()
    service.set_document(FILE, "segment a = purchases > 1\r\nsegment b = nope\r\n")
    assert _codes(service) == [("E210", 1, 12)]


def test_without_a_schema_only_syntax_is_checked_and_the_document_says_why() -> None:
    problem = Diagnostic("E603", "no schema given", None)
    service = LanguageService(SchemaState(None, (problem,)))
    service.set_document(FILE, "segment a = nope\nsegment b = 1 +\n")
    found = service.diagnostics(FILE)
    assert [(d.code, d.origin) for d in found] == [
        ("E603", Origin.SCHEMA),
        ("E102", Origin.SYNTAX),
    ]
    assert found[0].message == "the schema did not load, so names are not checked: no schema given"
    assert service.completion(FILE, Position(0, 12)) == []


def test_a_broken_schema_is_located_in_the_schema_file() -> None:
    text = SCHEMA_PATH.read_text().replace("entity: customer", "entity: [customer")
    try:
        segdsl.schema_from_text(text, str(SCHEMA_PATH))
    except segdsl.SegdslError as error:
        problems = error.diagnostics
    service = LanguageService(SchemaState(None, problems, SCHEMA_URI))
    (located,) = service.schema_diagnostics()
    assert located.range.start.line > 0 and located.code == problems[0].code


# -- conditions ----------------------------------------------------------------------------------


def test_a_condition_names_the_workspace_s_segments() -> None:
    service = _service()
    service.set_document(FILE, "segment buyers = purchases > 0\n")
    service.set_document("repl:input", "buyers and not sellers", DocumentKind.CONDITION)
    assert [d.message for d in service.diagnostics("repl:input")] == ["unknown name 'sellers'"]
    service.set_document("file:///project/more.seg", "segment sellers = purchases > 5\n")
    assert service.diagnostics("repl:input") == ()
    found = service.definition("repl:input", Position(0, 2))
    assert [(f.uri, f.range.start) for f in found] == [(FILE, Position(0, 8))]


def test_the_checked_forms_of_what_is_edited() -> None:
    service = _service()
    text = 'segment buyers = purchases > 0\n\nsegment broken = purchases > "x"\n'
    service.set_document(FILE, text)
    found = service.checked_definition(FILE, _at(text, "buyers"))
    assert found is not None and found.name == "buyers"
    assert service.checked_definition(FILE, _at(text, "broken")) is None
    service.set_document("input", "buyers and purchases < 5", DocumentKind.CONDITION)
    assert service.checked_condition("input") is not None
    service.set_document("input", "buyers and purchases < ", DocumentKind.CONDITION)
    assert service.checked_condition("input") is None


# -- completion ----------------------------------------------------------------------------------


def _complete(text: str, kind: DocumentKind = DocumentKind.CONDITION) -> dict[str, str]:
    service = _service()
    service.set_document(FILE, (ROOT / "examples/shop/segments.seg").read_text())
    service.set_document("input", text, kind)
    return {item.label: item.detail for item in service.completion("input", _end(text))}


def test_a_stream_s_fields_are_the_names_in_its_filter() -> None:
    offered = _complete("count(orders where ")
    assert {"order_id", "amount", "category", "created_at", "not", "lower"} <= set(offered)
    assert not {"lapsed", "count"} & set(offered)
    assert offered["amount"] == "orders: decimal"


def test_the_customer_s_attributes_and_metrics_anchor_a_filter() -> None:
    # Not segments or partitions (E232); a field hides an attribute of its name.
    offered = _complete("count(web where ts > ")
    assert {"signup_at", "last_click", "country"} <= set(offered)
    assert not {"lapsed", "lifecycle"} & set(offered)
    assert offered["category"] == "web: string"
    assert offered["signup_at"].startswith("timestamp")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("max(email.", {"type", "campaign", "ts"}),
        ("count(", {"orders", "email", "web"}),
        ("device_type != ", {'"desktop"', '"mobile"', '"tablet"'}),
        ('device_type = "mo', {"mobile"}),
        ("gender in ", {"[", '["female"', '["male"', '["other"'}),
        ('device_type in ["tablet", ', {'"desktop"', '"mobile"'}),
        ("country in E", {"EU", "EEA"}),
        ("lifecycle = ", {'"lead"', '"new"', '"loyal"', '"active"', '"lapsed"', '"other"'}),
        ('lifecycle = "l', {"lead", "loyal", "lapsed"}),
        ("last_order < 3", {"3h", "3d", "3w", "3mo", "3y"}),
        ("birth_date >= 25m", {"25mo"}),
        ("now - 1", {"1h", "1d", "1w", "1mo", "1y"}),
        ("top 10% ", {"by"}),
        ("last_order is ", {"missing", "present"}),
        ("email starts ", {"with"}),
        ("lapsed_", {"lapsed_relative", "lapsed_vips_outside_eu"}),
        ("avg(total", {"total_spent"}),
        ("last(", {"orders", "email", "web"}),
        ("most_frequent(web.", {"type", "ts", "category"}),
        ("count(d", {"distinct"}),
        ("count(distinct orders.category where cat", {"category"}),
        # Sequences: the fields of each part's stream in its filter, streams after the words.
        ("web where ty", {"type"}),
        ('web where type = "add_to_cart" then ', {"orders", "email", "web", "no"}),
        ('web where type = "add_to_cart" then no ', {"orders", "email", "web"}),
        ('web where type = "add_to_cart" then orders where cat', {"category"}),
        ('web where type = "add_to_cart" then no orders ', {"where", "within", "since"}),
        ('web where type = "add_to_cart" then orders ', {"where", "within"}),
        ('web where type = "add_to_cart" then no orders where amount > 1 s', {"since"}),
        ('email where type = "click" then orders within 7d without ', {"orders", "email", "web"}),
        (
            'email where type = "click" then orders within 7d without email where type = "u',
            {"unsubscribe"},
        ),
        ("signup_at in next ", {"day", "week", "month", "quarter", "year"}),
        ("anniversary(birth_date) in next 7 ", {"days", "weeks", "months", "quarters", "years"}),
    ],
)
def test_completion_in_context(text: str, expected: set[str]) -> None:
    assert set(_complete(text)) == expected


def test_no_units_where_a_number_is_compared_with_a_number() -> None:
    assert _complete("purchases > 3") == {}


def test_completion_in_a_segment_file() -> None:
    text = (ROOT / "examples/shop/segments.seg").read_text() + "\nsegment new_one = "
    offered = _complete(text, DocumentKind.SEGMENTS)
    assert offered["lapsed"] == "segment — Ordered before, nothing in the last 180 days"
    assert offered["rfm_recency"] == "partition — Recency quintile (5 = most recent order)"
    assert "new_one" not in offered  # a segment cannot refer to itself
    assert set(_complete("", DocumentKind.SEGMENTS)) == {"segment", "partition"}
    assert _complete("segment ", DocumentKind.SEGMENTS) == {}  # a new name comes next
    after_arm = _complete('partition p = "a" when consent_email ', DocumentKind.SEGMENTS)
    assert {"and", "or", "otherwise", "in"} <= set(after_arm)
    assert not {"segment", "when", "purchases"} & set(after_arm)


def test_completion_after_a_syntax_error_offers_the_names() -> None:
    offered = _complete("purchases > > 1 and purc")
    assert set(offered) == {"purchases"}


def test_completion_replaces_what_is_typed() -> None:
    service = _service()
    text = 'segment a = device_type = "mo'
    service.set_document(FILE, text)
    (item,) = service.completion(FILE, _end(text))
    assert (item.label, item.insert_text, item.replace) == (
        "mobile",
        "mobile",
        Range(Position(0, 27), Position(0, 29)),
    )


# -- hover ---------------------------------------------------------------------------------------


HOVERED = """\
segment buyers "Bought at least once" = purchases >= 1
partition stage =
    "new" when first_order < 30d
    otherwise "old"
segment s = buyers and stage = "new" and country in EU and count(orders where amount > 5) > 1
    and lower(email) contains "x" and last_open < 30d
"""


def _hover(needle: str, offset: int = 0, **settings: object) -> str:
    service = _service(**settings)
    service.set_document(FILE, HOVERED)
    found = service.hover(FILE, _at(HOVERED, needle, offset))
    assert found is not None
    return found.markdown


def test_hover_tells_what_a_name_is() -> None:
    assert _hover("purchases").startswith(
        "**purchases**: metric, `int`\n\n```seg\ncount(orders)\n```"
    )
    assert "SQL (postgres), per customer:" in _hover("purchases", dialect="postgres")
    assert _hover("country").startswith("**country**: attribute, `string`")
    assert "Defined in" in _hover("country") and "schema.yaml`, line 7" in _hover("country")
    assert _hover("EU").startswith("**EU**: named set of 27 string values\n\nAT, BE")
    assert _hover("orders").startswith("**orders**: event stream (table `orders`")
    assert _hover("amount").startswith("**orders.amount**: field of the event stream, `decimal`")
    assert _hover("email").startswith("**email**: attribute, `string`")
    assert "*personal data (pii)*" in _hover("email")
    assert _hover("lower").startswith("`lower(s)`: the string in lower case")
    assert _hover("buyers and").startswith("**buyers**: segment\n\nBought at least once")
    assert _hover("stage =").startswith('**stage**: partition\n\nLabels: "new", otherwise "old"')
    assert _hover('"new" and').startswith('**"new"**: label of the partition stage, when')


def test_hover_spells_out_an_age() -> None:
    text = _hover("last_open < 30d", 12, as_of=AS_OF)
    assert text == (
        "`last_open < 30d`: last_open after 2026-10-02 00:00 UTC (as of 2026-11-01 00:00 UTC)"
    )
    assert _hover("last_open", as_of=AS_OF).endswith(
        "`last_open < 30d`: last_open after 2026-10-02 00:00 UTC (as of 2026-11-01 00:00 UTC)"
    )
    assert "first_order after 2026-10-02" in _hover("30d", as_of=AS_OF)
    assert "(as of now)" in _hover("30d")


REGULAR = (
    "segment weekly = purchases >= 1 in 3 of last 4 weeks or count(web) > 1 in 1 of last 2 "
    "periods of 7d\n"
)


def test_hover_lists_the_periods_of_regular_activity() -> None:
    service = _service(as_of=AS_OF)
    service.set_document(FILE, REGULAR)

    def hovered(needle: str) -> str:
        found = service.hover(FILE, _at(REGULAR, needle))
        assert found is not None
        return found.markdown

    weeks = hovered("in 3 of")
    assert weeks.startswith(
        "`purchases >= 1 in 3 of last 4 weeks`: at least 3 of these 4 (days on the clocks of "
        "Europe/Warsaw), as of 2026-11-01 00:00 UTC: 2026-10-19 to 2026-10-25; 2026-10-12 to "
        "2026-10-18; 2026-10-05 to 2026-10-11; 2026-09-28 to 2026-10-04"
    )
    rolling = hovered("periods of 7d")
    assert rolling.endswith(
        "after 2026-10-25 00:00 UTC, up to 2026-11-01 00:00 UTC; after 2026-10-18 00:00 UTC, "
        "up to 2026-10-25 00:00 UTC"
    )


# -- navigation and rename -----------------------------------------------------------------------


def test_definition_references_and_rename() -> None:
    service = _service()
    service.set_document(FILE, HOVERED)
    service.set_document("file:///project/other.seg", "segment buyers = purchases > 9\n")
    on_use = _at(HOVERED, "buyers and")
    assert [(f.uri, f.range.start) for f in service.definition(FILE, on_use)] == [
        (FILE, Position(0, 8))
    ]
    (schema,) = service.definition(FILE, _at(HOVERED, "country"))
    assert (schema.uri, schema.range.start) == (SCHEMA_URI, Position(6, 11))
    (label,) = service.definition(FILE, _at(HOVERED, '"new" and'))
    assert label.range.start == Position(2, 4)
    # The other file's `buyers` is another segment.
    assert [r.range.start for r in service.references(FILE, on_use)] == [
        Position(0, 8),
        Position(4, 12),
    ]
    assert len(service.references(FILE, on_use, include_declaration=False)) == 1
    # A field's references include the schema's metrics that use it.
    uses = service.references(FILE, _at(HOVERED, "amount"))
    assert {u.uri for u in uses} == {FILE, SCHEMA_URI}
    renamed = service.rename(FILE, on_use, "customers_who_bought")
    assert renamed.edit is not None
    assert [e.range.start for e in renamed.edit.changes[FILE]] == [Position(0, 8), Position(4, 12)]
    assert set(renamed.edit.changes) == {FILE}


@pytest.mark.parametrize(
    ("needle", "new_name", "refusal"),
    [
        ("buyers and", "country", "'country' is already a name in the schema"),
        ("buyers and", "stage", "'stage' is already defined in this file"),
        ("buyers and", "and", "'and' is not a name: letters, digits and _, not a keyword"),
        ("buyers and", "2x", "'2x' is not a name: letters, digits and _, not a keyword"),
        ("country", "land", "'country' is a attribute of the schema: only segments and"),
        ("lower", "small", "'lower' is a function: only segments and partitions"),
    ],
)
def test_rename_refuses(needle: str, new_name: str, refusal: str) -> None:
    service = _service()
    service.set_document(FILE, HOVERED)
    found = service.rename(FILE, _at(HOVERED, needle), new_name)
    assert found.edit is None and found.refusal is not None
    assert found.refusal.startswith(refusal)


def test_document_symbols() -> None:
    service = _service()
    service.set_document(FILE, HOVERED)
    symbols = service.document_symbols(FILE)
    assert [(s.name, s.kind, s.detail) for s in symbols] == [
        ("buyers", SymbolKind.SEGMENT, "Bought at least once"),
        ("stage", SymbolKind.PARTITION, ""),
        ("s", SymbolKind.SEGMENT, ""),
    ]
    assert [(c.name, c.selection_range.start) for c in symbols[1].children] == [
        ("new", Position(2, 4)),
        ("old", Position(3, 14)),
    ]


# -- formatting, code actions --------------------------------------------------------------------


def test_formatting_is_one_small_edit() -> None:
    service = _service()
    service.set_document(FILE, "segment a = purchases>1\n")
    (edit,) = service.formatting(FILE)
    assert (edit.range, edit.new_text) == (Range(Position(0, 21), Position(0, 22)), " > ")
    service.set_document(FILE, "segment a = purchases >\n")
    assert service.formatting(FILE) == []
    service.set_document("c", "purchases>1", DocumentKind.CONDITION)
    assert [e.new_text for e in service.formatting("c")] == [" > "]


def test_code_actions_apply_the_linter_s_fixes() -> None:
    service = _service()
    text = (
        "segment a = purchases > 1 and purchases > 2\nsegment b = purchases > 3 and purchases > 4\n"
    )
    service.set_document(FILE, text)
    actions = service.code_actions(FILE, Range(Position(0, 12), Position(0, 12)))
    quick, fix_all = actions
    assert (quick.title, quick.kind, quick.preferred) == (
        "remove the redundant condition",
        ActionKind.QUICK_FIX,
        True,
    )
    assert [e.range for e in quick.edit.changes[FILE]] == [Range(Position(0, 12), Position(0, 30))]
    assert fix_all.kind is ActionKind.FIX_ALL and len(fix_all.diagnostics) == 2
    (edit,) = fix_all.edit.changes[FILE]
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: edit.range.start.line]) + edit.range.start.column
    end = sum(len(line) + 1 for line in lines[: edit.range.end.line]) + edit.range.end.column
    fixed = text[:start] + edit.new_text + text[end:]
    assert fixed == "segment a = purchases > 2\nsegment b = purchases > 4\n"


# -- tokens and signatures -----------------------------------------------------------------------


def test_semantic_tokens() -> None:
    service = _service()
    text = 'segment a = count(orders where amount > 1) > 1 and stage = "x" # note\n'
    text += 'partition stage = "x" when consent_email otherwise "y"\n'
    service.set_document(FILE, text)
    tokens = [
        (t.start.line, t.start.column, t.length, t.type, t.modifiers)
        for t in service.semantic_tokens(FILE)
    ]
    assert tokens[:4] == [
        (0, 0, 7, "keyword", ()),
        (0, 8, 1, "class", ("declaration",)),
        (0, 10, 1, "operator", ()),
        (0, 12, 5, "function", ("defaultLibrary",)),
    ]
    named = {
        text.split("\n")[line][column : column + length]: kind
        for line, column, length, kind, _ in tokens
    }
    assert named["orders"] == "namespace"
    assert named["amount"] == "property"
    assert named["stage"] == "enum"
    assert named['"x"'] == "enumMember"
    assert named["# note"] == "comment"
    assert named["consent_email"] == "property"


def test_last_is_a_function_where_it_is_called_and_a_keyword_in_a_period() -> None:
    service = _service()
    text = 'segment a = last(orders.category) = "shoes" and last_order in last month\n'
    service.set_document(FILE, text)
    kinds = {
        (t.start.column, t.type) for t in service.semantic_tokens(FILE) if t.length == len("last")
    }
    assert (12, "function") in kinds
    assert (text.index("last month"), "keyword") in kinds


@pytest.mark.parametrize(
    ("text", "label", "active"),
    [
        ("count(", "count(stream [where condition])", (0, 0)),
        ("count(orders where type", "count(stream [where condition])", (0, 1)),
        ("avg(total_spent where purchases > 0", "avg(value [where condition])", (1, 1)),
        ("1 + lower(", "lower(s)", (0, 0)),
        ("last(orders.category where ", "last(stream.field [where condition])", (0, 1)),
        ("count(distinct orders.", "count(distinct stream.field [where condition])", (2, 0)),
        ('split("a"', 'split("salt")', (0, 0)),
    ],
)
def test_signature_help(text: str, label: str, active: tuple[int, int]) -> None:
    service = _service()
    service.set_document("c", text, DocumentKind.CONDITION)
    found = service.signature_help("c", _end(text))
    assert found is not None
    assert found.signatures[found.active_signature].label == label
    assert (found.active_signature, found.active_parameter) == active
    service.set_document("c", "purchases > 1", DocumentKind.CONDITION)
    assert service.signature_help("c", Position(0, 3)) is None


# -- the same as a whole-file analysis -----------------------------------------------------------


def _shown(service: LanguageService) -> list[tuple[str, int, int, str]]:
    return [
        (d.code, span.start, span.end, d.message)
        for d in service.diagnostics(FILE)
        if (span := d.diagnostic.span) is not None
    ]


def test_a_salt_reused_by_a_later_definition_is_found_and_follows_edits() -> None:
    """SEG013 compares definitions that do not refer to each other: the later one is linted
    with the earlier ones that split with its salt, and editing the earlier one re-lints it."""
    first = 'segment b = split("s") < 10%\n'
    later = 'partition p =\n    "x" when split("s") < 10%\n    otherwise "y"\n'
    service = _service()
    service.set_document(FILE, first + later)
    assert [f[0] for f in _shown(service)] == ["SEG013"]
    service.set_document(FILE, first.replace('"s"', '"t"') + later)
    assert _shown(service) == []


@settings(max_examples=60)
@given(segment_files())
def test_the_diagnostics_of_a_file_are_those_of_analyze(text: str) -> None:
    service = _service()
    service.set_document(FILE, text)
    whole = segdsl.analyze(text, SCHEMA, name=FILE)
    expected = sorted(
        (d.code, d.span.start, d.span.end, d.message) for d in whole.diagnostics if d.span
    )
    found = _shown(service)
    if whole.checked is None:  # type errors: the linter's findings of the rest come on top
        found = [f for f in found if not f[0].startswith("SEG")]
    assert sorted(found) == expected


@settings(max_examples=40)
@given(st.lists(segment_files(), min_size=2, max_size=4))
def test_after_edits_the_diagnostics_are_those_of_a_fresh_look(versions: list[str]) -> None:
    service = _service()
    for text in versions:
        service.set_document(FILE, text)
        service.diagnostics(FILE)
    fresh = _service()
    fresh.set_document(FILE, versions[-1])
    assert _shown(service) == _shown(fresh)


SHOP_SEGMENTS = (ROOT / "examples/shop/segments.seg").read_text()
_TYPED = st.sampled_from(
    ["x", " ", "\n", "1", "(", ")", '"', "#", "and ", "segment z = ", "lapsed"]
)


@settings(max_examples=30)
@given(st.data())
def test_after_keystrokes_the_diagnostics_are_those_of_a_fresh_look(data: st.DataObject) -> None:
    """Typing and deleting anywhere in a real file, definitions others use included."""
    service = _service()
    text = SHOP_SEGMENTS
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(text)))
        if data.draw(st.booleans()):
            text = text[:at] + data.draw(_TYPED) + text[at:]
        else:
            text = text[:at] + text[at + data.draw(st.integers(1, 12)) :]
        service.set_document(FILE, text)
        service.diagnostics(FILE)
    fresh = _service()
    fresh.set_document(FILE, text)
    assert _shown(service) == _shown(fresh)


def test_a_sequence_s_streams_and_fields_are_named() -> None:
    """`email` in a sequence is the stream (the schema also has an attribute `email`), and
    the names in each part's filter are the fields of its stream."""
    service = _service()
    text = (
        'segment a = email where type = "click" then orders where amount > 1 within 7d '
        'without web where category = "x"\n'
    )
    service.set_document(FILE, text)
    named = {
        text[t.start.column : t.start.column + t.length]: t.type
        for t in service.semantic_tokens(FILE)
    }
    assert named["email"] == named["orders"] == named["web"] == "namespace"
    assert named["type"] == named["amount"] == named["category"] == "property"
    assert {"then", "within", "without"} <= {k for k, kind in named.items() if kind == "keyword"}
    text = 'segment b = web where type = "add_to_cart" then no orders since\n'
    service.set_document(FILE, text)
    named = {
        text[t.start.column : t.start.column + t.length]: t.type
        for t in service.semantic_tokens(FILE)
    }
    assert named["no"] == named["since"] == "keyword"
    assert named["orders"] == "namespace"


PERIODS = """\
segment this_month = signup_at in this month
segment birthdays = anniversary(birth_date) in next 7 days
segment born = birth_date in last month
segment changed = signup_at in today
"""


def _period_hover(needle: str, as_of: dt.datetime) -> str:
    service = _service(as_of=as_of)
    service.set_document(FILE, PERIODS)
    found = service.hover(FILE, _at(PERIODS, needle, len(needle) - 1))
    assert found is not None
    return found.markdown


def test_hover_spells_out_a_period() -> None:
    # The shop's clocks are Warsaw's, an hour ahead of UTC in winter.
    as_of = dt.datetime(2026, 11, 28, 15, 0)
    assert _period_hover("this month", as_of) == (
        "`signup_at in this month`: [2026-11-01 00:00, 2026-12-01 00:00) Europe/Warsaw "
        "(as of 2026-11-28 15:00 UTC)"
    )
    assert _period_hover("next 7 days", dt.datetime(2026, 12, 28, 12, 0)) == (
        "`anniversary(birth_date) in next 7 days`: an anniversary on a day from 2026-12-29 to "
        "2027-01-04 (as of 2026-12-28 12:00 UTC, Europe/Warsaw days)"
    )
    assert _period_hover("last month", as_of) == (
        "`birth_date in last month`: a date from 2026-10-01 to 2026-10-31 (as of 2026-11-28 "
        "15:00 UTC)"
    )
    # The day Warsaw's clocks go forward has 23 hours: it ends at 00:00 of the next day.
    assert _period_hover("today", dt.datetime(2026, 3, 29, 12, 0)) == (
        "`signup_at in today`: [2026-03-29 00:00, 2026-03-30 00:00) Europe/Warsaw (as of "
        "2026-03-29 12:00 UTC)"
    )


def test_hover_names_each_customers_clocks() -> None:
    """With customer_time_zone, a period's days are each customer's: the hover shows those of
    a customer on the project's clocks and says whose clocks decide."""
    path = ROOT / "examples" / "zones" / "schema.yaml"
    schema = segdsl.load_schema(path)
    service = LanguageService(
        SchemaState(schema, (), path.as_uri()), Settings(as_of=dt.datetime(2026, 3, 1, 2))
    )
    text = (
        "segment a = signup_at in this month\n"
        "segment b = anniversary(birth_date) in today\n"
        "segment c = count(orders) >= 1 in 2 of last 2 weeks\n"
    )
    service.set_document(FILE, text)

    def hovered(needle: str) -> str:
        found = service.hover(FILE, _at(text, needle, len(needle) - 1))
        assert found is not None
        return found.markdown

    assert hovered("this month") == (
        "`signup_at in this month`: a day from 2026-03-01 to 2026-03-31 for a customer on "
        "Europe/Warsaw's clocks; each customer's on the clocks of their time_zone (as of "
        "2026-03-01 02:00 UTC)"
    )
    assert hovered("today") == (
        "`anniversary(birth_date) in today`: an anniversary on a day from 2026-03-01 (as of "
        "2026-03-01 02:00 UTC, each customer's zone (time_zone; Europe/Warsaw without one) days)"
    )
    assert "days on the clocks of each customer's zone (time_zone" in hovered("2 weeks")
    assert not service.diagnostics(FILE)


def test_an_attribute_with_a_history_is_checked_completed_and_hovered() -> None:
    path = ROOT / "examples/history/schema.yaml"
    service = LanguageService(SchemaState(segdsl.load_schema(path), (), path.as_uri()), Settings())
    text = 'segment german = country = "DE" and count(orders where country = "DE") >= 1\n'
    service.set_document(FILE, text, DocumentKind.SEGMENTS)
    assert _codes(service) == []
    hover = service.hover(FILE, _at(text, "country"))
    assert hover is not None
    assert "As it stood at the as-of instant, from the history table `customer_history`" in (
        hover.markdown
    )
    partial = "segment other = consent_email and cou"
    service.set_document(FILE, partial, DocumentKind.SEGMENTS)
    assert {item.label for item in service.completion(FILE, _end(partial))} == {"count", "country"}
