-- variant: one_pass_ranked
-- Frequent (the top 40% by orders, which only buyers reach) and not recent (outside the top 60%
-- of the buyers by last order), from one grouped pass over the orders.
WITH buyers AS (
    SELECT customer_id, max(created_at) AS last_order, count(*) AS purchases
    FROM orders
    WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00'
    GROUP BY customer_id
), ranked AS (
    SELECT customer_id,
           cume_dist() OVER (ORDER BY last_order DESC) AS recency,
           count(*) OVER (ORDER BY purchases DESC) AS frequency_at_or_above
    FROM buyers
)
SELECT customer_id FROM ranked
WHERE recency > 0.6
  AND frequency_at_or_above <= 0.4 * (SELECT count(*) FROM customers
                                      WHERE signup_at IS NULL OR signup_at <= TIMESTAMP '2026-11-01 00:00:00')
