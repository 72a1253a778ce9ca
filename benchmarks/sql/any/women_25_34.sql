-- variant: birth_date_range
-- Ages are counted from the as-of instant in calendar years, a date as its midnight: 25 or
-- older is born on or before 2001-11-01, younger than 35 is born after 1991-11-01.
SELECT customer_id FROM customers
WHERE gender = 'female'
  AND birth_date > DATE '1991-11-01' AND birth_date <= DATE '2001-11-01'
  AND (signup_at IS NULL OR signup_at <= TIMESTAMP '2026-11-01 00:00:00')
