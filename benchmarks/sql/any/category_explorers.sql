-- variant: grouped_having
SELECT customer_id FROM orders
WHERE created_at > TIMESTAMP '2025-11-01 00:00:00' AND created_at <= TIMESTAMP '2026-11-01 00:00:00'
GROUP BY customer_id
HAVING count(DISTINCT category) >= 3
