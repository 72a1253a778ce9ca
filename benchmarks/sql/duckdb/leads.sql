-- variant: not_in
SELECT customer_id FROM customers
WHERE consent_email
  AND customer_id NOT IN (
      SELECT customer_id FROM email_events
      WHERE type = 'unsubscribe' AND ts <= TIMESTAMP '2026-11-01 00:00:00')
  AND customer_id NOT IN (
      SELECT customer_id FROM orders WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00')
-- variant: left_join_is_null
SELECT c.customer_id FROM customers AS c
LEFT JOIN (
    SELECT DISTINCT customer_id FROM email_events
    WHERE type = 'unsubscribe' AND ts <= TIMESTAMP '2026-11-01 00:00:00'
) AS u ON u.customer_id = c.customer_id
LEFT JOIN (
    SELECT DISTINCT customer_id FROM orders WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00'
) AS o ON o.customer_id = c.customer_id
WHERE c.consent_email AND u.customer_id IS NULL AND o.customer_id IS NULL
