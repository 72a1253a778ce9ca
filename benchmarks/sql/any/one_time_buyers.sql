-- variant: grouped
-- Assumes every event is of a customer who exists (`of_existing` in the benchmark's schema).
SELECT customer_id FROM orders
WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00'
GROUP BY customer_id
HAVING count(*) = 1
