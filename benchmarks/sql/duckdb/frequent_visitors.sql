-- variant: grouped_having
SELECT customer_id FROM web_events
WHERE ts > TIMESTAMP '2026-10-02 00:00:00' AND ts <= TIMESTAMP '2026-11-01 00:00:00'
GROUP BY customer_id
HAVING count(DISTINCT CAST(timezone('Europe/Warsaw', timezone('UTC', ts)) AS DATE)) >= 4
