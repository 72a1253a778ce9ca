-- variant: candidate_first
-- The selective conditions (EU, an open in 30 days) pick the candidates; only their orders are counted.
WITH candidates AS (
    SELECT customer_id FROM customers
    WHERE country IN ('AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE')
      AND customer_id IN (
          SELECT customer_id FROM email_events
          WHERE type = 'open'
            AND ts > TIMESTAMP '2026-10-02 00:00:00' AND ts <= TIMESTAMP '2026-11-01 00:00:00')
)
SELECT customer_id FROM orders
WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00'
  AND customer_id IN (SELECT customer_id FROM candidates)
GROUP BY customer_id
HAVING count(*) >= 2
-- variant: filtered_aggregate
WITH o AS (
    SELECT customer_id, count(*) AS purchases FROM orders
    WHERE created_at <= TIMESTAMP '2026-11-01 00:00:00' GROUP BY customer_id
), e AS (
    SELECT customer_id, max(ts) AS last_open FROM email_events
    WHERE type = 'open' AND ts <= TIMESTAMP '2026-11-01 00:00:00' GROUP BY customer_id
)
SELECT c.customer_id FROM customers AS c
JOIN o ON o.customer_id = c.customer_id
JOIN e ON e.customer_id = c.customer_id
WHERE c.country IN ('AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE')
  AND o.purchases >= 2 AND e.last_open > TIMESTAMP '2026-10-02 00:00:00'
