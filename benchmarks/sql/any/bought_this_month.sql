-- variant: month_rows
SELECT DISTINCT customer_id FROM orders
WHERE created_at >= TIMESTAMP '2026-10-31 23:00:00' AND created_at <= TIMESTAMP '2026-11-01 00:00:00'
