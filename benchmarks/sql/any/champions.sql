-- variant: one_pass_ranked
-- The three quintiles from one grouped pass over the orders. Recency ranks the buyers only (no
-- order, no recency); frequency and monetary value rank every customer, those without orders
-- at 0, below every buyer with a positive value: a buyer's place among all customers is their
-- place among the buyers (assumes positive spend, as sql/any/vip.sql does).
WITH buyers AS (
    SELECT customer_id, max(created_at) AS last_order, count(*) AS purchases,
           sum(amount) AS total_spent
    FROM orders
    WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00'
    GROUP BY customer_id
), ranked AS (
    SELECT customer_id, total_spent,
           cume_dist() OVER (ORDER BY last_order DESC) AS recency,
           count(*) OVER (ORDER BY purchases DESC) AS frequency_at_or_above,
           count(*) OVER (ORDER BY total_spent DESC) AS monetary_at_or_above
    FROM buyers
)
SELECT customer_id FROM ranked
WHERE recency <= 0.2
  AND total_spent > 0
  AND frequency_at_or_above <= 0.2 * (SELECT count(*) FROM customers
                                      WHERE signup_at IS NULL OR signup_at <= TIMESTAMP '2026-11-01 00:00:00')
  AND monetary_at_or_above <= 0.2 * (SELECT count(*) FROM customers
                                     WHERE signup_at IS NULL OR signup_at <= TIMESTAMP '2026-11-01 00:00:00')
