-- variant: filtered_aggregate
-- Assumes every event is of a customer who exists (`of_existing` in the benchmark's schema).
SELECT customer_id FROM orders
WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00'
GROUP BY customer_id
HAVING max(created_at) <= TIMESTAMP '2026-05-05 00:00:00'
-- variant: aggregate_joined_to_customers
SELECT c.customer_id FROM customers AS c
JOIN (
    SELECT customer_id, max(created_at) AS last_order FROM orders
    WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00' GROUP BY customer_id
) AS o ON o.customer_id = c.customer_id
WHERE o.last_order <= TIMESTAMP '2026-05-05 00:00:00'
