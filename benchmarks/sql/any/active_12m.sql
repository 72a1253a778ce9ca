-- variant: union_of_recent
-- An order, or an open or click, in the 12 months before 1 November 2026.
SELECT customer_id FROM orders
WHERE created_at > TIMESTAMP '2025-11-01 00:00:00' AND created_at <= TIMESTAMP '2026-11-01 00:00:00'
UNION
SELECT customer_id FROM email_events
WHERE type IN ('open', 'click')
  AND ts > TIMESTAMP '2025-11-01 00:00:00' AND ts <= TIMESTAMP '2026-11-01 00:00:00'
