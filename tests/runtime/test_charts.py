"""Charts: the scales, label placement and sparklines on their own, the HTML pages laid out by a
real browser (headless Chromium through Playwright) and the PNG figures laid out by matplotlib.

A layout is legible when no text is cut off by its picture or the window, no two texts of a
picture overlap, the value axes start at 0 with round ticks (1, 2 or 5 × 10^k apart) and dates do
not wrap; each is checked with 1, 10 and 50 series and for overlaps of 2 and 47 segments."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
import string
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from segdsl.runtime.analytics import Overlap, instants
from segdsl.runtime.charts import (
    MAX_LINES,
    Series,
    compact_number,
    fit_text,
    history_figure,
    history_page,
    labelled_instants,
    nice_ticks,
    overlap_figure,
    overlap_page,
    sparkline,
    spread,
    text_width,
    write_chart,
    write_overlap_chart,
)
from tests.support.browser import chromium

LONG_NAME = "customers_who_bought_twice_in_the_spring_sale_and_never_again_since_then"


def is_round_step(step: float) -> bool:
    """1, 2 or 5 × 10^k."""
    exponent = math.floor(math.log10(step))
    return any(math.isclose(step, m * 10.0**exponent) for m in (1, 2, 5))


# --- Scales, labels and sparklines -----------------------------------------------------------


def test_sparklines_start_at_zero() -> None:
    assert sparkline([2000, 1999, 2000]) == "███"
    assert sparkline([0, 7, 14]) == " ▄█"
    assert sparkline([4717, 4962, 5249, 5563, 5977, 6617]) == "▆▆▆▇▇█"
    assert sparkline([1, 1000]) == "▁█"  # above 0 is never blank
    assert sparkline([0, 0]) == "  "
    assert sparkline([]) == ""


@given(st.floats(min_value=0, max_value=1e12), st.integers(min_value=1, max_value=10))
def test_nice_ticks_are_round_from_zero(high: float, intervals: int) -> None:
    ticks = nice_ticks(high, intervals)
    assert ticks[0] == 0 and ticks[-1] >= high
    assert 1 <= len(ticks) - 1 <= intervals
    step = ticks[1]
    assert is_round_step(step) and step >= 1
    assert all(math.isclose(b - a, step) for a, b in itertools.pairwise(ticks))
    # the smallest such step: the next smaller round step would need more intervals
    assert ticks[-2] < high or len(ticks) == 2


def test_nice_ticks_examples() -> None:
    assert nice_ticks(15_286) == [0, 5_000, 10_000, 15_000, 20_000]
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(0.37, 4, whole=False) == [0, 0.1, 0.2, 0.3, 0.4]
    assert [compact_number(v) for v in (0, 500, 1500, 20_000, 2_000_000)] == [
        "0",
        "500",
        "1.5k",
        "20k",
        "2M",
    ]


@given(
    st.lists(st.floats(min_value=0, max_value=300), min_size=1, max_size=8),
    st.floats(min_value=10, max_value=20),
)
def test_spread_labels_never_overlap_and_stay_in_range(wanted: list[float], gap: float) -> None:
    low, high = 0.0, 300.0
    places = spread(wanted, gap, low, high)
    assert all(low - 1e-6 <= p <= high + 1e-6 for p in places)
    ordered = sorted(places)
    assert all(b - a >= gap - 1e-6 for a, b in itertools.pairwise(ordered))
    # labels keep the order of their lines
    by_wish = sorted(range(len(wanted)), key=lambda i: (wanted[i], i))
    assert [places[i] for i in by_wish] == sorted(places)


def test_spread_leaves_labels_that_fit_where_they_are() -> None:
    assert spread([10.0, 50.0, 90.0], 16, 0, 100) == [10.0, 50.0, 90.0]
    assert spread([50.0, 50.0], 16, 0, 100) == [42.0, 58.0]  # centred on their wish
    assert spread([0.0, 0.0, 0.0], 16, 0, 100) == [0.0, 16.0, 32.0]  # pushed inside


@given(st.integers(min_value=1, max_value=400), st.floats(min_value=20, max_value=200))
def test_labelled_instants_are_apart_and_include_both_ends(count: int, width: float) -> None:
    xs = [600 * i / max(count - 1, 1) for i in range(count)]
    chosen = labelled_instants(xs, width)
    assert chosen[0] == 0 or count == 1
    assert chosen[-1] == count - 1
    assert all(xs[b] - xs[a] >= width for a, b in itertools.pairwise(chosen))


def test_fit_text_cuts_long_names() -> None:
    assert fit_text("vip", 12, 100) == "vip"
    cut = fit_text(LONG_NAME, 12, 100)
    assert cut.endswith("…") and LONG_NAME.startswith(cut[:-1])
    assert text_width(cut, 12) <= 100


# --- Synthetic results ------------------------------------------------------------------------

AT_MONTHLY = instants(dt.datetime(2026, 5, 1), dt.datetime(2026, 11, 1), "1mo")
AT_DAILY = instants(dt.datetime(2026, 1, 1), dt.datetime(2026, 12, 31), "1d")


def synthetic_series(count: int, at: Sequence[dt.datetime], changes: bool) -> list[Series]:
    """`count` series that stress a layout: equal sizes (their labels want one place), a long
    name, quoted partition labels, an empty series, one much larger than the others."""
    rng = random.Random(count * 1000 + len(at))
    out = []
    for index in range(count):
        name = [f"segment_{index}", f'lifecycle = "label {index}"', LONG_NAME + str(index)][
            index % 3
        ]
        if index == 1:
            members = [0] * len(at)
        elif index == 2:
            members = [15_286 + 50 * step for step in range(len(at))]
        elif index % 4 == 3:
            members = [2000 - step % 2 for step in range(len(at))]  # 2000, 1999, 2000 …
        else:
            members = [rng.randrange(100, 9000) for _ in at]
        entered = [None, *(rng.randrange(0, 400) for _ in at[1:])] if changes else None
        left = [None, *(rng.randrange(0, 400) for _ in at[1:])] if changes else None
        out.append(Series(name, members, entered, left))
    return out


def synthetic_overlap(count: int) -> tuple[Overlap, list[str]]:
    rng = random.Random(count)
    names = [
        [f"segment_{i}", f'rfm_recency = "{i}"', LONG_NAME + str(i)][i % 3] for i in range(count)
    ]
    sizes = {name: rng.randrange(0, 20_000) for name in names}
    sizes[names[-1]] = 0  # an empty segment: similarities with it may be undefined
    both = {
        (a, b): rng.randrange(0, min(sizes[a], sizes[b]) + 1)
        for i, a in enumerate(names)
        for b in names[i + 1 :]
    }
    return Overlap(20_000, sizes, both), names


# --- PNG (matplotlib) ----------------------------------------------------------------------


def _overlapping(boxes: Sequence[Any]) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if boxes[i].overlaps(boxes[j])
    ]


@pytest.mark.parametrize("count", [1, 10, 50])
def test_png_history_figure_follows_the_rules(count: int) -> None:
    series = synthetic_series(count, AT_MONTHLY, changes=True)
    figure = history_figure("sizes", AT_MONTHLY, series)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    main = figure.axes[0]
    assert main.get_ylim()[0] == 0
    ticks = list(main.get_yticks())
    assert ticks[0] == 0 and is_round_step(ticks[1] - ticks[0])
    labels = [text.get_window_extent(renderer) for text in main.texts]
    assert len(labels) == min(count, MAX_LINES)
    assert not _overlapping(labels)
    for axes in figure.axes[1:]:
        assert axes.get_ylim()[0] in (0, -axes.get_ylim()[1])  # sizes from 0; flows around 0
        ticks = [t for t in axes.get_yticks() if t >= 0]
        assert ticks[0] == 0 and is_round_step(ticks[1])
    import matplotlib.pyplot as plt

    plt.close(figure)


def test_png_files_are_written(tmp_path: Path) -> None:
    write_chart(tmp_path / "sizes.png", "sizes", AT_MONTHLY, synthetic_series(3, AT_MONTHLY, True))
    result, names = synthetic_overlap(5)
    write_overlap_chart(tmp_path / "overlap.png", "overlap", result, names, names)
    for name in ("sizes.png", "overlap.png"):
        assert (tmp_path / name).read_bytes().startswith(b"\x89PNG")


def test_png_overlap_figure_labels_do_not_overlap() -> None:
    result, names = synthetic_overlap(47)
    figure = overlap_figure("overlap", result, names, names)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    axes = figure.axes[0]
    for labels in (axes.get_xticklabels(), axes.get_yticklabels()):
        assert not _overlapping([label.get_window_extent(renderer) for label in labels])
    import matplotlib.pyplot as plt

    plt.close(figure)


# --- HTML in a real browser -------------------------------------------------------------------

LAYOUT = """() => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const own = (e) => [...e.childNodes].filter((n) => n.nodeType === 3)
    .map((n) => n.textContent).join('');
  const lines = (cell) => { const range = document.createRange(); range.selectNodeContents(cell);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size; };
  return {
    width: document.documentElement.clientWidth,
    scrollWidth: document.documentElement.scrollWidth,
    svgs: [...document.querySelectorAll('svg')].map((svg) => ({
      kind: svg.getAttribute('class'),
      box: box(svg),
      lines: svg.querySelectorAll('polyline').length,
      axis: [...svg.querySelectorAll('line.axis')].map((l) => box(l).top),
      texts: [...svg.querySelectorAll('text')].map((t) =>
        ({kind: t.getAttribute('class'), text: own(t), box: box(t)})),
    })),
    instantLines: [...document.querySelectorAll('td.instant')].map(lines),
  };
}"""

MEASURE = """(texts) => {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('font-family', 'sans-serif');
  document.body.appendChild(svg);
  return texts.map(([text, size, bold]) => {
    const t = document.createElementNS('http://www.w3.org/2000/svg', 'text');
    t.setAttribute('font-size', size);
    if (bold) t.setAttribute('font-weight', 'bold');
    t.textContent = text; svg.appendChild(t);
    return t.getComputedTextLength();
  });
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def layout_of(browser: Any, page_html: str, tmp_path: Path, width: int = 1280) -> dict[str, Any]:
    path = tmp_path / "page.html"
    path.write_text(page_html, encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(path.as_uri())
        return dict(page.evaluate(LAYOUT))
    finally:
        page.close()


def inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    slack = 0.5
    return (
        inner["left"] >= outer["left"] - slack
        and inner["right"] <= outer["right"] + slack
        and inner["top"] >= outer["top"] - slack
        and inner["bottom"] <= outer["bottom"] + slack
    )


def overlap_area(a: dict[str, float], b: dict[str, float]) -> float:
    width = min(a["right"], b["right"]) - max(a["left"], b["left"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return max(width, 0) * max(height, 0)


def check_legible(layout: dict[str, Any]) -> None:
    """No text cut off by its picture or the window, no two texts of a picture overlapping,
    no page wider than the window."""
    assert layout["scrollWidth"] <= layout["width"], "the page scrolls sideways"
    window = {"left": 0, "right": layout["width"], "top": -1e9, "bottom": 1e9}
    for svg in layout["svgs"]:
        texts = [t for t in svg["texts"] if t["text"]]
        for text in texts:
            assert inside(text["box"], svg["box"]), f"cut off by its {svg['kind']}: {text}"
            assert inside(text["box"], window), f"cut off by the window: {text}"
        for i, a in enumerate(texts):
            for b in texts[i + 1 :]:
                assert overlap_area(a["box"], b["box"]) < 1, f"overlap: {a} and {b}"


def tick_value(text: str) -> float:
    for suffix, factor in (("k", 1e3), ("M", 1e6), ("G", 1e9)):
        if text.endswith(suffix):
            return float(text[:-1]) * factor
    return float(text.replace(",", "").replace("+", "").replace("−", "-"))


def check_scale(svg: dict[str, Any]) -> None:
    """The value ticks: from 0 at the value axis, equal round steps."""
    ticks = [t for t in svg["texts"] if t["kind"] == "tick" and t["text"][0] not in "+−"]
    values = [tick_value(t["text"]) for t in ticks]
    assert values[0] == 0, values
    steps = {b - a for a, b in itertools.pairwise(values)}
    assert len(steps) == 1 and is_round_step(steps.pop()), values
    zero = ticks[0]["box"]
    assert abs((zero["top"] + zero["bottom"]) / 2 - svg["axis"][0]) < 2, "0 is not at the axis"


@pytest.mark.parametrize(
    ("count", "at", "changes"),
    [
        (1, AT_MONTHLY, True),
        (1, AT_MONTHLY[:1], False),  # a single instant
        (10, AT_MONTHLY, False),
        (10, AT_DAILY, True),
        (50, AT_MONTHLY, True),
        (50, AT_DAILY, False),
    ],
    ids=["1-changes", "1-instant", "10", "10-daily-changes", "50-changes", "50-daily"],
)
def test_history_page_is_legible(
    browser: Any, tmp_path: Path, count: int, at: list[dt.datetime], changes: bool
) -> None:
    series = synthetic_series(count, at, changes)
    layout = layout_of(browser, history_page("Segment sizes", at, series), tmp_path)
    check_legible(layout)
    lines, *panels = layout["svgs"]
    assert lines["kind"] == "lines" and lines["lines"] == min(count, MAX_LINES)
    check_scale(lines)
    labels = [t for t in lines["texts"] if t["kind"] == "label"]
    assert len(labels) == min(count, MAX_LINES)  # each drawn line named at its end
    assert len({t["text"] for t in lines["texts"] if t["kind"] == "date"}) >= min(len(at), 2)
    # every series on its own when not all are drawn together, or when entered/left are counted
    expected = count if count > MAX_LINES or changes else 0
    assert len(panels) == expected and all(p["kind"] == "panel" for p in panels)
    for panel in panels:
        check_scale(panel)
    assert layout["instantLines"] == [1] * len(at), "a date in the table wraps"


def test_history_page_is_legible_in_a_narrow_window(browser: Any, tmp_path: Path) -> None:
    """The pictures shrink to the window, and with them their texts, which keep apart."""
    page = history_page("Segment sizes", AT_MONTHLY, synthetic_series(10, AT_MONTHLY, True))
    check_legible(layout_of(browser, page, tmp_path, width=480))


@pytest.mark.parametrize("count", [2, 47])
def test_overlap_page_is_legible(browser: Any, tmp_path: Path, count: int) -> None:
    result, names = synthetic_overlap(count)
    layout = layout_of(browser, overlap_page("Overlap", result, names, names), tmp_path)
    check_legible(layout)
    (heatmap,) = layout["svgs"]
    texts = heatmap["texts"]
    assert len([t for t in texts if t["kind"] == "row"]) == count
    assert len([t for t in texts if t["kind"] == "column"]) == count
    legend = [float(t["text"]) for t in texts if t["kind"] == "tick"]
    assert legend[0] == 0 and is_round_step(legend[1] - legend[0])


def test_overlap_page_of_one_against_the_others_is_legible(browser: Any, tmp_path: Path) -> None:
    full, names = synthetic_overlap(47)
    against = Overlap(
        full.total, full.sizes, {(names[0], b): full.count(names[0], b) for b in names[1:]}
    )
    layout = layout_of(browser, overlap_page("Overlap", against, names[:1], names[1:]), tmp_path)
    check_legible(layout)


def test_text_width_estimates_are_upper_bounds(browser: Any) -> None:
    """Layouts rely on text_width never underestimating the browser's font."""
    samples = [
        *("vip", 'lifecycle = "active"', LONG_NAME, "WWWMMM", "2026-11-01 00:00", "15,000"),
        *("mobile_users  11,096", "+1.5k", "−200", "Jaccard", "0.25", 'rfm_monetary = "5"'),
        # Each character alone, so that one estimated too narrow shows whatever text holds it:
        # the printable ASCII of names and values, and the other characters charts print.
        *string.printable.strip(),
        *"−…→×·–—",
    ]
    cases = [(text, size, bold) for text in samples for size in (11, 12) for bold in (False, True)]
    page = browser.new_page()
    try:
        measured = page.evaluate(MEASURE, [[text, size, bold] for text, size, bold in cases])
    finally:
        page.close()
    for (text, size, bold), real in zip(cases, measured, strict=True):
        assert text_width(text, size, bold=bold) >= real, (text, size, bold, real)
