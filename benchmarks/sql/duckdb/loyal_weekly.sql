-- variant: distinct_weeks
SELECT customer_id FROM orders
WHERE created_at >= TIMESTAMP '2026-09-27 22:00:00' AND created_at < TIMESTAMP '2026-10-25 23:00:00'
GROUP BY customer_id
HAVING count(DISTINCT date_trunc('week', timezone('Europe/Warsaw', timezone('UTC', created_at)))) >= 3
