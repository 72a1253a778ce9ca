-- variant: grouped_latest_times
-- One grouped pass, no sort: the latest order, the latest with a category, the latest shoes
-- order and the latest with a category after 'shoes' in code-point order (which wins a tie at
-- the same instant). The last categorized order is shoes when the shoes order is the latest
-- with a category and no greater category shares its instant.
SELECT customer_id FROM orders
WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00'
GROUP BY customer_id
HAVING max(created_at) > TIMESTAMP '2026-10-02 00:00:00'
   AND max(created_at) FILTER (WHERE category = 'shoes')
     = max(created_at) FILTER (WHERE category IS NOT NULL)
   AND coalesce(max(created_at) FILTER (WHERE category COLLATE "C" > 'shoes')
              < max(created_at) FILTER (WHERE category = 'shoes'), TRUE)
-- variant: recent_buyers_latest_times
-- The same pass over the orders of the customers who ordered in the last 30 days only.
SELECT customer_id FROM orders
WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00'
  AND customer_id IN (
    SELECT customer_id FROM orders
    WHERE created_at > TIMESTAMP '2026-10-02 00:00:00' AND created_at <= TIMESTAMP '2026-11-01 00:00:00'
  )
GROUP BY customer_id
HAVING max(created_at) FILTER (WHERE category = 'shoes')
     = max(created_at) FILTER (WHERE category IS NOT NULL)
   AND coalesce(max(created_at) FILTER (WHERE category COLLATE "C" > 'shoes')
              < max(created_at) FILTER (WHERE category = 'shoes'), TRUE)
