-- last_order in this month (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id AS customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
    AND (
      created_at >= toDateTime64('2026-10-31 23:00:00.000000', 6, 'UTC')
      AND (
        created_at >= toDateTime64('2026-10-31 23:00:00.000000', 6, 'UTC')
        AND created_at < toDateTime64('2026-11-30 23:00:00.000000', 6, 'UTC')
      )
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- last_order in this month (now)
SELECT
  c.customer_id AS customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= now64(6, 'UTC')
    AND (
      created_at >= addDays(now64(6, 'UTC'), -32)
      AND 12 * toInt64(toYear(toTimeZone(created_at, 'Europe/Warsaw'))) + toInt64(toMonth(toTimeZone(created_at, 'Europe/Warsaw'))) = 12 * toInt64(toYear(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'))) + toInt64(toMonth(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw')))
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL OR c.signup_at <= now64(6, 'UTC')
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- signup_at in last 3 weeks (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id AS customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
  )
  AND (
    c.signup_at >= toDateTime64('2026-10-04 22:00:00.000000', 6, 'UTC')
    AND c.signup_at < toDateTime64('2026-10-25 23:00:00.000000', 6, 'UTC')
  )
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- signup_at in last 3 weeks (now)
SELECT
  c.customer_id AS customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= now64(6, 'UTC')
  )
  AND (
    toInt64(toRelativeDayNum(toTimeZone(c.signup_at, 'Europe/Warsaw'))) - toInt64(toDayOfWeek(toTimeZone(c.signup_at, 'Europe/Warsaw'))) + 1 >= toInt64(toRelativeDayNum(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'))) - toInt64(toDayOfWeek(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'))) + 1 - 21
    AND toInt64(toRelativeDayNum(toTimeZone(c.signup_at, 'Europe/Warsaw'))) - toInt64(toDayOfWeek(toTimeZone(c.signup_at, 'Europe/Warsaw'))) + 1 <= toInt64(toRelativeDayNum(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'))) - toInt64(toDayOfWeek(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'))) + 1 - 7
  )
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- birth_date in year to date (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id AS customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
  )
  AND (
    c.birth_date >= toDate('2026-01-01') AND c.birth_date < toDate('2026-11-02')
  )
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- birth_date in year to date (now)
SELECT
  c.customer_id AS customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= now64(6, 'UTC')
  )
  AND (
    toInt64(toYear(c.birth_date)) = toInt64(toYear(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw')))
    AND toInt64(toRelativeDayNum(c.birth_date)) <= toInt64(toRelativeDayNum(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw')))
  )
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- signup_at in 2026-03 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id AS customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
  )
  AND (
    c.signup_at >= toDateTime64('2026-02-28 23:00:00.000000', 6, 'UTC')
    AND c.signup_at < toDateTime64('2026-03-31 22:00:00.000000', 6, 'UTC')
  )
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- signup_at in 2026-03 (now)
SELECT
  c.customer_id AS customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= now64(6, 'UTC')
  )
  AND (
    c.signup_at >= toDateTime64('2026-02-28 23:00:00.000000', 6, 'UTC')
    AND c.signup_at < toDateTime64('2026-03-31 22:00:00.000000', 6, 'UTC')
  )
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- weekday(last_order) >= 6 and hour(signup_at) < 9 (as of 2026-11-01T00:00:00)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM customers AS c
  WHERE
    (
      c.signup_at IS NULL
      OR c.signup_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
    )
    AND toInt64(toHour(toTimeZone(c.signup_at, 'Europe/Warsaw'))) < 9
), orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
    AND customer_id IN (
      SELECT
        customer_id
      FROM candidates
    )
  GROUP BY
    customer_id
)
SELECT
  c.customer_id AS customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
  )
  AND (
    c.customer_id IN (
      SELECT
        customer_id
      FROM candidates
    )
    AND toInt64(toDayOfWeek(toTimeZone(orders_agg.last_order, 'Europe/Warsaw'))) >= 6
  )
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- weekday(last_order) >= 6 and hour(signup_at) < 9 (now)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM customers AS c
  WHERE
    (
      c.signup_at IS NULL OR c.signup_at <= now64(6, 'UTC')
    )
    AND toInt64(toHour(toTimeZone(c.signup_at, 'Europe/Warsaw'))) < 9
), orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= now64(6, 'UTC')
    AND customer_id IN (
      SELECT
        customer_id
      FROM candidates
    )
  GROUP BY
    customer_id
)
SELECT
  c.customer_id AS customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= now64(6, 'UTC')
  )
  AND (
    c.customer_id IN (
      SELECT
        customer_id
      FROM candidates
    )
    AND toInt64(toDayOfWeek(toTimeZone(orders_agg.last_order, 'Europe/Warsaw'))) >= 6
  )
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- count(orders where created_at in today) > 0 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id AS customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
    AND (
      created_at >= toDateTime64('2026-10-31 23:00:00.000000', 6, 'UTC')
      AND created_at < toDateTime64('2026-11-01 23:00:00.000000', 6, 'UTC')
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- count(orders where created_at in today) > 0 (now)
SELECT
  c.customer_id AS customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= now64(6, 'UTC')
    AND toInt64(toRelativeDayNum(toTimeZone(created_at, 'Europe/Warsaw'))) = toInt64(toRelativeDayNum(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw')))
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL OR c.signup_at <= now64(6, 'UTC')
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- anniversary(birth_date) in next 7 days (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id AS customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
  )
  AND (
    (
      toInt64(toMonth(c.birth_date)) = 11
      AND toInt64(toDayOfMonth(c.birth_date)) >= 2
      AND toInt64(toDayOfMonth(c.birth_date)) < 9
    )
    AND c.birth_date < toDate('2026-01-01')
  )
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- anniversary(birth_date) in next 7 days (now)
SELECT
  c.customer_id AS customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= now64(6, 'UTC')
  )
  AND (
    (
      toInt64(toYear(addDays(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'), 1))) = toInt64(toYear(addDays(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'), 8)))
      AND 100 * toInt64(toMonth(c.birth_date)) + toInt64(toDayOfMonth(c.birth_date)) >= 100 * toInt64(toMonth(addDays(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'), 1))) + toInt64(toDayOfMonth(addDays(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'), 1)))
      AND 100 * toInt64(toMonth(c.birth_date)) + toInt64(toDayOfMonth(c.birth_date)) < 100 * toInt64(toMonth(addDays(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'), 8))) + toInt64(toDayOfMonth(addDays(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'), 8)))
      AND toInt64(toYear(c.birth_date)) < toInt64(toYear(addDays(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'), 1)))
    )
    OR (
      toInt64(toYear(addDays(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'), 1))) < toInt64(toYear(addDays(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'), 8)))
      AND (
        (
          100 * toInt64(toMonth(c.birth_date)) + toInt64(toDayOfMonth(c.birth_date)) >= 100 * toInt64(toMonth(addDays(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'), 1))) + toInt64(toDayOfMonth(addDays(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'), 1)))
          AND toInt64(toYear(c.birth_date)) < toInt64(toYear(addDays(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'), 1)))
        )
        OR (
          100 * toInt64(toMonth(c.birth_date)) + toInt64(toDayOfMonth(c.birth_date)) < 100 * toInt64(toMonth(addDays(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'), 8))) + toInt64(toDayOfMonth(addDays(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'), 8)))
          AND toInt64(toYear(c.birth_date)) < toInt64(toYear(addDays(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'), 8)))
        )
      )
    )
  )
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- anniversary(signup_at) in today (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id AS customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
  )
  AND (
    (
      toInt64(toMonth(toTimeZone(c.signup_at, 'Europe/Warsaw'))) = 11
      AND toInt64(toDayOfMonth(toTimeZone(c.signup_at, 'Europe/Warsaw'))) < 2
    )
    AND toInt64(toYear(toTimeZone(c.signup_at, 'Europe/Warsaw'))) < 2026
  )
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- anniversary(signup_at) in today (now)
SELECT
  c.customer_id AS customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= now64(6, 'UTC')
  )
  AND (
    (
      toInt64(toYear(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'))) = toInt64(toYear(addDays(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'), 1)))
      AND 100 * toInt64(toMonth(toTimeZone(c.signup_at, 'Europe/Warsaw'))) + toInt64(toDayOfMonth(toTimeZone(c.signup_at, 'Europe/Warsaw'))) >= 100 * toInt64(toMonth(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'))) + toInt64(toDayOfMonth(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw')))
      AND 100 * toInt64(toMonth(toTimeZone(c.signup_at, 'Europe/Warsaw'))) + toInt64(toDayOfMonth(toTimeZone(c.signup_at, 'Europe/Warsaw'))) < 100 * toInt64(toMonth(addDays(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'), 1))) + toInt64(toDayOfMonth(addDays(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'), 1)))
      AND toInt64(toYear(toTimeZone(c.signup_at, 'Europe/Warsaw'))) < toInt64(toYear(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw')))
    )
    OR (
      toInt64(toYear(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'))) < toInt64(toYear(addDays(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'), 1)))
      AND (
        (
          100 * toInt64(toMonth(toTimeZone(c.signup_at, 'Europe/Warsaw'))) + toInt64(toDayOfMonth(toTimeZone(c.signup_at, 'Europe/Warsaw'))) >= 100 * toInt64(toMonth(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'))) + toInt64(toDayOfMonth(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw')))
          AND toInt64(toYear(toTimeZone(c.signup_at, 'Europe/Warsaw'))) < toInt64(toYear(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw')))
        )
        OR (
          100 * toInt64(toMonth(toTimeZone(c.signup_at, 'Europe/Warsaw'))) + toInt64(toDayOfMonth(toTimeZone(c.signup_at, 'Europe/Warsaw'))) < 100 * toInt64(toMonth(addDays(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'), 1))) + toInt64(toDayOfMonth(addDays(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'), 1)))
          AND toInt64(toYear(toTimeZone(c.signup_at, 'Europe/Warsaw'))) < toInt64(toYear(addDays(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'), 1)))
        )
      )
    )
  )
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- signup_at in next month (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id AS customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
  )
  AND (
    c.signup_at >= toDateTime64('2026-11-30 23:00:00.000000', 6, 'UTC')
    AND c.signup_at < toDateTime64('2026-12-31 23:00:00.000000', 6, 'UTC')
  )
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- signup_at in next month (now)
SELECT
  c.customer_id AS customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= now64(6, 'UTC')
  )
  AND 12 * toInt64(toYear(toTimeZone(c.signup_at, 'Europe/Warsaw'))) + toInt64(toMonth(toTimeZone(c.signup_at, 'Europe/Warsaw'))) = 12 * toInt64(toYear(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'))) + toInt64(toMonth(toTimeZone(now64(6, 'UTC'), 'Europe/Warsaw'))) + 1
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

