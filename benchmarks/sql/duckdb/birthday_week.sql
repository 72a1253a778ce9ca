-- variant: month_and_day_functions
-- As any/birthday_week.sql, with DuckDB's month() and day(), which it evaluates faster than
-- extract() here.
SELECT customer_id FROM customers
WHERE month(birth_date) = 11 AND day(birth_date) BETWEEN 2 AND 8
  AND birth_date < DATE '2026-01-01'
  AND (signup_at IS NULL OR signup_at <= TIMESTAMP '2026-11-01 00:00:00')
