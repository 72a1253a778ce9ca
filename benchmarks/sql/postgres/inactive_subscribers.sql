-- variant: not_exists
SELECT c.customer_id FROM customers AS c
WHERE c.consent_email
  AND NOT EXISTS (
      SELECT 1 FROM email_events AS e
      WHERE e.customer_id = c.customer_id AND e.type = 'open'
        AND e.ts > TIMESTAMP '2026-10-02 00:00:00' AND e.ts <= TIMESTAMP '2026-11-01 00:00:00')
  AND NOT EXISTS (
      SELECT 1 FROM orders AS o
      WHERE o.customer_id = c.customer_id
        AND o.created_at > TIMESTAMP '2026-08-03 00:00:00'
        AND o.created_at <= TIMESTAMP '2026-11-01 00:00:00')
