-- variant: carts_then_their_orders
WITH cart AS (
    SELECT customer_id, max(ts) AS last_cart_add FROM web_events
    WHERE type = 'add_to_cart'
      AND ts > TIMESTAMP '2026-10-31 00:00:00' AND ts <= TIMESTAMP '2026-11-01 00:00:00'
    GROUP BY customer_id
), ord AS (
    SELECT customer_id, max(created_at) AS last_order FROM orders
    WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00'
      AND customer_id IN (SELECT customer_id FROM cart)
    GROUP BY customer_id
)
SELECT cart.customer_id FROM cart LEFT JOIN ord ON ord.customer_id = cart.customer_id
WHERE ord.last_order IS NULL OR ord.last_order < cart.last_cart_add
