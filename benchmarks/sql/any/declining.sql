-- variant: grouped_window
-- Only the last 180 days matter: a customer without orders 90 to 180 days ago is not declining.
SELECT customer_id FROM orders
WHERE created_at > TIMESTAMP '2026-05-05 00:00:00'
  AND created_at <= TIMESTAMP '2026-11-01 00:00:00'
GROUP BY customer_id
HAVING count(*) FILTER (WHERE created_at > TIMESTAMP '2026-08-03 00:00:00')
     < count(*) FILTER (WHERE created_at <= TIMESTAMP '2026-08-03 00:00:00')
