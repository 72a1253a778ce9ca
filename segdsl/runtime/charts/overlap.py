"""The overlap heatmap (`segdsl overlap --chart`): the Jaccard similarity of segment pairs as an
HTML page (with the pairs ranked) or a PNG."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from segdsl.files import atomic_write_text
from segdsl.runtime.charts.drawing import (
    FONT,
    LABEL_WIDTH,
    SMALL_FONT,
    ChartError,
    Svg,
    fit_text,
    html_page,
    nice_ticks,
    pyplot,
    save_png,
    text_width,
)

if TYPE_CHECKING:
    from segdsl.runtime.analytics import Overlap

HEAT_STOPS = ((247, 251, 255), (107, 174, 214), (8, 48, 107))  # white to dark blue


def heat_color(fraction: float) -> str:
    """A colour on the white-to-dark-blue scale, 0 ≤ fraction ≤ 1."""
    fraction = min(max(fraction, 0.0), 1.0) * (len(HEAT_STOPS) - 1)
    index = min(int(fraction), len(HEAT_STOPS) - 2)
    low, high = HEAT_STOPS[index], HEAT_STOPS[index + 1]
    part = fraction - index
    return "#" + "".join(f"{round(a + (b - a) * part):02x}" for a, b in zip(low, high, strict=True))


def write_overlap_chart(
    path: Path, title: str, result: Overlap, rows: Sequence[str], columns: Sequence[str]
) -> None:
    """A heatmap of the Jaccard similarity of `rows` × `columns` as .html or .png."""
    suffix = path.suffix.lower()
    if suffix == ".html":
        atomic_write_text(path, overlap_page(title, result, rows, columns))
    elif suffix == ".png":
        save_png(overlap_figure(title, result, rows, columns), path)
    else:
        raise ChartError(f"cannot write {path}: a chart is a .html or .png file")


def _jaccard_top(result: Overlap, rows: Sequence[str], columns: Sequence[str]) -> float:
    """The colour scale's top: the first round tick at or above the largest similarity of two
    different segments (the diagonal, 1, would wash the others out)."""
    values = [result.jaccard(a, b) for a in rows for b in columns if a != b]
    return nice_ticks(max((v for v in values if v is not None), default=0.0), 4, whole=False)[-1]


def _pair_tooltip(result: Overlap, a: str, b: str) -> str:
    if a == b:
        return f"{a}: {result.sizes[a]:,} members"
    both = result.count(a, b)
    similarity = result.jaccard(a, b)
    text = f"{a} and {b}: {both:,} in both"
    if similarity is not None:
        text += f"; Jaccard {similarity:.3f}"
    for name in (a, b):
        if result.sizes[name]:
            text += f"; {both / result.sizes[name]:.0%} of {name}"
    return text


def overlap_page(title: str, result: Overlap, rows: Sequence[str], columns: Sequence[str]) -> str:
    """The HTML page: a heatmap of the Jaccard similarities, then the pairs ranked by it."""
    svg = _heatmap_svg(result, rows, columns)
    pairs = result.ranked()
    lines = []
    for a, b in pairs:
        similarity = result.jaccard(a, b)
        shares = [
            f"{result.count(a, b) / result.sizes[n]:.1%}" if result.sizes[n] else "–"
            for n in (a, b)
        ]
        lines.append(
            f'<tr><td>{html.escape(a)}</td><td class="name">{html.escape(b)}</td>'
            f"<td>{result.count(a, b):,}</td>"
            f"<td>{'–' if similarity is None else f'{similarity:.3f}'}</td>"
            f"<td>{shares[0]}</td><td>{shares[1]}</td></tr>"
        )
    table = (
        '<div class="scroll"><table><tr><th>a</th><th class="name">b</th><th>both</th>'
        "<th>Jaccard</th>"
        "<th>of a</th><th>of b</th></tr>\n" + "\n".join(lines) + "</table></div>"
    )
    intro = (
        f"<p>Jaccard similarity |A ∩ B| / |A ∪ B| of {len(result.sizes)} segments among "
        f"{result.total:,} customers; a cell's tooltip has the counts. The pairs, most similar "
        "first, are listed below.</p>"
    )
    return html_page(title, [intro, str(svg), table])


def _heatmap_svg(result: Overlap, rows: Sequence[str], columns: Sequence[str]) -> Svg:
    big = max(len(rows), len(columns)) <= 12
    cell = 44.0 if big else 16.0
    font = FONT if big else SMALL_FONT
    row_names = [fit_text(n, font, LABEL_WIDTH) for n in rows]
    column_names = [fit_text(n, font, LABEL_WIDTH) for n in columns]
    left = max(text_width(n, font) for n in row_names) + 12
    top = max(text_width(n, font) for n in column_names) + 12
    scale_top = _jaccard_top(result, rows, columns)
    legend_ticks = nice_ticks(scale_top, 4, whole=False)
    legend_height = max(cell * len(rows), 140.0)
    legend_x = left + cell * len(columns) + 24
    legend_width = 14 + 8 + max(text_width(f"{t:g}", SMALL_FONT) for t in legend_ticks)
    width = legend_x + max(legend_width, text_width("Jaccard", SMALL_FONT)) + 8
    svg = Svg(width, top + legend_height + 12, "Jaccard similarity of segment pairs", "heatmap")
    for index, (name, short) in enumerate(zip(rows, row_names, strict=True)):
        y = top + cell * (index + 0.5)
        svg.text(left - 8, y, short, css_class="row", anchor="end", size=font, tooltip=name)
    for index, (name, short) in enumerate(zip(columns, column_names, strict=True)):
        x = left + cell * (index + 0.5)
        svg.text(x, top - 8, short, css_class="column", size=font, tooltip=name, rotate=True)
    for r, a in enumerate(rows):
        for c, b in enumerate(columns):
            x, y = left + cell * c, top + cell * r
            similarity = None if a == b else result.jaccard(a, b)
            fill = "#d9d9d9" if a == b else heat_color((similarity or 0.0) / scale_top)
            svg.rect(x + 0.5, y + 0.5, cell - 1, cell - 1, fill, _pair_tooltip(result, a, b))
            if big and a != b:
                shade = (similarity or 0.0) / scale_top
                svg.text(
                    x + cell / 2,
                    y + cell / 2,
                    "–" if similarity is None else f"{similarity:.2f}",
                    css_class="cell",
                    anchor="middle",
                    size=SMALL_FONT,
                    color="#ffffff" if shade > 0.55 else "#222222",
                )
    # Top to bottom: the scale's top colour down to white at 0.
    last = len(HEAT_STOPS) - 1
    stops = "".join(
        f'<stop offset="{i / last:g}" stop-color="{heat_color(1 - i / last)}"/>'
        for i in range(last + 1)
    )
    gradient = f'<linearGradient id="scale" x1="0" y1="0" x2="0" y2="1">{stops}</linearGradient>'
    svg.raw(f"<defs>{gradient}</defs>")
    svg.raw(
        f'<rect x="{legend_x:.1f}" y="{top:.1f}" width="14" height="{legend_height:.1f}" '
        'fill="url(#scale)" stroke="#999999"/>'
    )
    svg.text(legend_x, top - 14, "Jaccard", css_class="caption", size=SMALL_FONT)
    for tick in legend_ticks:
        y = top + legend_height * (1 - tick / scale_top)
        svg.line(legend_x + 14, y, legend_x + 18, y, "#777777")
        svg.text(legend_x + 22, y, f"{tick:g}", css_class="tick", size=SMALL_FONT)
    return svg


def overlap_figure(title: str, result: Overlap, rows: Sequence[str], columns: Sequence[str]) -> Any:
    """The PNG's matplotlib figure: the HTML page's heatmap."""
    plt = pyplot()
    from matplotlib.colors import LinearSegmentedColormap

    scale_top = _jaccard_top(result, rows, columns)
    colors = [tuple(channel / 255 for channel in stop) for stop in HEAT_STOPS]
    colormap = LinearSegmentedColormap.from_list("segdsl", colors).with_extremes(bad="#d9d9d9")
    values = [
        [float("nan") if a == b else (result.jaccard(a, b) or 0.0) for b in columns] for a in rows
    ]
    size = 0.28 if max(len(rows), len(columns)) > 12 else 0.6
    figure = plt.figure(
        figsize=(max(4.0, 3 + size * len(columns)), max(3.0, 2 + size * len(rows))),
        dpi=100,
        layout="constrained",
    )
    axes = figure.add_subplot()
    image = axes.imshow(values, cmap=colormap, vmin=0, vmax=scale_top, aspect="equal")
    font = 9 if size > 0.3 else 7
    axes.set_xticks(
        range(len(columns)),
        [fit_text(n, FONT, LABEL_WIDTH) for n in columns],
        rotation=90,
        fontsize=font,
    )
    axes.set_yticks(range(len(rows)), [fit_text(n, FONT, LABEL_WIDTH) for n in rows], fontsize=font)
    axes.xaxis.tick_top()
    bar = figure.colorbar(image, ax=axes, shrink=0.8)
    bar.set_ticks(nice_ticks(scale_top, 4, whole=False))
    bar.set_label("Jaccard |A ∩ B| / |A ∪ B|")
    axes.set_title(title)
    return figure
