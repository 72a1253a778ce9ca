"""Stage 4, SQL → results: connections to the engines, the database check, exports, analytics
(sizes, overlap, history) and their charts."""
