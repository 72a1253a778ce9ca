-- last_order in this month (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= TIMESTAMP('2026-11-01 00:00:00+00')
    AND (
      created_at >= TIMESTAMP('2026-10-31 23:00:00+00')
      AND (
        created_at >= TIMESTAMP('2026-10-31 23:00:00+00')
        AND created_at < TIMESTAMP('2026-11-30 23:00:00+00')
      )
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL OR c.signup_at <= TIMESTAMP('2026-11-01 00:00:00+00');

-- last_order in this month (now)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CURRENT_TIMESTAMP()
    AND (
      created_at >= TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL -32 DAY)
      AND 12 * EXTRACT(YEAR FROM DATETIME(created_at, 'Europe/Warsaw')) + EXTRACT(MONTH FROM DATETIME(created_at, 'Europe/Warsaw')) = 12 * EXTRACT(YEAR FROM DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw')) + EXTRACT(MONTH FROM DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'))
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL OR c.signup_at <= CURRENT_TIMESTAMP();

-- signup_at in last 3 weeks (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= TIMESTAMP('2026-11-01 00:00:00+00')
  )
  AND (
    c.signup_at >= TIMESTAMP('2026-10-04 22:00:00+00')
    AND c.signup_at < TIMESTAMP('2026-10-25 23:00:00+00')
  );

-- signup_at in last 3 weeks (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CURRENT_TIMESTAMP()
  )
  AND (
    UNIX_DATE(DATE(DATETIME(c.signup_at, 'Europe/Warsaw'))) - (
      MOD(EXTRACT(DAYOFWEEK FROM DATETIME(c.signup_at, 'Europe/Warsaw')) + 5, 7) + 1
    ) + 1 >= UNIX_DATE(DATE(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'))) - (
      MOD(EXTRACT(DAYOFWEEK FROM DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw')) + 5, 7) + 1
    ) + 1 - 21
    AND UNIX_DATE(DATE(DATETIME(c.signup_at, 'Europe/Warsaw'))) - (
      MOD(EXTRACT(DAYOFWEEK FROM DATETIME(c.signup_at, 'Europe/Warsaw')) + 5, 7) + 1
    ) + 1 <= UNIX_DATE(DATE(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'))) - (
      MOD(EXTRACT(DAYOFWEEK FROM DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw')) + 5, 7) + 1
    ) + 1 - 7
  );

-- birth_date in year to date (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= TIMESTAMP('2026-11-01 00:00:00+00')
  )
  AND (
    c.birth_date >= CAST('2026-01-01' AS DATE)
    AND c.birth_date < CAST('2026-11-02' AS DATE)
  );

-- birth_date in year to date (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CURRENT_TIMESTAMP()
  )
  AND (
    EXTRACT(YEAR FROM c.birth_date) = EXTRACT(YEAR FROM DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'))
    AND UNIX_DATE(c.birth_date) <= UNIX_DATE(DATE(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw')))
  );

-- signup_at in 2026-03 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= TIMESTAMP('2026-11-01 00:00:00+00')
  )
  AND (
    c.signup_at >= TIMESTAMP('2026-02-28 23:00:00+00')
    AND c.signup_at < TIMESTAMP('2026-03-31 22:00:00+00')
  );

-- signup_at in 2026-03 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CURRENT_TIMESTAMP()
  )
  AND (
    c.signup_at >= TIMESTAMP('2026-02-28 23:00:00+00')
    AND c.signup_at < TIMESTAMP('2026-03-31 22:00:00+00')
  );

-- weekday(last_order) >= 6 and hour(signup_at) < 9 (as of 2026-11-01T00:00:00)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM customers AS c
  WHERE
    (
      c.signup_at IS NULL OR c.signup_at <= TIMESTAMP('2026-11-01 00:00:00+00')
    )
    AND EXTRACT(HOUR FROM DATETIME(c.signup_at, 'Europe/Warsaw')) < 9
), orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= TIMESTAMP('2026-11-01 00:00:00+00')
    AND customer_id IN (
      SELECT
        customer_id
      FROM candidates
    )
  GROUP BY
    customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= TIMESTAMP('2026-11-01 00:00:00+00')
  )
  AND (
    c.customer_id IN (
      SELECT
        customer_id
      FROM candidates
    )
    AND MOD(EXTRACT(DAYOFWEEK FROM DATETIME(orders_agg.last_order, 'Europe/Warsaw')) + 5, 7) + 1 >= 6
  );

-- weekday(last_order) >= 6 and hour(signup_at) < 9 (now)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM customers AS c
  WHERE
    (
      c.signup_at IS NULL OR c.signup_at <= CURRENT_TIMESTAMP()
    )
    AND EXTRACT(HOUR FROM DATETIME(c.signup_at, 'Europe/Warsaw')) < 9
), orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= CURRENT_TIMESTAMP()
    AND customer_id IN (
      SELECT
        customer_id
      FROM candidates
    )
  GROUP BY
    customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CURRENT_TIMESTAMP()
  )
  AND (
    c.customer_id IN (
      SELECT
        customer_id
      FROM candidates
    )
    AND MOD(EXTRACT(DAYOFWEEK FROM DATETIME(orders_agg.last_order, 'Europe/Warsaw')) + 5, 7) + 1 >= 6
  );

-- count(orders where created_at in today) > 0 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= TIMESTAMP('2026-11-01 00:00:00+00')
    AND (
      created_at >= TIMESTAMP('2026-10-31 23:00:00+00')
      AND created_at < TIMESTAMP('2026-11-01 23:00:00+00')
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL OR c.signup_at <= TIMESTAMP('2026-11-01 00:00:00+00');

-- count(orders where created_at in today) > 0 (now)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CURRENT_TIMESTAMP()
    AND UNIX_DATE(DATE(DATETIME(created_at, 'Europe/Warsaw'))) = UNIX_DATE(DATE(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw')))
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL OR c.signup_at <= CURRENT_TIMESTAMP();

-- anniversary(birth_date) in next 7 days (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= TIMESTAMP('2026-11-01 00:00:00+00')
  )
  AND (
    (
      EXTRACT(MONTH FROM c.birth_date) = 11
      AND EXTRACT(DAY FROM c.birth_date) >= 2
      AND EXTRACT(DAY FROM c.birth_date) < 9
    )
    AND c.birth_date < CAST('2026-01-01' AS DATE)
  );

-- anniversary(birth_date) in next 7 days (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CURRENT_TIMESTAMP()
  )
  AND (
    (
      EXTRACT(YEAR FROM TIMESTAMP_ADD(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'), INTERVAL 1 DAY)) = EXTRACT(YEAR FROM TIMESTAMP_ADD(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'), INTERVAL 8 DAY))
      AND 100 * EXTRACT(MONTH FROM c.birth_date) + EXTRACT(DAY FROM c.birth_date) >= 100 * EXTRACT(MONTH FROM TIMESTAMP_ADD(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'), INTERVAL 1 DAY)) + EXTRACT(DAY FROM TIMESTAMP_ADD(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'), INTERVAL 1 DAY))
      AND 100 * EXTRACT(MONTH FROM c.birth_date) + EXTRACT(DAY FROM c.birth_date) < 100 * EXTRACT(MONTH FROM TIMESTAMP_ADD(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'), INTERVAL 8 DAY)) + EXTRACT(DAY FROM TIMESTAMP_ADD(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'), INTERVAL 8 DAY))
      AND EXTRACT(YEAR FROM c.birth_date) < EXTRACT(YEAR FROM TIMESTAMP_ADD(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'), INTERVAL 1 DAY))
    )
    OR (
      EXTRACT(YEAR FROM TIMESTAMP_ADD(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'), INTERVAL 1 DAY)) < EXTRACT(YEAR FROM TIMESTAMP_ADD(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'), INTERVAL 8 DAY))
      AND (
        (
          100 * EXTRACT(MONTH FROM c.birth_date) + EXTRACT(DAY FROM c.birth_date) >= 100 * EXTRACT(MONTH FROM TIMESTAMP_ADD(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'), INTERVAL 1 DAY)) + EXTRACT(DAY FROM TIMESTAMP_ADD(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'), INTERVAL 1 DAY))
          AND EXTRACT(YEAR FROM c.birth_date) < EXTRACT(YEAR FROM TIMESTAMP_ADD(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'), INTERVAL 1 DAY))
        )
        OR (
          100 * EXTRACT(MONTH FROM c.birth_date) + EXTRACT(DAY FROM c.birth_date) < 100 * EXTRACT(MONTH FROM TIMESTAMP_ADD(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'), INTERVAL 8 DAY)) + EXTRACT(DAY FROM TIMESTAMP_ADD(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'), INTERVAL 8 DAY))
          AND EXTRACT(YEAR FROM c.birth_date) < EXTRACT(YEAR FROM TIMESTAMP_ADD(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'), INTERVAL 8 DAY))
        )
      )
    )
  );

-- anniversary(signup_at) in today (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= TIMESTAMP('2026-11-01 00:00:00+00')
  )
  AND (
    (
      EXTRACT(MONTH FROM DATETIME(c.signup_at, 'Europe/Warsaw')) = 11
      AND EXTRACT(DAY FROM DATETIME(c.signup_at, 'Europe/Warsaw')) < 2
    )
    AND EXTRACT(YEAR FROM DATETIME(c.signup_at, 'Europe/Warsaw')) < 2026
  );

-- anniversary(signup_at) in today (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CURRENT_TIMESTAMP()
  )
  AND (
    (
      EXTRACT(YEAR FROM DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw')) = EXTRACT(YEAR FROM TIMESTAMP_ADD(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'), INTERVAL 1 DAY))
      AND 100 * EXTRACT(MONTH FROM DATETIME(c.signup_at, 'Europe/Warsaw')) + EXTRACT(DAY FROM DATETIME(c.signup_at, 'Europe/Warsaw')) >= 100 * EXTRACT(MONTH FROM DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw')) + EXTRACT(DAY FROM DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'))
      AND 100 * EXTRACT(MONTH FROM DATETIME(c.signup_at, 'Europe/Warsaw')) + EXTRACT(DAY FROM DATETIME(c.signup_at, 'Europe/Warsaw')) < 100 * EXTRACT(MONTH FROM TIMESTAMP_ADD(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'), INTERVAL 1 DAY)) + EXTRACT(DAY FROM TIMESTAMP_ADD(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'), INTERVAL 1 DAY))
      AND EXTRACT(YEAR FROM DATETIME(c.signup_at, 'Europe/Warsaw')) < EXTRACT(YEAR FROM DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'))
    )
    OR (
      EXTRACT(YEAR FROM DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw')) < EXTRACT(YEAR FROM TIMESTAMP_ADD(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'), INTERVAL 1 DAY))
      AND (
        (
          100 * EXTRACT(MONTH FROM DATETIME(c.signup_at, 'Europe/Warsaw')) + EXTRACT(DAY FROM DATETIME(c.signup_at, 'Europe/Warsaw')) >= 100 * EXTRACT(MONTH FROM DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw')) + EXTRACT(DAY FROM DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'))
          AND EXTRACT(YEAR FROM DATETIME(c.signup_at, 'Europe/Warsaw')) < EXTRACT(YEAR FROM DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'))
        )
        OR (
          100 * EXTRACT(MONTH FROM DATETIME(c.signup_at, 'Europe/Warsaw')) + EXTRACT(DAY FROM DATETIME(c.signup_at, 'Europe/Warsaw')) < 100 * EXTRACT(MONTH FROM TIMESTAMP_ADD(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'), INTERVAL 1 DAY)) + EXTRACT(DAY FROM TIMESTAMP_ADD(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'), INTERVAL 1 DAY))
          AND EXTRACT(YEAR FROM DATETIME(c.signup_at, 'Europe/Warsaw')) < EXTRACT(YEAR FROM TIMESTAMP_ADD(DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw'), INTERVAL 1 DAY))
        )
      )
    )
  );

-- signup_at in next month (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= TIMESTAMP('2026-11-01 00:00:00+00')
  )
  AND (
    c.signup_at >= TIMESTAMP('2026-11-30 23:00:00+00')
    AND c.signup_at < TIMESTAMP('2026-12-31 23:00:00+00')
  );

-- signup_at in next month (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CURRENT_TIMESTAMP()
  )
  AND 12 * EXTRACT(YEAR FROM DATETIME(c.signup_at, 'Europe/Warsaw')) + EXTRACT(MONTH FROM DATETIME(c.signup_at, 'Europe/Warsaw')) = 12 * EXTRACT(YEAR FROM DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw')) + EXTRACT(MONTH FROM DATETIME(CURRENT_TIMESTAMP(), 'Europe/Warsaw')) + 1;

