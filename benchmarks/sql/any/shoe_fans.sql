-- variant: ranked_categories
-- Categories per customer by number of orders, then the latest order, then the category.
WITH per_category AS (
    SELECT customer_id, category, count(*) AS orders, max(created_at) AS latest FROM orders
    WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00' AND category IS NOT NULL
    GROUP BY customer_id, category
), ranked AS (
    SELECT customer_id, category,
           row_number() OVER (PARTITION BY customer_id ORDER BY orders DESC, latest DESC, category DESC) AS place
    FROM per_category
)
SELECT customer_id FROM ranked WHERE place = 1 AND category = 'shoes'
