"""Stage 3, checked program → SQL: the planner (query shape), the compiler to sqlglot trees, and
the dialects that hold every difference between engines."""
