-- variant: grouped
-- 5+ orders, the latest less than a calendar year old.
SELECT customer_id FROM orders
WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00'
GROUP BY customer_id
HAVING count(*) >= 5 AND max(created_at) > TIMESTAMP '2025-11-01 00:00:00'
