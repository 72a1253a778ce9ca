-- variant: md5_prefix
SELECT customer_id FROM customers
WHERE CAST('0x' || substr(md5('spring24:' || CAST(customer_id AS VARCHAR)), 1, 8) AS BIGINT) < 429496730
