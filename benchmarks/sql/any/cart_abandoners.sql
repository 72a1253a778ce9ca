-- variant: one_recent_stream
-- Only the last 24 hours matter: an order before the cart add cannot be after it.
WITH recent AS (
    SELECT customer_id, ts, 'cart' AS kind FROM web_events
    WHERE type = 'add_to_cart'
      AND ts > TIMESTAMP '2026-10-31 00:00:00' AND ts <= TIMESTAMP '2026-11-01 00:00:00'
    UNION ALL
    SELECT customer_id, created_at, 'order' FROM orders
    WHERE created_at > TIMESTAMP '2026-10-31 00:00:00' AND created_at <= TIMESTAMP '2026-11-01 00:00:00'
)
SELECT customer_id FROM recent
GROUP BY customer_id
HAVING max(ts) FILTER (WHERE kind = 'cart') IS NOT NULL
   AND coalesce(max(ts) FILTER (WHERE kind = 'order') < max(ts) FILTER (WHERE kind = 'cart'), TRUE)
