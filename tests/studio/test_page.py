"""The studio's page in a real browser (headless Chromium through Playwright), as a person uses
it: type a condition and see its count; a typo underlined with its did-you-mean; a completion
accepted; the SQL in another dialect; a file's sizes, history chart and overlap heatmap; a
definition saved to its file; a newer query cancelling the one still running; no page without
the token. The screenshots go to docs/images/ with SEGDSL_UPDATE_SCREENSHOTS=1 (docs/studio.md
shows them), else to the test's temporary folder."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import segdsl
from segdsl.semantics.schema import Schema
from segdsl.studio.answers import history_instants
from tests.studio.conftest import ROOT, Served, make_studio, serving
from tests.studio.test_server import GatedDatabase
from tests.support.browser import chromium

IMAGES = ROOT / "docs" / "images"
WIDTH, HEIGHT = 1400, 860
WAIT = 120_000  # ms: the machine may be busy


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Any, served: Served) -> Iterator[Any]:
    with open_page(browser, served.address) as opened:
        yield opened


@contextlib.contextmanager
def open_page(browser: Any, address: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.goto(address)
    opened.wait_for_selector("body[data-ready=true]", timeout=WAIT)
    yield opened
    context.close()
    assert errors == []


def screenshot(shown: Any, name: str, tmp_path: Path) -> None:
    """A picture of the page or of one element of it."""
    folder = IMAGES if os.environ.get("SEGDSL_UPDATE_SCREENSHOTS") == "1" else tmp_path
    shown.screenshot(path=str(folder / name))


def type_in_editor(page: Any, text: str) -> None:
    page.click(".cm-content")
    page.keyboard.press("Control+a")
    page.keyboard.type(text)


def shown_count(page: Any) -> str:
    page.wait_for_selector('#answer[data-state="done"]', timeout=WAIT)
    return str(page.text_content("#count"))


def count_of(condition: str, schema: Schema, served: Served) -> int:
    module = segdsl.parse_file(served.segments)
    return segdsl.sizes({"c": condition}, schema, served.studio.database, module=module).counts["c"]


def test_type_a_condition_and_see_its_count(
    page: Any, served: Served, schema: Schema, tmp_path: Path
) -> None:
    type_in_editor(page, "purchases >= 2 and country in EU")
    expected = count_of("purchases >= 2 and country in EU", schema, served)
    assert shown_count(page) == f"{expected:,}"
    assert page.text_content("#count-unit") == "members"
    assert "% of 3,000 customers" in str(page.text_content("#share"))
    assert page.locator("#sample tbody tr").count() == 10
    assert "Not shown (PII): email." in str(page.text_content("#sample"))
    # A segment of the file by name, and then a partition: its labels.
    type_in_editor(page, "vip and not lapsed")
    page.keyboard.press("Escape")  # the completion of `lapsed`
    assert shown_count(page) == f"{count_of('vip and not lapsed', schema, served):,}"
    screenshot(page, "studio-editor.png", tmp_path)


def test_a_typo_is_underlined_with_its_did_you_mean(page: Any, tmp_path: Path) -> None:
    type_in_editor(page, "purchses > 2")
    underline = page.wait_for_selector(".cm-lintRange-error", timeout=WAIT)
    assert underline.text_content() == "purchses"
    page.wait_for_selector('#answer[data-state="errors"]', timeout=WAIT)
    underline.hover()
    tooltip = page.wait_for_selector(".cm-tooltip-lint", timeout=WAIT)
    assert "E210: unknown name 'purchses'" in tooltip.text_content()
    assert "did you mean 'purchases'?" in tooltip.text_content()
    screenshot(page, "studio-typo.png", tmp_path)


def test_accept_a_completion(page: Any, tmp_path: Path) -> None:
    type_in_editor(page, "count(orders where cat")
    # An enabled list (CodeMirror shows a disabled one while it asks again) whose
    # selected option is the column.
    selected = page.wait_for_selector(
        ".cm-tooltip-autocomplete:not(.cm-tooltip-autocomplete-disabled) li[aria-selected]",
        timeout=WAIT,
    )
    assert "category" in selected.text_content()
    screenshot(page, "studio-completion.png", tmp_path)
    # CodeMirror ignores Enter for 75 ms after a list opens, so that a key pressed
    # before the user saw the list is typed: a person reads the list first.
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('.cm-content').textContent"
        " === 'count(orders where category)'",
        timeout=WAIT,
    )
    assert page.locator(".cm-line").count() == 1


def test_switch_the_sql_dialect(page: Any, schema: Schema) -> None:
    type_in_editor(page, "last_order < 30d")
    shown_count(page)
    assert page.text_content("#sql") == segdsl.compile_sql(
        "last_order < 30d", schema, dialect="duckdb", pretty=True
    )
    for dialect in ("postgres", "spark"):
        page.select_option("#dialect", dialect)
        expected = segdsl.compile_sql("last_order < 30d", schema, dialect=dialect, pretty=True)
        page.wait_for_function(
            "expected => document.querySelector('#sql').textContent === expected",
            arg=expected,
            timeout=WAIT,
        )


def test_the_file_view(page: Any, served: Served, schema: Schema, tmp_path: Path) -> None:
    page.click("#tab-file")
    for part in ("sizes", "history", "overlap", "report"):
        page.wait_for_selector(f'#file-{part}[data-state="done"]', timeout=WAIT)
    rows = page.locator("#file-sizes tbody tr")
    sizes = segdsl.sizes(segdsl.check_file(served.segments, schema), schema, served.studio.database)
    assert rows.count() == len(sizes.counts)
    assert rows.nth(0).locator("td").all_text_contents()[:2] == [
        "leads",
        f"{sizes.counts['leads']:,}",
    ]
    history = page.frame_locator("#file-history iframe")
    assert history.locator("svg.lines polyline").count() == 8  # the eight largest
    instants = len(history_instants(dt.datetime.now(dt.UTC).replace(tzinfo=None)))
    label = str(page.text_content("#file-history .progress span"))
    assert label.startswith(f"{instants} monthly instants;")
    heatmap = page.frame_locator("#file-overlap iframe")
    assert heatmap.locator("svg rect").count() > 25 * 25
    assert page.locator("#file-report tbody tr").count() == len(sizes.counts)
    screenshot(page, "studio-file.png", tmp_path)
    page.locator("#file-overlap").scroll_into_view_if_needed()
    screenshot(page.locator("#file-overlap"), "studio-overlap.png", tmp_path)
    # A row opens its definition in the editor.
    rows.nth(8).click()
    page.wait_for_selector("#view-editor:not([hidden])")
    assert page.text_content("#editing") == "vip in segments.seg"
    assert "segment vip" in str(page.text_content(".cm-content"))


def test_save_a_definition(page: Any, served: Served) -> None:
    page.click("button.definition:text-is('vip')")
    page.wait_for_function("document.querySelector('.cm-content').textContent.includes('vip')")
    before = served.segments.read_text()
    type_in_editor(page, 'segment vip "Top 5%" =   top 5% by spend_365d')
    page.click("#format")
    page.wait_for_function(
        "document.querySelector('.cm-content').textContent === "
        "'segment vip \"Top 5%\" = top 5% by spend_365d'",
        timeout=WAIT,
    )
    page.click("#save")
    page.wait_for_selector("#saved:text('saved vip to segments.seg')", timeout=WAIT)
    written = served.segments.read_text()
    assert 'segment vip "Top 5%" = top 5% by spend_365d\n' in written
    start = before.index("# The top 10%")
    end = before.index("\n", before.index("segment vip"))
    assert written == before[:start] + 'segment vip "Top 5%" = top 5% by spend_365d' + before[end:]
    # The file changed on disk meanwhile: refused, with the change shown.
    served.segments.write_text(written.replace("purchases = 1", "purchases = 2"))
    type_in_editor(page, 'segment vip "Top 6%" = top 6% by spend_365d')
    page.click("#save")
    message = page.wait_for_selector("#message:not([hidden])", timeout=WAIT)
    assert "segments.seg changed on disk since 'vip' was opened" in message.text_content()
    assert "+segment one_time_buyers" in str(page.text_content("#message pre"))


def test_the_members_view(page: Any, served: Served, schema: Schema, tmp_path: Path) -> None:
    page.click("#tab-members")
    page.fill("#member-key", "17")
    page.click("#member-form button")
    page.wait_for_selector('#member-result[data-state="done"]', timeout=WAIT)
    assert "in " in str(page.text_content("#member-result h4"))
    # A row tells why, as `segdsl why` does.
    page.click("#member-result tbody tr:has-text('lifecycle')")
    page.wait_for_selector('#why[data-state="done"]', timeout=WAIT)
    assert str(page.text_content("#why pre")).startswith("customer 17 is in lifecycle ")
    screenshot(page, "studio-members.png", tmp_path)
    page.click("#why button")
    page.wait_for_selector("#view-editor:not([hidden])")
    assert page.text_content("#editing") == "lifecycle in segments.seg"


def test_a_newer_query_cancels_the_running_one(
    browser: Any, project: Path, schema: Schema, shop_db: Path
) -> None:
    opened: list[GatedDatabase] = []
    lock = threading.Lock()

    def open_database() -> GatedDatabase:
        with lock:
            opened.append(GatedDatabase(str(shop_db)))
            return opened[-1]

    studio = make_studio(project, schema, open_database)
    with serving(studio) as url, open_page(browser, f"{url}/?token={studio.token}") as page:
        answers: list[dict[str, Any]] = []
        dropped: list[str] = []

        def answered(response: Any) -> None:
            if response.url.endswith("/api/answer"):
                answers.append(json.loads(response.body()))

        def failed(request: Any) -> None:
            if request.url.endswith("/api/answer"):
                dropped.append(str(request.failure))

        page.on("response", answered)
        page.on("requestfailed", failed)
        type_in_editor(page, "purchases = 4242")
        page.wait_for_selector('#answer[data-state="running"]', timeout=WAIT)
        assert _wait(page, lambda: any(d.waiting.is_set() for d in opened)), "never ran"
        type_in_editor(page, "purchases = 1")
        module = segdsl.parse_file(project / "segments.seg")
        expected = segdsl.sizes({"c": "purchases = 1"}, schema, str(shop_db), module=module)
        assert shown_count(page) == f"{expected.counts['c']:,}"
        # The page dropped its first question; the server stopped its query on the engine.
        assert _wait(page, lambda: len(dropped) == 1 and len(answers) == 1)
        assert answers[0]["counts"][0]["count"] == expected.counts["c"]
        assert [d.interrupted.is_set() for d in opened].count(True) == 1


def test_stop_the_history(browser: Any, project: Path, schema: Schema, shop_db: Path) -> None:
    opened: list[GatedDatabase] = []
    lock = threading.Lock()

    def open_database() -> GatedDatabase:
        with lock:
            opened.append(GatedDatabase(str(shop_db), gate="AS instant_0"))  # history's queries
            return opened[-1]

    studio = make_studio(project, schema, open_database)
    with serving(studio) as url, open_page(browser, f"{url}/?token={studio.token}") as page:
        page.click("#tab-file")
        page.wait_for_selector("#file-history .progress button", timeout=WAIT)
        assert _wait(page, lambda: any(d.waiting.is_set() for d in opened)), "never ran"
        page.click("#file-history .progress button")
        page.wait_for_selector('#file-history[data-state="stopped"]', timeout=WAIT)
        instants = len(history_instants(dt.datetime.now(dt.UTC).replace(tzinfo=None)))
        assert page.text_content("#file-history .progress span") == (
            f"Stopped: 0 of {instants} monthly instants shown."
        )
        assert [d.interrupted.is_set() for d in opened].count(True) == 1
        # The other parts of the file view are there all the same.
        page.wait_for_selector('#file-sizes[data-state="done"]', timeout=WAIT)


def _wait(page: Any, condition: Any, seconds: float = 60) -> bool:
    """Whether `condition` comes true within `seconds`, the page's events handled meanwhile."""
    for _ in range(int(seconds * 20)):
        if condition():
            return True
        page.wait_for_timeout(50)
    return bool(condition())


def test_no_page_without_the_token(browser: Any, served: Served) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        response = page.goto(served.url + "/")
        assert response.status == 403
        assert "needs its access token" in page.text_content("body")
        status = page.evaluate(
            "fetch('/api/state', {method: 'POST', body: '{}'}).then(r => r.status)"
        )
        assert status == 403
        assert page.goto(served.url + "/?token=a-guess").status == 403
    finally:
        context.close()


def test_add_a_new_segment(page: Any, served: Served, schema: Schema, tmp_path: Path) -> None:
    before = served.segments.read_text()
    # The condition being written becomes the new segment's.
    type_in_editor(page, "purchases >= 3 and country in EU")
    shown_count(page)
    page.click("#new-segment")
    assert page.input_value("#add-body") == "purchases >= 3 and country in EU"
    page.fill("#add-name", "eu_regulars")
    page.fill("#add-description", "Three orders or more, in the EU")
    page.fill("#add-body", "purchases>=3   and country in EU")
    screenshot(page, "studio-new-segment.png", tmp_path)
    page.click("#add-save")
    page.wait_for_selector("#saved:text('added eu_regulars to segments.seg')", timeout=WAIT)
    written = (
        'segment eu_regulars "Three orders or more, in the EU" = purchases >= 3 and country in EU'
    )
    assert served.segments.read_text() == before.rstrip("\n") + "\n\n" + written + "\n"
    assert page.text_content(".cm-content") == written
    assert page.text_content("#editing") == "eu_regulars in segments.seg"
    assert page.locator("button.definition:text-is('eu_regulars')").count() == 1
    # A typo, then a name the file has already: refused in the dialog, the file left alone.
    page.click("#new-segment")
    page.fill("#add-name", "regulars")
    page.fill("#add-body", "purchses > 1")
    page.click("#add-save")
    error = page.wait_for_selector("#add-error:not([hidden])", timeout=WAIT)
    assert "E210: unknown name 'purchses'" in error.text_content()
    assert "did you mean 'purchases'?" in error.text_content()
    page.fill("#add-name", "vip")
    page.fill("#add-body", "purchases > 1")
    page.click("#add-save")
    page.wait_for_function(
        "document.querySelector('#add-error').textContent.includes('E401')", timeout=WAIT
    )
    assert page.is_visible("#add-dialog")
    assert served.segments.read_text() == before.rstrip("\n") + "\n\n" + written + "\n"
