"""`segdsl fmt`: the canonical layout of segment files."""
