-- variant: date_part_doubles
-- As any/birthday_week.sql, with date_part(), which returns a double: extract() returns a
-- numeric, slower to compute and compare.
SELECT customer_id FROM customers
WHERE date_part('month', birth_date) = 11 AND date_part('day', birth_date) BETWEEN 2 AND 8
  AND birth_date < DATE '2026-01-01'
  AND (signup_at IS NULL OR signup_at <= TIMESTAMP '2026-11-01 00:00:00')
