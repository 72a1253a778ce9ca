"""Charts of segment sizes over time: a self-contained HTML page (inline SVG, no scripts, no
network) or a PNG (through matplotlib, the optional `chart` extra)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from pathlib import Path

from .files import atomic_path, atomic_write_text

PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1"]
WIDTH, HEIGHT, MARGIN = 860, 420, 60


class ChartError(Exception):
    pass


def write_chart(
    path: Path, title: str, at: Sequence[dt.datetime], series: Mapping[str, Sequence[int]]
) -> None:
    """Write a line chart of `series` (name → one value per instant) to .html or .png."""
    suffix = path.suffix.lower()
    if suffix == ".html":
        atomic_write_text(path, html_chart(title, at, series))
    elif suffix == ".png":
        _png_chart(path, title, at, series)
    else:
        raise ChartError(f"cannot write {path}: a chart is a .html or .png file")


def html_chart(title: str, at: Sequence[dt.datetime], series: Mapping[str, Sequence[int]]) -> str:
    values = [v for points in series.values() for v in points]
    top = max(values, default=0) or 1
    plot_w, plot_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN

    def x(index: int) -> float:
        return MARGIN + (plot_w * index / (len(at) - 1) if len(at) > 1 else plot_w / 2)

    def y(value: int) -> float:
        return HEIGHT - MARGIN - plot_h * value / top

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label="{html.escape(title)}" font-family="sans-serif" font-size="12">',
        f'<line x1="{MARGIN}" y1="{HEIGHT - MARGIN}" x2="{WIDTH - MARGIN}" '
        f'y2="{HEIGHT - MARGIN}" stroke="#888"/>',
        f'<line x1="{MARGIN}" y1="{MARGIN}" x2="{MARGIN}" y2="{HEIGHT - MARGIN}" stroke="#888"/>',
    ]
    for tick in range(5):
        value = round(top * tick / 4)
        parts.append(
            f'<text x="{MARGIN - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value:,}</text>'
        )
    labels = {0, len(at) - 1, (len(at) - 1) // 2}
    for index, instant in enumerate(at):
        if index in labels:
            parts.append(
                f'<text x="{x(index):.1f}" y="{HEIGHT - MARGIN + 18}" text-anchor="middle">'
                f"{instant.date().isoformat()}</text>"
            )
    for number, (name, points) in enumerate(series.items()):
        color = PALETTE[number % len(PALETTE)]
        path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(points))
        parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{path}"/>')
        for i, v in enumerate(points):
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{color}">'
                f"<title>{html.escape(name)}: {v:,} on {at[i].isoformat(sep=' ')}</title></circle>"
            )
        parts.append(
            f'<text x="{WIDTH - MARGIN + 4}" y="{MARGIN + 16 * number}" fill="{color}">'
            f"{html.escape(name)}</text>"
        )
    parts.append("</svg>")
    rows = "".join(
        "<tr><td>"
        + html.escape(instant.isoformat(sep=" "))
        + "</td>"
        + "".join(f"<td>{points[i]:,}</td>" for points in series.values())
        + "</tr>"
        for i, instant in enumerate(at)
    )
    header = "".join(f"<th>{html.escape(name)}</th>" for name in series)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{padding:2px 8px;text-align:right;border-bottom:1px solid #ddd}</style>"
        f"</head><body><h1>{html.escape(title)}</h1>\n"
        + "\n".join(parts)
        + f"\n<table><tr><th>as of</th>{header}</tr>{rows}</table></body></html>\n"
    )


def _png_chart(
    path: Path, title: str, at: Sequence[dt.datetime], series: Mapping[str, Sequence[int]]
) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.dates import date2num
    except ImportError:
        raise ChartError(
            "a PNG chart needs matplotlib: pip install 'segdsl[chart]' (or write .html)"
        ) from None
    figure, axes = plt.subplots(figsize=(9, 4.5), dpi=100)
    days = date2num(list(at))  # type: ignore[no-untyped-call]
    for name, points in series.items():
        axes.plot(days, list(points), marker="o", label=name)
    axes.xaxis_date()
    axes.set_title(title)
    axes.set_ylabel("members")
    axes.set_ylim(bottom=0)
    axes.legend(loc="best", fontsize="small")
    figure.autofmt_xdate()
    figure.tight_layout()
    with atomic_path(path) as temp:
        figure.savefig(temp, format="png")
    plt.close(figure)
