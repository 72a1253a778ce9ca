-- variant: spend_against_its_average
-- Assumes every event is of a customer who exists (`of_existing` in the benchmark's schema).
WITH spend AS (
    SELECT customer_id, sum(amount) AS total_spent FROM orders
    WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00'
    GROUP BY customer_id
)
SELECT customer_id FROM spend
WHERE total_spent > (SELECT avg(total_spent) FROM spend)
