-- variant: md5_prefix
SELECT customer_id FROM customers
WHERE ('x' || substr(md5('spring24:' || customer_id::text), 1, 8))::bit(32)::bigint < 429496730
