-- last_order in this month (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
    AND (
      created_at >= CAST('2026-10-31 23:00:00' AS TIMESTAMP)
      AND (
        created_at >= CAST('2026-10-31 23:00:00' AS TIMESTAMP)
        AND created_at < CAST('2026-11-30 23:00:00' AS TIMESTAMP)
      )
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP);

-- last_order in this month (now)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= TIMEZONE('UTC', NOW())
    AND (
      created_at >= TIMEZONE('UTC', NOW()) - INTERVAL '32' DAY
      AND 12 * YEAR(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', created_at))) + MONTH(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', created_at))) = 12 * YEAR(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW())))) + MONTH(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))))
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL OR c.signup_at <= TIMEZONE('UTC', NOW());

-- signup_at in last 3 weeks (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  )
  AND (
    c.signup_at >= CAST('2026-10-04 22:00:00' AS TIMESTAMP)
    AND c.signup_at < CAST('2026-10-25 23:00:00' AS TIMESTAMP)
  );

-- signup_at in last 3 weeks (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= TIMEZONE('UTC', NOW())
  )
  AND (
    CAST(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', c.signup_at)) AS DATE) - CAST('1970-01-01' AS DATE) - ISODOW(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', c.signup_at))) + 1 >= CAST(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) AS DATE) - CAST('1970-01-01' AS DATE) - ISODOW(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW())))) + 1 - 21
    AND CAST(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', c.signup_at)) AS DATE) - CAST('1970-01-01' AS DATE) - ISODOW(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', c.signup_at))) + 1 <= CAST(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) AS DATE) - CAST('1970-01-01' AS DATE) - ISODOW(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW())))) + 1 - 7
  );

-- birth_date in year to date (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
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
    c.signup_at IS NULL OR c.signup_at <= TIMEZONE('UTC', NOW())
  )
  AND (
    YEAR(c.birth_date) = YEAR(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))))
    AND c.birth_date - CAST('1970-01-01' AS DATE) <= CAST(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) AS DATE) - CAST('1970-01-01' AS DATE)
  );

-- signup_at in 2026-03 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  )
  AND (
    c.signup_at >= CAST('2026-02-28 23:00:00' AS TIMESTAMP)
    AND c.signup_at < CAST('2026-03-31 22:00:00' AS TIMESTAMP)
  );

-- signup_at in 2026-03 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= TIMEZONE('UTC', NOW())
  )
  AND (
    c.signup_at >= CAST('2026-02-28 23:00:00' AS TIMESTAMP)
    AND c.signup_at < CAST('2026-03-31 22:00:00' AS TIMESTAMP)
  );

-- weekday(last_order) >= 6 and hour(signup_at) < 9 (as of 2026-11-01T00:00:00)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM customers AS c
  WHERE
    (
      c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
    )
    AND HOUR(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', c.signup_at))) < 9
), orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
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
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  )
  AND (
    c.customer_id IN (
      SELECT
        customer_id
      FROM candidates
    )
    AND ISODOW(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', orders_agg.last_order))) >= 6
  );

-- weekday(last_order) >= 6 and hour(signup_at) < 9 (now)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM customers AS c
  WHERE
    (
      c.signup_at IS NULL OR c.signup_at <= TIMEZONE('UTC', NOW())
    )
    AND HOUR(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', c.signup_at))) < 9
), orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= TIMEZONE('UTC', NOW())
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
    c.signup_at IS NULL OR c.signup_at <= TIMEZONE('UTC', NOW())
  )
  AND (
    c.customer_id IN (
      SELECT
        customer_id
      FROM candidates
    )
    AND ISODOW(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', orders_agg.last_order))) >= 6
  );

-- count(orders where created_at in today) > 0 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
    AND (
      created_at >= CAST('2026-10-31 23:00:00' AS TIMESTAMP)
      AND created_at < CAST('2026-11-01 23:00:00' AS TIMESTAMP)
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP);

-- count(orders where created_at in today) > 0 (now)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= TIMEZONE('UTC', NOW())
    AND CAST(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', created_at)) AS DATE) - CAST('1970-01-01' AS DATE) = CAST(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) AS DATE) - CAST('1970-01-01' AS DATE)
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL OR c.signup_at <= TIMEZONE('UTC', NOW());

-- anniversary(birth_date) in next 7 days (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  )
  AND (
    (
      MONTH(c.birth_date) = 11 AND DAY(c.birth_date) >= 2 AND DAY(c.birth_date) < 9
    )
    AND c.birth_date < CAST('2026-01-01' AS DATE)
  );

-- anniversary(birth_date) in next 7 days (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= TIMEZONE('UTC', NOW())
  )
  AND (
    (
      YEAR(
        TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) + INTERVAL '1' DAY
      ) = YEAR(
        TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) + INTERVAL '8' DAY
      )
      AND 100 * MONTH(c.birth_date) + DAY(c.birth_date) >= 100 * MONTH(
        TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) + INTERVAL '1' DAY
      ) + DAY(
        TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) + INTERVAL '1' DAY
      )
      AND 100 * MONTH(c.birth_date) + DAY(c.birth_date) < 100 * MONTH(
        TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) + INTERVAL '8' DAY
      ) + DAY(
        TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) + INTERVAL '8' DAY
      )
      AND YEAR(c.birth_date) < YEAR(
        TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) + INTERVAL '1' DAY
      )
    )
    OR (
      YEAR(
        TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) + INTERVAL '1' DAY
      ) < YEAR(
        TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) + INTERVAL '8' DAY
      )
      AND (
        (
          100 * MONTH(c.birth_date) + DAY(c.birth_date) >= 100 * MONTH(
            TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) + INTERVAL '1' DAY
          ) + DAY(
            TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) + INTERVAL '1' DAY
          )
          AND YEAR(c.birth_date) < YEAR(
            TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) + INTERVAL '1' DAY
          )
        )
        OR (
          100 * MONTH(c.birth_date) + DAY(c.birth_date) < 100 * MONTH(
            TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) + INTERVAL '8' DAY
          ) + DAY(
            TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) + INTERVAL '8' DAY
          )
          AND YEAR(c.birth_date) < YEAR(
            TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) + INTERVAL '8' DAY
          )
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
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  )
  AND (
    (
      MONTH(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', c.signup_at))) = 11
      AND DAY(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', c.signup_at))) < 2
    )
    AND YEAR(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', c.signup_at))) < 2026
  );

-- anniversary(signup_at) in today (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= TIMEZONE('UTC', NOW())
  )
  AND (
    (
      YEAR(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW())))) = YEAR(
        TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) + INTERVAL '1' DAY
      )
      AND 100 * MONTH(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', c.signup_at))) + DAY(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', c.signup_at))) >= 100 * MONTH(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW())))) + DAY(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))))
      AND 100 * MONTH(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', c.signup_at))) + DAY(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', c.signup_at))) < 100 * MONTH(
        TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) + INTERVAL '1' DAY
      ) + DAY(
        TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) + INTERVAL '1' DAY
      )
      AND YEAR(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', c.signup_at))) < YEAR(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))))
    )
    OR (
      YEAR(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW())))) < YEAR(
        TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) + INTERVAL '1' DAY
      )
      AND (
        (
          100 * MONTH(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', c.signup_at))) + DAY(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', c.signup_at))) >= 100 * MONTH(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW())))) + DAY(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))))
          AND YEAR(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', c.signup_at))) < YEAR(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))))
        )
        OR (
          100 * MONTH(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', c.signup_at))) + DAY(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', c.signup_at))) < 100 * MONTH(
            TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) + INTERVAL '1' DAY
          ) + DAY(
            TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) + INTERVAL '1' DAY
          )
          AND YEAR(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', c.signup_at))) < YEAR(
            TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW()))) + INTERVAL '1' DAY
          )
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
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  )
  AND (
    c.signup_at >= CAST('2026-11-30 23:00:00' AS TIMESTAMP)
    AND c.signup_at < CAST('2026-12-31 23:00:00' AS TIMESTAMP)
  );

-- signup_at in next month (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= TIMEZONE('UTC', NOW())
  )
  AND 12 * YEAR(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', c.signup_at))) + MONTH(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', c.signup_at))) = 12 * YEAR(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW())))) + MONTH(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', TIMEZONE('UTC', NOW())))) + 1;

