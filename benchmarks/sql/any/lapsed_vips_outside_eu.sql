-- variant: spenders_ranked_then_lapsed
-- vip as sql/any/vip.sql ranks it (the spenders only, against the number of customers), lapsed
-- as its last order 180 days or more before now, and a country outside the EU or unknown.
WITH spend AS (
    SELECT customer_id, sum(amount) AS spend_365d FROM orders
    WHERE created_at > TIMESTAMP '2025-11-01 00:00:00' AND created_at <= TIMESTAMP '2026-11-01 00:00:00'
    GROUP BY customer_id
    HAVING coalesce(sum(amount), 0) > 0
), vips AS (
    SELECT customer_id FROM (
        SELECT customer_id, count(*) OVER (ORDER BY spend_365d DESC) AS at_or_above FROM spend
    ) AS ranked
    WHERE at_or_above <= 0.1 * (SELECT count(*) FROM customers)
), lapsed AS (
    SELECT customer_id FROM orders
    WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00'
    GROUP BY customer_id
    HAVING max(created_at) <= TIMESTAMP '2026-05-05 00:00:00'
)
SELECT c.customer_id FROM customers AS c
JOIN vips AS v ON v.customer_id = c.customer_id
JOIN lapsed AS l ON l.customer_id = c.customer_id
WHERE (c.country IS NULL OR c.country NOT IN ('AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'))
  AND (c.signup_at IS NULL OR c.signup_at <= TIMESTAMP '2026-11-01 00:00:00')
-- variant: one_pass
-- The spend and the last order from one grouped pass; the spenders ranked, then filtered.
WITH buyers AS (
    SELECT customer_id, max(created_at) AS last_order,
           sum(amount) FILTER (WHERE created_at > TIMESTAMP '2025-11-01 00:00:00') AS spend_365d
    FROM orders
    WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00'
    GROUP BY customer_id
), ranked AS (
    SELECT customer_id, last_order, count(*) OVER (ORDER BY spend_365d DESC) AS at_or_above
    FROM buyers WHERE spend_365d > 0
)
SELECT c.customer_id FROM ranked AS r
JOIN customers AS c ON c.customer_id = r.customer_id
WHERE r.at_or_above <= 0.1 * (SELECT count(*) FROM customers)
  AND r.last_order <= TIMESTAMP '2026-05-05 00:00:00'
  AND (c.country IS NULL OR c.country NOT IN ('AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'))
  AND (c.signup_at IS NULL OR c.signup_at <= TIMESTAMP '2026-11-01 00:00:00')
