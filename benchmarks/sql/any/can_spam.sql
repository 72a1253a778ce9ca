-- variant: filter
SELECT customer_id FROM customers
WHERE country = 'US'
  AND (signup_at IS NULL OR signup_at <= TIMESTAMP '2026-11-01 00:00:00')
