"""What every chart of segdsl shares: the rules of its scales and labels (round ticks from 0,
labels moved apart and fitted), text widths, the SVG and HTML page it is drawn in, matplotlib
for PNGs, and the terminal's sparklines."""

from __future__ import annotations

import datetime as dt
import html
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from segdsl.files import atomic_path

if TYPE_CHECKING:
    pass

# Eight hues that stay apart and are dark enough for text on white (matplotlib's tab10 without
# its grey and olive): one chart draws at most this many lines.
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf")
MAX_LINES = len(PALETTE)
OTHER_COLOR = "#555555"  # a series drawn only in its own small chart
ENTERED_COLOR, LEFT_COLOR = "#2e7d32", "#c62828"
FONT = 12  # px, the charts' text
SMALL_FONT = 11  # px, small charts' ticks and dates
# An instant's points carry a tooltip up to this many instants (beyond, they would be a blur).
MAX_POINTS = 60


CHART_SUFFIXES = (".html", ".png")


class ChartError(Exception):
    pass


@dataclass(frozen=True)
class Series:
    """One segment's members at each instant and, when counted, how many entered and left it
    since the previous instant (None at the first, which has nothing to compare with)."""

    name: str
    members: Sequence[int]
    entered: Sequence[int | None] | None = None
    left: Sequence[int | None] | None = None


LABEL_WIDTH = 240  # px at most for a line's end label, or a heatmap's name


# --- Terminal ------------------------------------------------------------------------------

SPARK_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[int]) -> str:
    """One character per value on a scale from 0 to the largest value, each the nearest eighth
    of it (`█` the largest; a blank 0; a value above 0 at least `▁`): 2000, 1999, 2000 is flat."""
    high = max(values, default=0)
    levels = len(SPARK_BARS)
    return "".join(
        " " if value <= 0 else SPARK_BARS[max(1, round(value * levels / high)) - 1]
        for value in values
    )


# --- Scales and text ------------------------------------------------------------------------


def nice_ticks(high: float, intervals: int = 5, *, whole: bool = True) -> list[float]:
    """Ticks from 0 to the first one at or above `high`: 0, s, 2s … with the step s the smallest
    1, 2 or 5 × 10^k (k ≥ 0 when `whole`) that needs at most `intervals` intervals."""
    exponent = 0 if whole or high <= 0 else math.floor(math.log10(high / intervals))
    while True:
        for mantissa in (1, 2, 5):
            step = mantissa * 10.0**exponent
            count = max(1, math.ceil(high / step - 1e-9))
            if count <= intervals:
                return [round(step * index, 12) for index in range(count + 1)]
        exponent += 1


def compact_number(value: float) -> str:
    """A round tick value in few characters: 500, 1.5k, 20k, 2M."""
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:g}{suffix}"
    return f"{value:g}"


# Advance widths in em, rounded up from DejaVu Sans (the widest common sans-serif default) and
# Liberation Sans (Arial's metrics, where `@` is 1.015 em): a label laid out with these never
# runs into another in a browser whose font is narrower.
NARROW = set("ijlftrI.,:;'|!()[] ")
WIDE = set("mwMW%&=+<>~#^…→−×—")
WIDEST = set("@")


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """An upper estimate of `text`'s width in px at a font size of `size` px."""
    em = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            em += 1.0
        elif char in NARROW:
            em += 0.45
        elif char in WIDE:
            em += 1.0
        elif char in WIDEST:
            em += 1.05
        elif char.isupper():
            em += 0.8
        else:
            em += 0.66
    return em * size * (1.12 if bold else 1.0)


def fit_text(text: str, size: float, width: float, *, bold: bool = False) -> str:
    """`text`, cut short with `…` if its estimated width exceeds `width`."""
    if text_width(text, size, bold=bold) <= width:
        return text
    while text and text_width(text + "…", size, bold=bold) > width:
        text = text[:-1]
    return text + "…"


def spread(wanted: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Positions for labels that want to be at `wanted` (in any order): at least `gap` apart,
    within [low, high], each as near its wish as the others allow. Labels that would overlap
    form a run `gap` apart, centred on their wishes; a run that reaches its neighbour joins it.
    The range must hold them all: (len(wanted) - 1) · gap ≤ high - low."""
    order = sorted(range(len(wanted)), key=lambda index: wanted[index])
    runs: list[list[int]] = []
    starts: list[float] = []
    for index in order:
        runs.append([index])
        starts.append(wanted[index])
        while True:
            run = runs[-1]
            ideal = sum(wanted[m] - k * gap for k, m in enumerate(run)) / len(run)
            starts[-1] = min(max(ideal, low), high - (len(run) - 1) * gap)
            if len(runs) > 1 and starts[-2] + len(runs[-2]) * gap > starts[-1]:
                runs[-2].extend(runs.pop())
                starts.pop()
                continue
            break
    out = [0.0] * len(wanted)
    for run, start in zip(runs, starts, strict=True):
        for k, member in enumerate(run):
            out[member] = start + k * gap
    return out


def instant_labels(at: Sequence[dt.datetime]) -> list[str]:
    """Each instant as a date, with the time of day when any instant has one."""
    timed = any(instant.time() != dt.time() for instant in at)
    return [instant.strftime("%Y-%m-%d %H:%M" if timed else "%Y-%m-%d") for instant in at]


def labelled_instants(xs: Sequence[float], width: float) -> list[int]:
    """Which instants (at x positions `xs`, ascending) get a label `width` wide: the first, the
    last, and between them every k-th, with k as small as keeps labels apart."""
    count = len(xs)
    if count == 1:
        return [0]
    room = max(1, int((xs[-1] - xs[0]) // width))
    stride = math.ceil((count - 1) / room)
    chosen: list[int] = []
    for index in [*range(0, count - 1, stride), count - 1]:
        if chosen and xs[index] - xs[chosen[-1]] < width:
            if index != count - 1 or len(chosen) == 1:
                continue
            chosen.pop()  # the last instant is labelled rather than the one before it
        chosen.append(index)
    return chosen


def largest(series: Sequence[Series], count: int) -> list[Series]:
    """The `count` series largest at the last instant (ties in the given order), in that order."""
    ranked = sorted(range(len(series)), key=lambda i: -(series[i].members or [0])[-1])
    return [series[i] for i in sorted(ranked[:count])]


# --- SVG ----------------------------------------------------------------------------------


def number_text(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"


class Svg:
    """An inline SVG picture under construction (elements in drawing order)."""

    def __init__(self, width: float, height: float, label: str, css_class: str) -> None:
        self.head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" width="{width:.0f}" '
            f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
            f'aria-label="{html.escape(label)}" font-size="{FONT}">'
        )
        self.parts: list[str] = []

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        css_class: str,
        anchor: str = "start",
        size: float = FONT,
        color: str = "#333333",
        bold: bool = False,
        tooltip: str | None = None,
        rotate: bool = False,
    ) -> None:
        """Text whose vertical middle is at `y` (baseline a third of the size lower)."""
        baseline = y + size * 0.35
        extra = ' font-weight="bold"' if bold else ""
        if rotate:  # reads upwards from y, its middle at x
            baseline, x = y, x + size * 0.35
            extra += f' transform="rotate(-90 {x:.1f} {y:.1f})"'
        title = f"<title>{html.escape(tooltip)}</title>" if tooltip else ""
        self.parts.append(
            f'<text class="{css_class}" x="{x:.1f}" y="{baseline:.1f}" text-anchor="{anchor}" '
            f'font-size="{size}" fill="{color}"{extra}>{title}{html.escape(content)}</text>'
        )

    def line(
        self, x1: float, y1: float, x2: float, y2: float, color: str, css_class: str = "rule"
    ) -> None:
        self.parts.append(
            f'<line class="{css_class}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" '
            f'y2="{y2:.1f}" stroke="{color}"/>'
        )

    def polyline(self, points: Sequence[tuple[float, float]], color: str, width: float) -> None:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        self.parts.append(
            f'<polyline fill="none" stroke="{color}" stroke-width="{width}" '
            f'stroke-linejoin="round" points="{path}"/>'
        )

    def circle(self, x: float, y: float, radius: float, color: str, tooltip: str) -> None:
        self.parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{color}">'
            f"<title>{html.escape(tooltip)}</title></circle>"
        )

    def rect(
        self, x: float, y: float, width: float, height: float, color: str, tooltip: str = ""
    ) -> None:
        title = f"<title>{html.escape(tooltip)}</title>" if tooltip else ""
        self.parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0.0):.1f}" '
            f'height="{max(height, 0.0):.1f}" fill="{color}">{title}</rect>'
        )

    def raw(self, element: str) -> None:
        self.parts.append(element)

    def __str__(self) -> str:
        return "\n".join([self.head, *self.parts, "</svg>"])


def html_page(title: str, body: Sequence[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>"
        "body{font-family:sans-serif;margin:2em;color:#222}"
        "svg{display:block;max-width:100%;height:auto;font-family:sans-serif}"
        ".grid{display:flex;flex-wrap:wrap;gap:8px 16px}"
        ".scroll{overflow-x:auto;max-width:100%}"
        "table{border-collapse:collapse;font-size:13px;margin-top:1em}"
        "td,th{padding:2px 8px;text-align:right;border-bottom:1px solid #ddd;"
        "white-space:nowrap;vertical-align:top}"
        "td:first-child,th:first-child,.name{text-align:left}"
        "small{color:#555}.swatch{display:inline-block;width:.8em;height:.8em;margin:0 .3em}"
        "</style></head><body>\n"
        f"<h1>{html.escape(title)}</h1>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ChartError(
            "a PNG chart needs matplotlib: pip install 'segdsl[chart]' (or write .html)"
        ) from None
    return plt


def save_png(figure: Any, path: Path) -> None:
    # bbox_inches="tight" grows the picture to hold every label: nothing is cut off.
    with atomic_path(path) as temp:
        figure.savefig(temp, format="png", bbox_inches="tight")
    pyplot().close(figure)
