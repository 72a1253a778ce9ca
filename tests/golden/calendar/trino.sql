-- last_order in this month (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP(6))
    AND (
      created_at >= CAST('2026-10-31 23:00:00' AS TIMESTAMP(6))
      AND (
        created_at >= CAST('2026-10-31 23:00:00' AS TIMESTAMP(6))
        AND created_at < CAST('2026-11-30 23:00:00' AS TIMESTAMP(6))
      )
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP(6));

-- last_order in this month (now)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6))
    AND (
      created_at >= DATE_ADD('day', -32, CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)))
      AND 12 * YEAR(
        CAST(AT_TIMEZONE(WITH_TIMEZONE(created_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
      ) + MONTH(
        CAST(AT_TIMEZONE(WITH_TIMEZONE(created_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
      ) = 12 * YEAR(
        CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          'Europe/Warsaw'
        ) AS TIMESTAMP(6))
      ) + MONTH(
        CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          'Europe/Warsaw'
        ) AS TIMESTAMP(6))
      )
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6));

-- signup_at in last 3 weeks (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP(6))
  )
  AND (
    c.signup_at >= CAST('2026-10-04 22:00:00' AS TIMESTAMP(6))
    AND c.signup_at < CAST('2026-10-25 23:00:00' AS TIMESTAMP(6))
  );

-- signup_at in last 3 weeks (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6))
  )
  AND (
    DATE_DIFF(
      'day',
      CAST('1970-01-01' AS DATE),
      CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6)) AS DATE)
    ) - DAY_OF_WEEK(
      CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
    ) + 1 >= DATE_DIFF(
      'day',
      CAST('1970-01-01' AS DATE),
      CAST(CAST(AT_TIMEZONE(
        WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
        'Europe/Warsaw'
      ) AS TIMESTAMP(6)) AS DATE)
    ) - DAY_OF_WEEK(
      CAST(AT_TIMEZONE(
        WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
        'Europe/Warsaw'
      ) AS TIMESTAMP(6))
    ) + 1 - 21
    AND DATE_DIFF(
      'day',
      CAST('1970-01-01' AS DATE),
      CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6)) AS DATE)
    ) - DAY_OF_WEEK(
      CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
    ) + 1 <= DATE_DIFF(
      'day',
      CAST('1970-01-01' AS DATE),
      CAST(CAST(AT_TIMEZONE(
        WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
        'Europe/Warsaw'
      ) AS TIMESTAMP(6)) AS DATE)
    ) - DAY_OF_WEEK(
      CAST(AT_TIMEZONE(
        WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
        'Europe/Warsaw'
      ) AS TIMESTAMP(6))
    ) + 1 - 7
  );

-- birth_date in year to date (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP(6))
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
    OR c.signup_at <= CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6))
  )
  AND (
    YEAR(c.birth_date) = YEAR(
      CAST(AT_TIMEZONE(
        WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
        'Europe/Warsaw'
      ) AS TIMESTAMP(6))
    )
    AND DATE_DIFF('day', CAST('1970-01-01' AS DATE), c.birth_date) <= DATE_DIFF(
      'day',
      CAST('1970-01-01' AS DATE),
      CAST(CAST(AT_TIMEZONE(
        WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
        'Europe/Warsaw'
      ) AS TIMESTAMP(6)) AS DATE)
    )
  );

-- signup_at in 2026-03 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP(6))
  )
  AND (
    c.signup_at >= CAST('2026-02-28 23:00:00' AS TIMESTAMP(6))
    AND c.signup_at < CAST('2026-03-31 22:00:00' AS TIMESTAMP(6))
  );

-- signup_at in 2026-03 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6))
  )
  AND (
    c.signup_at >= CAST('2026-02-28 23:00:00' AS TIMESTAMP(6))
    AND c.signup_at < CAST('2026-03-31 22:00:00' AS TIMESTAMP(6))
  );

-- weekday(last_order) >= 6 and hour(signup_at) < 9 (as of 2026-11-01T00:00:00)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM customers AS c
  WHERE
    (
      c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP(6))
    )
    AND HOUR(
      CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
    ) < 9
), orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP(6))
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
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP(6))
  )
  AND (
    c.customer_id IN (
      SELECT
        customer_id
      FROM candidates
    )
    AND DAY_OF_WEEK(
      CAST(AT_TIMEZONE(WITH_TIMEZONE(orders_agg.last_order, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
    ) >= 6
  );

-- weekday(last_order) >= 6 and hour(signup_at) < 9 (now)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM customers AS c
  WHERE
    (
      c.signup_at IS NULL
      OR c.signup_at <= CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6))
    )
    AND HOUR(
      CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
    ) < 9
), orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6))
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
    OR c.signup_at <= CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6))
  )
  AND (
    c.customer_id IN (
      SELECT
        customer_id
      FROM candidates
    )
    AND DAY_OF_WEEK(
      CAST(AT_TIMEZONE(WITH_TIMEZONE(orders_agg.last_order, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
    ) >= 6
  );

-- count(orders where created_at in today) > 0 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP(6))
    AND (
      created_at >= CAST('2026-10-31 23:00:00' AS TIMESTAMP(6))
      AND created_at < CAST('2026-11-01 23:00:00' AS TIMESTAMP(6))
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP(6));

-- count(orders where created_at in today) > 0 (now)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6))
    AND DATE_DIFF(
      'day',
      CAST('1970-01-01' AS DATE),
      CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(created_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6)) AS DATE)
    ) = DATE_DIFF(
      'day',
      CAST('1970-01-01' AS DATE),
      CAST(CAST(AT_TIMEZONE(
        WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
        'Europe/Warsaw'
      ) AS TIMESTAMP(6)) AS DATE)
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6));

-- anniversary(birth_date) in next 7 days (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP(6))
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
    c.signup_at IS NULL
    OR c.signup_at <= CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6))
  )
  AND (
    (
      YEAR(
        DATE_ADD(
          'day',
          1,
          CAST(AT_TIMEZONE(
            WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
            'Europe/Warsaw'
          ) AS TIMESTAMP(6))
        )
      ) = YEAR(
        DATE_ADD(
          'day',
          8,
          CAST(AT_TIMEZONE(
            WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
            'Europe/Warsaw'
          ) AS TIMESTAMP(6))
        )
      )
      AND 100 * MONTH(c.birth_date) + DAY(c.birth_date) >= 100 * MONTH(
        DATE_ADD(
          'day',
          1,
          CAST(AT_TIMEZONE(
            WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
            'Europe/Warsaw'
          ) AS TIMESTAMP(6))
        )
      ) + DAY(
        DATE_ADD(
          'day',
          1,
          CAST(AT_TIMEZONE(
            WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
            'Europe/Warsaw'
          ) AS TIMESTAMP(6))
        )
      )
      AND 100 * MONTH(c.birth_date) + DAY(c.birth_date) < 100 * MONTH(
        DATE_ADD(
          'day',
          8,
          CAST(AT_TIMEZONE(
            WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
            'Europe/Warsaw'
          ) AS TIMESTAMP(6))
        )
      ) + DAY(
        DATE_ADD(
          'day',
          8,
          CAST(AT_TIMEZONE(
            WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
            'Europe/Warsaw'
          ) AS TIMESTAMP(6))
        )
      )
      AND YEAR(c.birth_date) < YEAR(
        DATE_ADD(
          'day',
          1,
          CAST(AT_TIMEZONE(
            WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
            'Europe/Warsaw'
          ) AS TIMESTAMP(6))
        )
      )
    )
    OR (
      YEAR(
        DATE_ADD(
          'day',
          1,
          CAST(AT_TIMEZONE(
            WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
            'Europe/Warsaw'
          ) AS TIMESTAMP(6))
        )
      ) < YEAR(
        DATE_ADD(
          'day',
          8,
          CAST(AT_TIMEZONE(
            WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
            'Europe/Warsaw'
          ) AS TIMESTAMP(6))
        )
      )
      AND (
        (
          100 * MONTH(c.birth_date) + DAY(c.birth_date) >= 100 * MONTH(
            DATE_ADD(
              'day',
              1,
              CAST(AT_TIMEZONE(
                WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
                'Europe/Warsaw'
              ) AS TIMESTAMP(6))
            )
          ) + DAY(
            DATE_ADD(
              'day',
              1,
              CAST(AT_TIMEZONE(
                WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
                'Europe/Warsaw'
              ) AS TIMESTAMP(6))
            )
          )
          AND YEAR(c.birth_date) < YEAR(
            DATE_ADD(
              'day',
              1,
              CAST(AT_TIMEZONE(
                WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
                'Europe/Warsaw'
              ) AS TIMESTAMP(6))
            )
          )
        )
        OR (
          100 * MONTH(c.birth_date) + DAY(c.birth_date) < 100 * MONTH(
            DATE_ADD(
              'day',
              8,
              CAST(AT_TIMEZONE(
                WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
                'Europe/Warsaw'
              ) AS TIMESTAMP(6))
            )
          ) + DAY(
            DATE_ADD(
              'day',
              8,
              CAST(AT_TIMEZONE(
                WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
                'Europe/Warsaw'
              ) AS TIMESTAMP(6))
            )
          )
          AND YEAR(c.birth_date) < YEAR(
            DATE_ADD(
              'day',
              8,
              CAST(AT_TIMEZONE(
                WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
                'Europe/Warsaw'
              ) AS TIMESTAMP(6))
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
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP(6))
  )
  AND (
    (
      MONTH(
        CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
      ) = 11
      AND DAY(
        CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
      ) < 2
    )
    AND YEAR(
      CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
    ) < 2026
  );

-- anniversary(signup_at) in today (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6))
  )
  AND (
    (
      YEAR(
        CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          'Europe/Warsaw'
        ) AS TIMESTAMP(6))
      ) = YEAR(
        DATE_ADD(
          'day',
          1,
          CAST(AT_TIMEZONE(
            WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
            'Europe/Warsaw'
          ) AS TIMESTAMP(6))
        )
      )
      AND 100 * MONTH(
        CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
      ) + DAY(
        CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
      ) >= 100 * MONTH(
        CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          'Europe/Warsaw'
        ) AS TIMESTAMP(6))
      ) + DAY(
        CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          'Europe/Warsaw'
        ) AS TIMESTAMP(6))
      )
      AND 100 * MONTH(
        CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
      ) + DAY(
        CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
      ) < 100 * MONTH(
        DATE_ADD(
          'day',
          1,
          CAST(AT_TIMEZONE(
            WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
            'Europe/Warsaw'
          ) AS TIMESTAMP(6))
        )
      ) + DAY(
        DATE_ADD(
          'day',
          1,
          CAST(AT_TIMEZONE(
            WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
            'Europe/Warsaw'
          ) AS TIMESTAMP(6))
        )
      )
      AND YEAR(
        CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
      ) < YEAR(
        CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          'Europe/Warsaw'
        ) AS TIMESTAMP(6))
      )
    )
    OR (
      YEAR(
        CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          'Europe/Warsaw'
        ) AS TIMESTAMP(6))
      ) < YEAR(
        DATE_ADD(
          'day',
          1,
          CAST(AT_TIMEZONE(
            WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
            'Europe/Warsaw'
          ) AS TIMESTAMP(6))
        )
      )
      AND (
        (
          100 * MONTH(
            CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
          ) + DAY(
            CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
          ) >= 100 * MONTH(
            CAST(AT_TIMEZONE(
              WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
              'Europe/Warsaw'
            ) AS TIMESTAMP(6))
          ) + DAY(
            CAST(AT_TIMEZONE(
              WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
              'Europe/Warsaw'
            ) AS TIMESTAMP(6))
          )
          AND YEAR(
            CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
          ) < YEAR(
            CAST(AT_TIMEZONE(
              WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
              'Europe/Warsaw'
            ) AS TIMESTAMP(6))
          )
        )
        OR (
          100 * MONTH(
            CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
          ) + DAY(
            CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
          ) < 100 * MONTH(
            DATE_ADD(
              'day',
              1,
              CAST(AT_TIMEZONE(
                WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
                'Europe/Warsaw'
              ) AS TIMESTAMP(6))
            )
          ) + DAY(
            DATE_ADD(
              'day',
              1,
              CAST(AT_TIMEZONE(
                WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
                'Europe/Warsaw'
              ) AS TIMESTAMP(6))
            )
          )
          AND YEAR(
            CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
          ) < YEAR(
            DATE_ADD(
              'day',
              1,
              CAST(AT_TIMEZONE(
                WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
                'Europe/Warsaw'
              ) AS TIMESTAMP(6))
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
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP(6))
  )
  AND (
    c.signup_at >= CAST('2026-11-30 23:00:00' AS TIMESTAMP(6))
    AND c.signup_at < CAST('2026-12-31 23:00:00' AS TIMESTAMP(6))
  );

-- signup_at in next month (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6))
  )
  AND 12 * YEAR(
    CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
  ) + MONTH(
    CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), 'Europe/Warsaw') AS TIMESTAMP(6))
  ) = 12 * YEAR(
    CAST(AT_TIMEZONE(
      WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
      'Europe/Warsaw'
    ) AS TIMESTAMP(6))
  ) + MONTH(
    CAST(AT_TIMEZONE(
      WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
      'Europe/Warsaw'
    ) AS TIMESTAMP(6))
  ) + 1;

