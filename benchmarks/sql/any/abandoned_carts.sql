-- variant: not_exists
-- The cart adds of the last 7 days whose 24 hours have passed (at or before 31 October),
-- without an order strictly after them and less than 24 hours later.
SELECT DISTINCT w.customer_id FROM web_events AS w
WHERE w.type = 'add_to_cart'
  AND w.ts > TIMESTAMP '2026-10-25 00:00:00' AND w.ts <= TIMESTAMP '2026-10-31 00:00:00'
  AND NOT EXISTS (
    SELECT 1 FROM orders AS o
    WHERE o.customer_id = w.customer_id
      AND o.created_at > w.ts AND o.created_at < w.ts + INTERVAL '24 hours'
  )
-- variant: anti_join
-- The same as a left join of the week's orders, kept where none matched.
SELECT DISTINCT w.customer_id FROM web_events AS w
LEFT JOIN orders AS o
  ON o.customer_id = w.customer_id
  AND o.created_at > w.ts AND o.created_at < w.ts + INTERVAL '24 hours'
  AND o.created_at > TIMESTAMP '2026-10-25 00:00:00'
WHERE w.type = 'add_to_cart'
  AND w.ts > TIMESTAMP '2026-10-25 00:00:00' AND w.ts <= TIMESTAMP '2026-10-31 00:00:00'
  AND o.customer_id IS NULL
