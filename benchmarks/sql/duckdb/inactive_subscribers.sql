-- variant: not_in
SELECT customer_id FROM customers
WHERE consent_email
  AND customer_id NOT IN (
      SELECT customer_id FROM email_events
      WHERE type = 'open'
        AND ts > TIMESTAMP '2026-10-02 00:00:00' AND ts <= TIMESTAMP '2026-11-01 00:00:00')
  AND customer_id NOT IN (
      SELECT customer_id FROM orders
      WHERE created_at > TIMESTAMP '2026-08-03 00:00:00'
        AND created_at <= TIMESTAMP '2026-11-01 00:00:00')
-- variant: filtered_aggregates
WITH e AS (
    SELECT DISTINCT customer_id FROM email_events
    WHERE type = 'open'
      AND ts > TIMESTAMP '2026-10-02 00:00:00' AND ts <= TIMESTAMP '2026-11-01 00:00:00'
), o AS (
    SELECT DISTINCT customer_id FROM orders
    WHERE created_at > TIMESTAMP '2026-08-03 00:00:00' AND created_at <= TIMESTAMP '2026-11-01 00:00:00'
)
SELECT c.customer_id FROM customers AS c
LEFT JOIN e ON e.customer_id = c.customer_id
LEFT JOIN o ON o.customer_id = c.customer_id
WHERE c.consent_email AND e.customer_id IS NULL AND o.customer_id IS NULL
