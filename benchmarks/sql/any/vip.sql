-- variant: cume_dist_over_customers
WITH spend AS (
    SELECT customer_id, sum(amount) AS spend_365d FROM orders
    WHERE created_at > TIMESTAMP '2025-11-01 00:00:00' AND created_at <= TIMESTAMP '2026-11-01 00:00:00'
    GROUP BY customer_id
), ranked AS (
    SELECT c.customer_id,
           cume_dist() OVER (ORDER BY coalesce(s.spend_365d, 0) DESC) AS share
    FROM customers AS c LEFT JOIN spend AS s ON s.customer_id = c.customer_id
)
SELECT customer_id FROM ranked WHERE share <= 0.1
-- variant: rank_spenders_only
-- Customers without spend rank last: rank only the spenders, against the number of customers.
WITH spend AS (
    SELECT customer_id, sum(amount) AS spend_365d FROM orders
    WHERE created_at > TIMESTAMP '2025-11-01 00:00:00' AND created_at <= TIMESTAMP '2026-11-01 00:00:00'
    GROUP BY customer_id
    HAVING coalesce(sum(amount), 0) > 0
), ranked AS (
    SELECT customer_id,
           count(*) OVER (ORDER BY spend_365d DESC) AS at_or_above
    FROM spend
)
SELECT customer_id FROM ranked
WHERE at_or_above <= 0.1 * (SELECT count(*) FROM customers)
