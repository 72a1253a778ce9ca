-- variant: grouped
-- Assumes every order's customer is in customers (a foreign key segdsl cannot know of).
SELECT customer_id FROM orders
WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00'
GROUP BY customer_id
HAVING count(*) = 1
