-- variant: exists_correlated_count
SELECT c.customer_id FROM customers AS c
WHERE c.country IN ('AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE')
  AND EXISTS (
      SELECT 1 FROM email_events AS e
      WHERE e.customer_id = c.customer_id AND e.type = 'open'
        AND e.ts > TIMESTAMP '2026-10-02 00:00:00' AND e.ts <= TIMESTAMP '2026-11-01 00:00:00')
  AND (SELECT count(*) FROM orders AS o
       WHERE o.customer_id = c.customer_id
         AND o.created_at <= TIMESTAMP '2026-11-01 00:00:00') >= 2
-- variant: candidate_first
WITH candidates AS (
    SELECT c.customer_id FROM customers AS c
    WHERE c.country IN ('AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE')
      AND EXISTS (
          SELECT 1 FROM email_events AS e
          WHERE e.customer_id = c.customer_id AND e.type = 'open'
            AND e.ts > TIMESTAMP '2026-10-02 00:00:00' AND e.ts <= TIMESTAMP '2026-11-01 00:00:00')
)
SELECT o.customer_id FROM orders AS o
WHERE o.created_at <= TIMESTAMP '2026-11-01 00:00:00'
  AND o.customer_id IN (SELECT customer_id FROM candidates)
GROUP BY o.customer_id
HAVING count(*) >= 2
