"""Charts of segments: sizes over time (`segdsl history --chart`) and overlaps (`segdsl overlap
--chart`), each a self-contained HTML page (inline SVG and a table, no scripts, nothing fetched)
or a PNG (through matplotlib, the optional `chart` extra), and the terminal's sparklines.

Every chart keeps the same rules (docs/analytics.md): scales start at 0 and are ticked at round
numbers (1, 2 or 5 × 10^k); a line is named at its end, the names moved apart so that none
overlaps another and none is cut off; one chart holds at most MAX_LINES lines (the largest), and
with more series, or with entered/left counts, every series also gets a small chart of its own.
"""

from segdsl.runtime.charts.drawing import (
    CHART_SUFFIXES,
    MAX_LINES,
    ChartError,
    Series,
    compact_number,
    fit_text,
    labelled_instants,
    nice_ticks,
    sparkline,
    spread,
    text_width,
)
from segdsl.runtime.charts.history import history_figure, history_page, series_of, write_chart
from segdsl.runtime.charts.overlap import overlap_figure, overlap_page, write_overlap_chart

__all__ = [
    "CHART_SUFFIXES",
    "MAX_LINES",
    "ChartError",
    "Series",
    "compact_number",
    "fit_text",
    "history_figure",
    "history_page",
    "labelled_instants",
    "nice_ticks",
    "overlap_figure",
    "overlap_page",
    "series_of",
    "sparkline",
    "spread",
    "text_width",
    "write_chart",
    "write_overlap_chart",
]
