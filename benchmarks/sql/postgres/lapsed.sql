-- variant: exists_not_exists
SELECT c.customer_id FROM customers AS c
WHERE EXISTS (
      SELECT 1 FROM orders AS o
      WHERE o.customer_id = c.customer_id AND o.created_at <= TIMESTAMP '2026-05-05 00:00:00')
  AND NOT EXISTS (
      SELECT 1 FROM orders AS o
      WHERE o.customer_id = c.customer_id
        AND o.created_at > TIMESTAMP '2026-05-05 00:00:00'
        AND o.created_at <= TIMESTAMP '2026-11-01 00:00:00')
-- variant: filtered_aggregate
SELECT customer_id FROM orders
WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00'
GROUP BY customer_id
HAVING max(created_at) <= TIMESTAMP '2026-05-05 00:00:00'
