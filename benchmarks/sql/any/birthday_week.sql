-- variant: month_and_day
-- Today on Warsaw's clocks is 2026-11-01, so the next 7 days are 2 to 8 November 2026: no year
-- end and no 29 February to handle. An anniversary is in a later year than the birth itself.
SELECT customer_id FROM customers
WHERE extract(month FROM birth_date) = 11
  AND extract(day FROM birth_date) BETWEEN 2 AND 8
  AND birth_date < DATE '2026-01-01'
  AND (signup_at IS NULL OR signup_at <= TIMESTAMP '2026-11-01 00:00:00')
