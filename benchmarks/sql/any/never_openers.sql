-- variant: grouped_having
SELECT customer_id FROM email_events
WHERE ts <= TIMESTAMP '2026-11-01 00:00:00' AND type IN ('send', 'open')
GROUP BY customer_id
HAVING count(*) FILTER (WHERE type = 'send') > 0 AND count(*) FILTER (WHERE type = 'open') = 0
-- variant: anti_join
SELECT DISTINCT customer_id FROM email_events AS s
WHERE s.type = 'send' AND s.ts <= TIMESTAMP '2026-11-01 00:00:00'
  AND NOT EXISTS (
    SELECT 1 FROM email_events AS o
    WHERE o.customer_id = s.customer_id AND o.type = 'open'
      AND o.ts <= TIMESTAMP '2026-11-01 00:00:00'
  )
