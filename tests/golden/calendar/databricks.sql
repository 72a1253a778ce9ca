-- last_order in this month (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
    AND (
      created_at >= CAST('2026-10-31 23:00:00' AS TIMESTAMP_NTZ)
      AND (
        created_at >= CAST('2026-10-31 23:00:00' AS TIMESTAMP_NTZ)
        AND created_at < CAST('2026-11-30 23:00:00' AS TIMESTAMP_NTZ)
      )
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ);

-- last_order in this month (now)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
    AND (
      created_at >= TIMESTAMPADD(
        DAY,
        -32,
        CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
      )
      AND 12 * YEAR(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', created_at)) + MONTH(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', created_at)) = 12 * YEAR(
        CONVERT_TIMEZONE(
          'UTC',
          'Europe/Warsaw',
          CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        )
      ) + MONTH(
        CONVERT_TIMEZONE(
          'UTC',
          'Europe/Warsaw',
          CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        )
      )
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ);

-- signup_at in last 3 weeks (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND (
    c.signup_at >= CAST('2026-10-04 22:00:00' AS TIMESTAMP_NTZ)
    AND c.signup_at < CAST('2026-10-25 23:00:00' AS TIMESTAMP_NTZ)
  );

-- signup_at in last 3 weeks (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
  )
  AND (
    UNIX_DATE(CAST(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', c.signup_at) AS DATE)) - (
      WEEKDAY(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', c.signup_at)) + 1
    ) + 1 >= UNIX_DATE(
      CAST(CONVERT_TIMEZONE(
        'UTC',
        'Europe/Warsaw',
        CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
      ) AS DATE)
    ) - (
      WEEKDAY(
        CONVERT_TIMEZONE(
          'UTC',
          'Europe/Warsaw',
          CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        )
      ) + 1
    ) + 1 - 21
    AND UNIX_DATE(CAST(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', c.signup_at) AS DATE)) - (
      WEEKDAY(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', c.signup_at)) + 1
    ) + 1 <= UNIX_DATE(
      CAST(CONVERT_TIMEZONE(
        'UTC',
        'Europe/Warsaw',
        CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
      ) AS DATE)
    ) - (
      WEEKDAY(
        CONVERT_TIMEZONE(
          'UTC',
          'Europe/Warsaw',
          CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        )
      ) + 1
    ) + 1 - 7
  );

-- birth_date in year to date (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
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
    c.signup_at IS NULL
    OR c.signup_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
  )
  AND (
    YEAR(c.birth_date) = YEAR(
      CONVERT_TIMEZONE(
        'UTC',
        'Europe/Warsaw',
        CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
      )
    )
    AND UNIX_DATE(c.birth_date) <= UNIX_DATE(
      CAST(CONVERT_TIMEZONE(
        'UTC',
        'Europe/Warsaw',
        CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
      ) AS DATE)
    )
  );

-- signup_at in 2026-03 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND (
    c.signup_at >= CAST('2026-02-28 23:00:00' AS TIMESTAMP_NTZ)
    AND c.signup_at < CAST('2026-03-31 22:00:00' AS TIMESTAMP_NTZ)
  );

-- signup_at in 2026-03 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
  )
  AND (
    c.signup_at >= CAST('2026-02-28 23:00:00' AS TIMESTAMP_NTZ)
    AND c.signup_at < CAST('2026-03-31 22:00:00' AS TIMESTAMP_NTZ)
  );

-- weekday(last_order) >= 6 and hour(signup_at) < 9 (as of 2026-11-01T00:00:00)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM customers AS c
  WHERE
    (
      c.signup_at IS NULL
      OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
    )
    AND HOUR(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', c.signup_at)) < 9
), orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
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
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND (
    c.customer_id IN (
      SELECT
        customer_id
      FROM candidates
    )
    AND WEEKDAY(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', orders_agg.last_order)) + 1 >= 6
  );

-- weekday(last_order) >= 6 and hour(signup_at) < 9 (now)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM customers AS c
  WHERE
    (
      c.signup_at IS NULL
      OR c.signup_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
    )
    AND HOUR(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', c.signup_at)) < 9
), orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
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
    c.signup_at IS NULL
    OR c.signup_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
  )
  AND (
    c.customer_id IN (
      SELECT
        customer_id
      FROM candidates
    )
    AND WEEKDAY(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', orders_agg.last_order)) + 1 >= 6
  );

-- count(orders where created_at in today) > 0 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
    AND (
      created_at >= CAST('2026-10-31 23:00:00' AS TIMESTAMP_NTZ)
      AND created_at < CAST('2026-11-01 23:00:00' AS TIMESTAMP_NTZ)
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ);

-- count(orders where created_at in today) > 0 (now)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
    AND UNIX_DATE(CAST(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', created_at) AS DATE)) = UNIX_DATE(
      CAST(CONVERT_TIMEZONE(
        'UTC',
        'Europe/Warsaw',
        CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
      ) AS DATE)
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ);

-- anniversary(birth_date) in next 7 days (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND (
    (
      MONTH(c.birth_date) = 11
      AND DAYOFMONTH(c.birth_date) >= 2
      AND DAYOFMONTH(c.birth_date) < 9
    )
    AND c.birth_date < CAST('2026-01-01' AS DATE)
  );

-- anniversary(birth_date) in next 7 days (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
  )
  AND (
    (
      YEAR(
        TIMESTAMPADD(
          DAY,
          1,
          CONVERT_TIMEZONE(
            'UTC',
            'Europe/Warsaw',
            CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
          )
        )
      ) = YEAR(
        TIMESTAMPADD(
          DAY,
          8,
          CONVERT_TIMEZONE(
            'UTC',
            'Europe/Warsaw',
            CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
          )
        )
      )
      AND 100 * MONTH(c.birth_date) + DAYOFMONTH(c.birth_date) >= 100 * MONTH(
        TIMESTAMPADD(
          DAY,
          1,
          CONVERT_TIMEZONE(
            'UTC',
            'Europe/Warsaw',
            CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
          )
        )
      ) + DAYOFMONTH(
        TIMESTAMPADD(
          DAY,
          1,
          CONVERT_TIMEZONE(
            'UTC',
            'Europe/Warsaw',
            CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
          )
        )
      )
      AND 100 * MONTH(c.birth_date) + DAYOFMONTH(c.birth_date) < 100 * MONTH(
        TIMESTAMPADD(
          DAY,
          8,
          CONVERT_TIMEZONE(
            'UTC',
            'Europe/Warsaw',
            CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
          )
        )
      ) + DAYOFMONTH(
        TIMESTAMPADD(
          DAY,
          8,
          CONVERT_TIMEZONE(
            'UTC',
            'Europe/Warsaw',
            CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
          )
        )
      )
      AND YEAR(c.birth_date) < YEAR(
        TIMESTAMPADD(
          DAY,
          1,
          CONVERT_TIMEZONE(
            'UTC',
            'Europe/Warsaw',
            CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
          )
        )
      )
    )
    OR (
      YEAR(
        TIMESTAMPADD(
          DAY,
          1,
          CONVERT_TIMEZONE(
            'UTC',
            'Europe/Warsaw',
            CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
          )
        )
      ) < YEAR(
        TIMESTAMPADD(
          DAY,
          8,
          CONVERT_TIMEZONE(
            'UTC',
            'Europe/Warsaw',
            CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
          )
        )
      )
      AND (
        (
          100 * MONTH(c.birth_date) + DAYOFMONTH(c.birth_date) >= 100 * MONTH(
            TIMESTAMPADD(
              DAY,
              1,
              CONVERT_TIMEZONE(
                'UTC',
                'Europe/Warsaw',
                CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
              )
            )
          ) + DAYOFMONTH(
            TIMESTAMPADD(
              DAY,
              1,
              CONVERT_TIMEZONE(
                'UTC',
                'Europe/Warsaw',
                CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
              )
            )
          )
          AND YEAR(c.birth_date) < YEAR(
            TIMESTAMPADD(
              DAY,
              1,
              CONVERT_TIMEZONE(
                'UTC',
                'Europe/Warsaw',
                CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
              )
            )
          )
        )
        OR (
          100 * MONTH(c.birth_date) + DAYOFMONTH(c.birth_date) < 100 * MONTH(
            TIMESTAMPADD(
              DAY,
              8,
              CONVERT_TIMEZONE(
                'UTC',
                'Europe/Warsaw',
                CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
              )
            )
          ) + DAYOFMONTH(
            TIMESTAMPADD(
              DAY,
              8,
              CONVERT_TIMEZONE(
                'UTC',
                'Europe/Warsaw',
                CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
              )
            )
          )
          AND YEAR(c.birth_date) < YEAR(
            TIMESTAMPADD(
              DAY,
              8,
              CONVERT_TIMEZONE(
                'UTC',
                'Europe/Warsaw',
                CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
              )
            )
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
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND (
    (
      MONTH(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', c.signup_at)) = 11
      AND DAYOFMONTH(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', c.signup_at)) < 2
    )
    AND YEAR(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', c.signup_at)) < 2026
  );

-- anniversary(signup_at) in today (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
  )
  AND (
    (
      YEAR(
        CONVERT_TIMEZONE(
          'UTC',
          'Europe/Warsaw',
          CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        )
      ) = YEAR(
        TIMESTAMPADD(
          DAY,
          1,
          CONVERT_TIMEZONE(
            'UTC',
            'Europe/Warsaw',
            CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
          )
        )
      )
      AND 100 * MONTH(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', c.signup_at)) + DAYOFMONTH(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', c.signup_at)) >= 100 * MONTH(
        CONVERT_TIMEZONE(
          'UTC',
          'Europe/Warsaw',
          CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        )
      ) + DAYOFMONTH(
        CONVERT_TIMEZONE(
          'UTC',
          'Europe/Warsaw',
          CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        )
      )
      AND 100 * MONTH(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', c.signup_at)) + DAYOFMONTH(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', c.signup_at)) < 100 * MONTH(
        TIMESTAMPADD(
          DAY,
          1,
          CONVERT_TIMEZONE(
            'UTC',
            'Europe/Warsaw',
            CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
          )
        )
      ) + DAYOFMONTH(
        TIMESTAMPADD(
          DAY,
          1,
          CONVERT_TIMEZONE(
            'UTC',
            'Europe/Warsaw',
            CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
          )
        )
      )
      AND YEAR(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', c.signup_at)) < YEAR(
        CONVERT_TIMEZONE(
          'UTC',
          'Europe/Warsaw',
          CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        )
      )
    )
    OR (
      YEAR(
        CONVERT_TIMEZONE(
          'UTC',
          'Europe/Warsaw',
          CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        )
      ) < YEAR(
        TIMESTAMPADD(
          DAY,
          1,
          CONVERT_TIMEZONE(
            'UTC',
            'Europe/Warsaw',
            CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
          )
        )
      )
      AND (
        (
          100 * MONTH(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', c.signup_at)) + DAYOFMONTH(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', c.signup_at)) >= 100 * MONTH(
            CONVERT_TIMEZONE(
              'UTC',
              'Europe/Warsaw',
              CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
            )
          ) + DAYOFMONTH(
            CONVERT_TIMEZONE(
              'UTC',
              'Europe/Warsaw',
              CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
            )
          )
          AND YEAR(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', c.signup_at)) < YEAR(
            CONVERT_TIMEZONE(
              'UTC',
              'Europe/Warsaw',
              CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
            )
          )
        )
        OR (
          100 * MONTH(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', c.signup_at)) + DAYOFMONTH(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', c.signup_at)) < 100 * MONTH(
            TIMESTAMPADD(
              DAY,
              1,
              CONVERT_TIMEZONE(
                'UTC',
                'Europe/Warsaw',
                CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
              )
            )
          ) + DAYOFMONTH(
            TIMESTAMPADD(
              DAY,
              1,
              CONVERT_TIMEZONE(
                'UTC',
                'Europe/Warsaw',
                CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
              )
            )
          )
          AND YEAR(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', c.signup_at)) < YEAR(
            TIMESTAMPADD(
              DAY,
              1,
              CONVERT_TIMEZONE(
                'UTC',
                'Europe/Warsaw',
                CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
              )
            )
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
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND (
    c.signup_at >= CAST('2026-11-30 23:00:00' AS TIMESTAMP_NTZ)
    AND c.signup_at < CAST('2026-12-31 23:00:00' AS TIMESTAMP_NTZ)
  );

-- signup_at in next month (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
  )
  AND 12 * YEAR(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', c.signup_at)) + MONTH(CONVERT_TIMEZONE('UTC', 'Europe/Warsaw', c.signup_at)) = 12 * YEAR(
    CONVERT_TIMEZONE(
      'UTC',
      'Europe/Warsaw',
      CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
    )
  ) + MONTH(
    CONVERT_TIMEZONE(
      'UTC',
      'Europe/Warsaw',
      CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
    )
  ) + 1;

