-- variant: filtered_aggregate_having
SELECT customer_id FROM orders
WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00'
GROUP BY customer_id
HAVING count(*) FILTER (WHERE category = 'shoes' AND created_at > TIMESTAMP '2026-08-03 00:00:00') >= 2
   AND avg(amount) > 100
-- variant: candidate_first
WITH candidates AS (
    SELECT customer_id FROM orders
    WHERE category = 'shoes'
      AND created_at > TIMESTAMP '2026-08-03 00:00:00' AND created_at <= TIMESTAMP '2026-11-01 00:00:00'
    GROUP BY customer_id
    HAVING count(*) >= 2
)
SELECT customer_id FROM orders
WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00'
  AND customer_id IN (SELECT customer_id FROM candidates)
GROUP BY customer_id
HAVING avg(amount) > 100
