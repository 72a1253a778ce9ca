-- variant: grouped_having
SELECT customer_id FROM web_events
WHERE ts > TIMESTAMP '2026-10-02 00:00:00' AND ts <= TIMESTAMP '2026-11-01 00:00:00'
GROUP BY customer_id
HAVING count(DISTINCT CAST((ts AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Warsaw' AS date)) >= 4
