-- variant: grouped
-- The first order is less than 30 days old.
SELECT customer_id FROM orders
WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00'
GROUP BY customer_id
HAVING min(created_at) > TIMESTAMP '2026-10-02 00:00:00'
-- variant: recent_without_older
-- An order in the last 30 days, and none before them.
SELECT DISTINCT o.customer_id FROM orders AS o
WHERE o.created_at > TIMESTAMP '2026-10-02 00:00:00'
  AND o.created_at <= TIMESTAMP '2026-11-01 00:00:00'
  AND NOT EXISTS (
    SELECT 1 FROM orders AS p
    WHERE p.customer_id = o.customer_id AND p.created_at <= TIMESTAMP '2026-10-02 00:00:00'
  )
