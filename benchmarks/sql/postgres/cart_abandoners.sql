-- variant: carts_not_exists_order
WITH cart AS (
    SELECT customer_id, max(ts) AS last_cart_add FROM web_events
    WHERE type = 'add_to_cart'
      AND ts > TIMESTAMP '2026-10-31 00:00:00' AND ts <= TIMESTAMP '2026-11-01 00:00:00'
    GROUP BY customer_id
)
SELECT cart.customer_id FROM cart
WHERE NOT EXISTS (
    SELECT 1 FROM orders AS o
    WHERE o.customer_id = cart.customer_id
      AND o.created_at >= cart.last_cart_add AND o.created_at <= TIMESTAMP '2026-11-01 00:00:00')
