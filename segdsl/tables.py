"""Query results as text tables for the terminal: one rendering for the CLI and the REPL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Rows as aligned text columns under a ruled header (numbers right-aligned, missing
    values as ∅), as every command and the REPL print them."""

    def cell(value: object) -> str:
        if value is None:
            return "∅"
        if isinstance(value, dt.datetime):
            return value.isoformat(sep=" ", timespec="seconds")
        return str(value)

    text = [[cell(v) for v in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in text)]) for i, h in enumerate(headers)]
    numeric = [
        # "–" stands for a number that is undefined (a ratio over 0, no previous instant).
        all(isinstance(row[i], int | float) or row[i] in (None, "–") for row in rows) and bool(rows)
        for i in range(len(headers))
    ]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.rjust(w) if n else v.ljust(w) for v, w, n in zip(values, widths, numeric, strict=True)
        ).rstrip()

    out = [line(headers), line(["─" * w for w in widths])]
    out.extend(line(r) for r in text)
    return "\n".join(out)
