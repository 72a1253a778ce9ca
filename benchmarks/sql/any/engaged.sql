-- variant: grouped_having
SELECT customer_id FROM email_events
WHERE ts > TIMESTAMP '2026-10-02 00:00:00' AND ts <= TIMESTAMP '2026-11-01 00:00:00'
  AND type IN ('open', 'click')
GROUP BY customer_id
HAVING count(*) FILTER (WHERE type = 'open') >= 3 OR count(*) FILTER (WHERE type = 'click') >= 1
