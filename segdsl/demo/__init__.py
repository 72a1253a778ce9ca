"""`segdsl demo`: the synthetic example shop, built into an embedded DuckDB file."""

DEMO_DATABASE = "shop.duckdb"
"""Where `segdsl demo` builds the shop unless told otherwise (`segdsl studio` looks there)."""
