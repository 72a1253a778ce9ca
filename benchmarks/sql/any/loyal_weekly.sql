-- variant: weekly_counts_having
-- The four weeks before the week of 2026-11-01 on Warsaw's clocks, as UTC instants.
SELECT customer_id FROM orders
WHERE created_at >= TIMESTAMP '2026-09-27 22:00:00' AND created_at < TIMESTAMP '2026-10-25 23:00:00'
GROUP BY customer_id
HAVING (CASE WHEN count(*) FILTER (WHERE created_at >= TIMESTAMP '2026-10-18 22:00:00') > 0 THEN 1 ELSE 0 END
      + CASE WHEN count(*) FILTER (WHERE created_at >= TIMESTAMP '2026-10-11 22:00:00' AND created_at < TIMESTAMP '2026-10-18 22:00:00') > 0 THEN 1 ELSE 0 END
      + CASE WHEN count(*) FILTER (WHERE created_at >= TIMESTAMP '2026-10-04 22:00:00' AND created_at < TIMESTAMP '2026-10-11 22:00:00') > 0 THEN 1 ELSE 0 END
      + CASE WHEN count(*) FILTER (WHERE created_at < TIMESTAMP '2026-10-04 22:00:00') > 0 THEN 1 ELSE 0 END) >= 3
