"""Charts of segment sizes over time (`segdsl history --chart`): an HTML page (a line chart of
the largest series named at their ends, small charts of every series with entered/left bars, and
the numbers) or the same as a PNG."""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from segdsl.files import atomic_write_text
from segdsl.runtime.charts.drawing import (
    ENTERED_COLOR,
    FONT,
    LABEL_WIDTH,
    LEFT_COLOR,
    MAX_LINES,
    MAX_POINTS,
    OTHER_COLOR,
    PALETTE,
    SMALL_FONT,
    ChartError,
    Series,
    Svg,
    compact_number,
    fit_text,
    html_page,
    instant_labels,
    labelled_instants,
    largest,
    nice_ticks,
    number_text,
    pyplot,
    save_png,
    spread,
    text_width,
)

if TYPE_CHECKING:
    from segdsl.runtime.analytics import Changes, Sizes


def series_of(
    names: Sequence[str], sizes: Sequence[Sizes], changes: Sequence[Changes] | None = None
) -> list[Series]:
    """The series of `history` (and `changes`) results, one per name."""
    out: list[Series] = []
    for name in names:
        members = [point.counts[name] for point in sizes]
        if changes is None:
            out.append(Series(name, members))
            continue
        entered = [None if step.entered is None else step.entered[name] for step in changes]
        left = [None if step.left is None else step.left[name] for step in changes]
        out.append(Series(name, members, entered, left))
    return out


WIDTH = 900  # px, the main chart
PLOT_HEIGHT = 300

LABEL_GAP = 16  # px between the middles of two end labels
PANEL_WIDTH = 290


def write_chart(
    path: Path, title: str, at: Sequence[dt.datetime], series: Sequence[Series]
) -> None:
    """A chart of `series` (members at each instant of `at`) as .html or .png."""
    suffix = path.suffix.lower()
    if suffix == ".html":
        atomic_write_text(path, history_page(title, at, series))
    elif suffix == ".png":
        figure = history_figure(title, at, series)
        save_png(figure, path)
    else:
        raise ChartError(f"cannot write {path}: a chart is a .html or .png file")


def _time_scale(at: Sequence[dt.datetime], left: float, width: float) -> list[float]:
    """x of each instant, in proportion to time (calendar months differ in length)."""
    if len(at) == 1:
        return [left + width / 2]
    span = (at[-1] - at[0]).total_seconds()
    return [left + width * (instant - at[0]).total_seconds() / span for instant in at]


def _end_label(series: Series) -> str:
    name = fit_text(series.name, FONT, LABEL_WIDTH - text_width("  00,000,000", FONT))
    return f"{name}  {series.members[-1]:,}" if series.members else name


def history_page(title: str, at: Sequence[dt.datetime], series: Sequence[Series]) -> str:
    """The HTML page: a line chart of the largest series, small charts of every series when
    there are more or when entered/left are counted, and the numbers in a table."""
    shown = largest(series, MAX_LINES)
    colors = {s.name: PALETTE[index] for index, s in enumerate(shown)}
    counted = any(s.entered is not None for s in series)
    body: list[str] = []
    if len(shown) < len(series):
        last = instant_labels(at)[-1]
        body.append(
            f"<p>The {len(shown)} largest of {len(series)} series on {last}; every series has "
            "its own chart below.</p>"
        )
    body.append(str(_lines_svg(at, shown, colors)))
    if len(shown) < len(series) or counted:
        legend = ""
        if counted:
            legend = (
                f' Bars: <span class="swatch" style="background:{ENTERED_COLOR}"></span>entered'
                f' <span class="swatch" style="background:{LEFT_COLOR}"></span>left since the '
                "previous instant."
            )
        body.append(
            f"<h2>Each series</h2>\n<p>Each on its own scale from 0, in file order.{legend}</p>"
        )
        panels = [str(_panel_svg(at, s, colors.get(s.name, OTHER_COLOR))) for s in series]
        body.append('<div class="grid">\n' + "\n".join(panels) + "\n</div>")
    body.append(_history_table(at, series))
    return html_page(title, body)


def _lines_svg(at: Sequence[dt.datetime], shown: Sequence[Series], colors: dict[str, str]) -> Svg:
    ticks = nice_ticks(max((v for s in shown for v in s.members), default=0))
    tick_texts = [number_text(t) for t in ticks]
    dates = instant_labels(at)
    date_width = max(text_width(d, FONT) for d in dates)
    labels = [_end_label(s) for s in shown]
    label_width = max((text_width(label, FONT) for label in labels), default=0.0)
    left = max(max(text_width(t, FONT) for t in tick_texts) + 12, date_width / 2 + 6)
    right = max(label_width + 18, date_width / 2 + 6)
    top, plot_width = 36.0, WIDTH - left - right
    bottom = top + PLOT_HEIGHT
    svg = Svg(WIDTH, bottom + 36, "members at each instant", "lines")
    xs = _time_scale(at, left, plot_width)

    def y(value: float) -> float:
        return bottom - PLOT_HEIGHT * value / ticks[-1]

    svg.text(4, top - 22, "members", css_class="caption")
    for tick, text in zip(ticks, tick_texts, strict=True):
        svg.line(left, y(tick), left + plot_width, y(tick), "#e3e3e3", "grid")
        svg.text(left - 8, y(tick), text, css_class="tick", anchor="end")
    svg.line(left, bottom, left + plot_width, bottom, "#777777", "axis")
    for index in labelled_instants(xs, date_width + 16):
        svg.line(xs[index], bottom, xs[index], bottom + 5, "#777777")
        svg.text(xs[index], bottom + 18, dates[index], css_class="date", anchor="middle")
    for s in shown:
        points = [(x, y(v)) for x, v in zip(xs, s.members, strict=True)]
        svg.polyline(points, colors[s.name], 2)
        if len(at) <= MAX_POINTS:
            for (x, y_value), value, date in zip(points, s.members, dates, strict=True):
                svg.circle(x, y_value, 2.5, colors[s.name], f"{s.name}: {value:,} on {date}")
    ends = [y(s.members[-1]) for s in shown]
    places = spread(ends, LABEL_GAP, top, bottom)
    label_x = left + plot_width + 12
    for s, label, end, place in zip(shown, labels, ends, places, strict=True):
        svg.line(xs[-1] + 3, end, label_x - 3, place, colors[s.name], "leader")
        svg.text(
            label_x,
            place,
            label,
            css_class="label",
            color=colors[s.name],
            tooltip=f"{s.name}: {s.members[-1]:,} on {dates[-1]}",
        )
    return svg


def _panel_svg(at: Sequence[dt.datetime], series: Series, color: str) -> Svg:
    """One series on its own: members as a line, entered/left as bars above and below a zero
    line, both scales from 0."""
    counted = series.entered is not None and series.left is not None
    ticks = nice_ticks(max(series.members, default=0), 3)
    tick_texts = [compact_number(t) for t in ticks]
    moved = [v or 0 for v in [*(series.entered or []), *(series.left or [])]]
    flow_top = nice_ticks(max(moved, default=0), 1)[-1]
    flow_texts = [f"+{compact_number(flow_top)}", f"−{compact_number(flow_top)}"]
    left = 8 + max(text_width(t, SMALL_FONT) for t in [*tick_texts, *flow_texts]) + 6
    right = PANEL_WIDTH - 10
    top, bottom = 32.0, 102.0
    flow_middle = bottom + 46
    dates_y = (flow_middle + 28 if counted else bottom) + 20
    svg = Svg(PANEL_WIDTH, dates_y + 10, series.name, "panel")
    value = f"{series.members[-1]:,}" if series.members else ""
    value_width = text_width(value, FONT, bold=True)
    name = fit_text(series.name, FONT, PANEL_WIDTH - 16 - value_width - 12, bold=True)
    svg.text(8, 14, name, css_class="name", bold=True, color=color, tooltip=series.name)
    svg.text(PANEL_WIDTH - 8, 14, value, css_class="value", anchor="end", bold=True)
    xs = _time_scale(at, left, right - left)
    dates = instant_labels(at)

    def y(v: float) -> float:
        return bottom - (bottom - top) * v / ticks[-1]

    for tick, text in zip(ticks, tick_texts, strict=True):
        svg.line(left, y(tick), right, y(tick), "#e3e3e3", "grid")
        svg.text(left - 6, y(tick), text, css_class="tick", anchor="end", size=SMALL_FONT)
    svg.line(left, bottom, right, bottom, "#777777", "axis")
    svg.polyline([(x, y(v)) for x, v in zip(xs, series.members, strict=True)], color, 1.5)
    if len(at) == 1:
        svg.circle(xs[0], y(series.members[0]), 2.5, color, f"{series.members[0]:,}")
    if counted:
        assert series.entered is not None and series.left is not None
        half = 26.0
        svg.line(left, flow_middle, right, flow_middle, "#777777", "zero")
        svg.text(
            left - 6,
            flow_middle - half,
            flow_texts[0],
            css_class="tick",
            anchor="end",
            size=SMALL_FONT,
            color=ENTERED_COLOR,
        )
        svg.text(
            left - 6,
            flow_middle + half,
            flow_texts[1],
            css_class="tick",
            anchor="end",
            size=SMALL_FONT,
            color=LEFT_COLOR,
        )
        bar = max(1.0, min(10.0, 0.6 * (right - left) / max(len(at) - 1, 1)))
        for x, entered, left_count, date in zip(
            xs, series.entered, series.left, dates, strict=True
        ):
            if entered is None or left_count is None:
                continue
            tooltip = f"{date}: {entered:,} entered, {left_count:,} left"
            up, down = half * entered / flow_top, half * left_count / flow_top
            svg.rect(x - bar / 2, flow_middle - up, bar, up, ENTERED_COLOR, tooltip)
            svg.rect(x - bar / 2, flow_middle, bar, down, LEFT_COLOR, tooltip)
    if len(at) == 1:
        svg.text(xs[0], dates_y, dates[0], css_class="date", anchor="middle", size=SMALL_FONT)
    else:
        both = text_width(dates[0], SMALL_FONT) + text_width(dates[-1], SMALL_FONT) + 12
        if both <= right - left:
            svg.text(left, dates_y, dates[0], css_class="date", size=SMALL_FONT)
        svg.text(right, dates_y, dates[-1], css_class="date", anchor="end", size=SMALL_FONT)
    return svg


def _history_table(at: Sequence[dt.datetime], series: Sequence[Series]) -> str:
    header = "".join(f"<th>{html.escape(s.name)}</th>" for s in series)
    rows = []
    for index, instant in enumerate(at):
        cells = []
        for s in series:
            cell = f"{s.members[index]:,}"
            entered = s.entered[index] if s.entered is not None else None
            left = s.left[index] if s.left is not None else None
            if entered is not None and left is not None:
                cell += f"<br><small>+{entered:,} −{left:,}</small>"
            cells.append(f"<td>{cell}</td>")
        date = html.escape(instant.isoformat(sep=" ", timespec="minutes"))
        rows.append(f'<tr><td class="instant">{date}</td>{"".join(cells)}</tr>')
    note = "<p>Under each count: members who entered and left since the previous instant.</p>"
    counted = any(s.entered is not None for s in series)
    return (
        (note if counted else "")
        + f'<div class="scroll"><table><tr><th>as of (UTC)</th>{header}</tr>\n'
        + "\n".join(rows)
        + "</table></div>"
    )


def history_figure(title: str, at: Sequence[dt.datetime], series: Sequence[Series]) -> Any:
    """The PNG's matplotlib figure, by the HTML page's rules: the largest series as lines named
    at their ends, then every series on its own when there are more or when entered/left are
    counted."""
    plt = pyplot()
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
    from matplotlib.transforms import blended_transform_factory

    shown = largest(series, MAX_LINES)
    counted = any(s.entered is not None for s in series)
    panels = list(series) if len(shown) < len(series) or counted else []
    columns = 3
    panel_rows = math.ceil(len(panels) / columns)
    panel_height = 2.6 if counted else 1.7
    heights = [4.5] + [panel_height] * panel_rows
    figure = plt.figure(figsize=(11, sum(heights)), dpi=100, layout="constrained")
    grid = figure.add_gridspec(1 + panel_rows, columns, height_ratios=heights)
    figure.suptitle(title)
    days = list(date2num(list(at)))  # type: ignore[no-untyped-call]
    span = (days[0] - 0.5, days[-1] + 0.5) if len(days) == 1 else (days[0], days[-1])

    # Bars are this wide (in days), and the small charts' time axes this much wider on each
    # side, so that the first and last bars are whole.
    bar = 0.6 * (span[1] - span[0]) / max(len(days) - 1, 1)

    def date_axis(axes: Any, ticks: int, pad: float = 0.0) -> None:
        locator = AutoDateLocator(minticks=2, maxticks=ticks)  # type: ignore[no-untyped-call]
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
        axes.set_xlim(span[0] - pad, span[1] + pad)

    main = figure.add_subplot(grid[0, :])
    ticks = nice_ticks(max((v for s in shown for v in s.members), default=0))
    for index, s in enumerate(shown):
        main.plot(
            days, list(s.members), color=PALETTE[index], marker="o", markersize=3, clip_on=False
        )
    main.set_ylim(0, ticks[-1])
    main.set_yticks(ticks, [number_text(t) for t in ticks])
    main.set_ylabel("members")
    main.grid(axis="y", color="#e3e3e3")
    date_axis(main, 8)
    figure.canvas.draw()  # lays out the axes: their height in px places the end labels
    font = 9.0
    gap = LABEL_GAP / FONT * font * figure.dpi / 72 / main.bbox.height * ticks[-1]
    ends = [float(s.members[-1]) for s in shown]
    places = spread(ends, gap, 0, ticks[-1])
    at_end = blended_transform_factory(main.transAxes, main.transData)
    for index, (s, end, place) in enumerate(zip(shown, ends, places, strict=True)):
        main.plot(
            [1.0, 1.02],
            [end, place],
            color=PALETTE[index],
            transform=at_end,
            clip_on=False,
            linewidth=0.8,
        )
        main.text(
            1.025,
            place,
            _end_label(s),
            transform=at_end,
            color=PALETTE[index],
            va="center",
            fontsize=font,
            clip_on=False,
        )
    names = {s.name: PALETTE[index] for index, s in enumerate(shown)}
    for number, s in enumerate(panels):
        row, column = 1 + number // columns, number % columns
        cell = grid[row, column]
        parts = cell.subgridspec(2, 1, height_ratios=[3, 2], hspace=0) if counted else None
        axes = figure.add_subplot(parts[0] if parts is not None else cell)
        color = names.get(s.name, OTHER_COLOR)
        panel_ticks = nice_ticks(max(s.members, default=0), 3)
        axes.plot(days, list(s.members), color=color, linewidth=1.2, clip_on=False)
        axes.set_ylim(0, panel_ticks[-1])
        axes.set_yticks(panel_ticks, [compact_number(t) for t in panel_ticks], fontsize=8)
        name = fit_text(s.name, FONT, 230, bold=True)
        axes.set_title(f"{name}  {s.members[-1]:,}", fontsize=9, loc="left", color=color)
        axes.grid(axis="y", color="#e3e3e3")
        date_axis(axes, 3, bar / 2 if counted else 0.0)
        axes.tick_params(axis="x", labelsize=8)
        if parts is not None and s.entered is not None and s.left is not None:
            axes.tick_params(axis="x", labelbottom=False)
            flows = figure.add_subplot(parts[1], sharex=axes)
            entered = [v or 0 for v in s.entered]
            left = [-(v or 0) for v in s.left]
            flow_top = nice_ticks(max([*entered, *(-v for v in left)], default=0), 1)[-1]
            flows.bar(days, entered, width=bar, color=ENTERED_COLOR)
            flows.bar(days, left, width=bar, color=LEFT_COLOR)
            flows.axhline(0, color="#777777", linewidth=0.8)
            flows.set_ylim(-flow_top, flow_top)
            labels = [f"−{compact_number(flow_top)}", "0", f"+{compact_number(flow_top)}"]
            flows.set_yticks([-flow_top, 0, flow_top], labels, fontsize=8)
            flows.tick_params(axis="x", labelsize=8)
    return figure
