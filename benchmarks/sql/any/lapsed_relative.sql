-- variant: grouped_then_average
-- One grouped pass gives each buyer's last order and mean repurchase interval (missing for a
-- single order); the shop's average of those is one number. Reads no customer table: every
-- order is of a customer who exists (`of_existing` in the benchmark's schema), and a member
-- or a repeat buyer has ordered.
WITH buyers AS (
    SELECT customer_id, max(created_at) AS last_order,
           extract(epoch FROM max(created_at) - min(created_at)) / nullif(count(*) - 1, 0) AS gap_seconds
    FROM orders
    WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00'
    GROUP BY customer_id
)
SELECT customer_id FROM buyers
WHERE extract(epoch FROM TIMESTAMP '2026-11-01 00:00:00' - last_order)
    > 2 * (SELECT avg(gap_seconds) FROM buyers)
-- variant: window_average
-- The same, the average taken as a window over the buyers, so the grouped result is read once.
WITH buyers AS (
    SELECT customer_id, max(created_at) AS last_order,
           extract(epoch FROM max(created_at) - min(created_at)) / nullif(count(*) - 1, 0) AS gap_seconds
    FROM orders
    WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00'
    GROUP BY customer_id
), averaged AS (
    SELECT customer_id, last_order, avg(gap_seconds) OVER () AS average_gap FROM buyers
)
SELECT customer_id FROM averaged
WHERE extract(epoch FROM TIMESTAMP '2026-11-01 00:00:00' - last_order) > 2 * average_gap
