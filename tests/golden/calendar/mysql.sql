-- last_order in this month (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
    AND (
      created_at >= CAST('2026-10-31 23:00:00.000000' AS DATETIME(6))
      AND (
        created_at >= CAST('2026-10-31 23:00:00.000000' AS DATETIME(6))
        AND created_at < CAST('2026-11-30 23:00:00.000000' AS DATETIME(6))
      )
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6));

-- last_order in this month (now)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= UTC_TIMESTAMP(6)
    AND (
      created_at >= DATE_ADD(UTC_TIMESTAMP(6), INTERVAL -32 DAY)
      AND 12 * YEAR(
        CONVERT_TZ(
          CASE
            WHEN created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN created_at
            ELSE CAST(EXP(710 + 0 * YEAR(created_at)) AS DATETIME(6))
          END,
          '+00:00',
          'Europe/Warsaw'
        )
      ) + MONTH(
        CONVERT_TZ(
          CASE
            WHEN created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN created_at
            ELSE CAST(EXP(710 + 0 * YEAR(created_at)) AS DATETIME(6))
          END,
          '+00:00',
          'Europe/Warsaw'
        )
      ) = 12 * YEAR(
        CONVERT_TZ(
          CASE
            WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN UTC_TIMESTAMP(6)
            ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
          END,
          '+00:00',
          'Europe/Warsaw'
        )
      ) + MONTH(
        CONVERT_TZ(
          CASE
            WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN UTC_TIMESTAMP(6)
            ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
          END,
          '+00:00',
          'Europe/Warsaw'
        )
      )
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL OR c.signup_at <= UTC_TIMESTAMP(6);

-- signup_at in last 3 weeks (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND (
    c.signup_at >= CAST('2026-10-04 22:00:00.000000' AS DATETIME(6))
    AND c.signup_at < CAST('2026-10-25 23:00:00.000000' AS DATETIME(6))
  );

-- signup_at in last 3 weeks (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= UTC_TIMESTAMP(6)
  )
  AND (
    TO_DAYS(
      CONVERT_TZ(
        CASE
          WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
          AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
          THEN c.signup_at
          ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
        END,
        '+00:00',
        'Europe/Warsaw'
      )
    ) - (
      WEEKDAY(
        CONVERT_TZ(
          CASE
            WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN c.signup_at
            ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
          END,
          '+00:00',
          'Europe/Warsaw'
        )
      ) + 1
    ) + 1 >= TO_DAYS(
      CONVERT_TZ(
        CASE
          WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
          AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
          THEN UTC_TIMESTAMP(6)
          ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
        END,
        '+00:00',
        'Europe/Warsaw'
      )
    ) - (
      WEEKDAY(
        CONVERT_TZ(
          CASE
            WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN UTC_TIMESTAMP(6)
            ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
          END,
          '+00:00',
          'Europe/Warsaw'
        )
      ) + 1
    ) + 1 - 21
    AND TO_DAYS(
      CONVERT_TZ(
        CASE
          WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
          AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
          THEN c.signup_at
          ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
        END,
        '+00:00',
        'Europe/Warsaw'
      )
    ) - (
      WEEKDAY(
        CONVERT_TZ(
          CASE
            WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN c.signup_at
            ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
          END,
          '+00:00',
          'Europe/Warsaw'
        )
      ) + 1
    ) + 1 <= TO_DAYS(
      CONVERT_TZ(
        CASE
          WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
          AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
          THEN UTC_TIMESTAMP(6)
          ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
        END,
        '+00:00',
        'Europe/Warsaw'
      )
    ) - (
      WEEKDAY(
        CONVERT_TZ(
          CASE
            WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN UTC_TIMESTAMP(6)
            ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
          END,
          '+00:00',
          'Europe/Warsaw'
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
    c.signup_at IS NULL OR c.signup_at <= UTC_TIMESTAMP(6)
  )
  AND (
    YEAR(c.birth_date) = YEAR(
      CONVERT_TZ(
        CASE
          WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
          AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
          THEN UTC_TIMESTAMP(6)
          ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
        END,
        '+00:00',
        'Europe/Warsaw'
      )
    )
    AND TO_DAYS(c.birth_date) <= TO_DAYS(
      CONVERT_TZ(
        CASE
          WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
          AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
          THEN UTC_TIMESTAMP(6)
          ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
        END,
        '+00:00',
        'Europe/Warsaw'
      )
    )
  );

-- signup_at in 2026-03 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND (
    c.signup_at >= CAST('2026-02-28 23:00:00.000000' AS DATETIME(6))
    AND c.signup_at < CAST('2026-03-31 22:00:00.000000' AS DATETIME(6))
  );

-- signup_at in 2026-03 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= UTC_TIMESTAMP(6)
  )
  AND (
    c.signup_at >= CAST('2026-02-28 23:00:00.000000' AS DATETIME(6))
    AND c.signup_at < CAST('2026-03-31 22:00:00.000000' AS DATETIME(6))
  );

-- weekday(last_order) >= 6 and hour(signup_at) < 9 (as of 2026-11-01T00:00:00)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM customers AS c
  WHERE
    (
      c.signup_at IS NULL
      OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
    )
    AND HOUR(
      CONVERT_TZ(
        CASE
          WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
          AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
          THEN c.signup_at
          ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
        END,
        '+00:00',
        'Europe/Warsaw'
      )
    ) < 9
), orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND (
    c.customer_id IN (
      SELECT
        customer_id
      FROM candidates
    )
    AND WEEKDAY(
      CONVERT_TZ(
        CASE
          WHEN orders_agg.last_order >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
          AND orders_agg.last_order < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
          THEN orders_agg.last_order
          ELSE CAST(EXP(710 + 0 * YEAR(orders_agg.last_order)) AS DATETIME(6))
        END,
        '+00:00',
        'Europe/Warsaw'
      )
    ) + 1 >= 6
  );

-- weekday(last_order) >= 6 and hour(signup_at) < 9 (now)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM customers AS c
  WHERE
    (
      c.signup_at IS NULL OR c.signup_at <= UTC_TIMESTAMP(6)
    )
    AND HOUR(
      CONVERT_TZ(
        CASE
          WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
          AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
          THEN c.signup_at
          ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
        END,
        '+00:00',
        'Europe/Warsaw'
      )
    ) < 9
), orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= UTC_TIMESTAMP(6)
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
    c.signup_at IS NULL OR c.signup_at <= UTC_TIMESTAMP(6)
  )
  AND (
    c.customer_id IN (
      SELECT
        customer_id
      FROM candidates
    )
    AND WEEKDAY(
      CONVERT_TZ(
        CASE
          WHEN orders_agg.last_order >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
          AND orders_agg.last_order < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
          THEN orders_agg.last_order
          ELSE CAST(EXP(710 + 0 * YEAR(orders_agg.last_order)) AS DATETIME(6))
        END,
        '+00:00',
        'Europe/Warsaw'
      )
    ) + 1 >= 6
  );

-- count(orders where created_at in today) > 0 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
    AND (
      created_at >= CAST('2026-10-31 23:00:00.000000' AS DATETIME(6))
      AND created_at < CAST('2026-11-01 23:00:00.000000' AS DATETIME(6))
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6));

-- count(orders where created_at in today) > 0 (now)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= UTC_TIMESTAMP(6)
    AND TO_DAYS(
      CONVERT_TZ(
        CASE
          WHEN created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
          AND created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
          THEN created_at
          ELSE CAST(EXP(710 + 0 * YEAR(created_at)) AS DATETIME(6))
        END,
        '+00:00',
        'Europe/Warsaw'
      )
    ) = TO_DAYS(
      CONVERT_TZ(
        CASE
          WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
          AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
          THEN UTC_TIMESTAMP(6)
          ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
        END,
        '+00:00',
        'Europe/Warsaw'
      )
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL OR c.signup_at <= UTC_TIMESTAMP(6);

-- anniversary(birth_date) in next 7 days (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
    c.signup_at IS NULL OR c.signup_at <= UTC_TIMESTAMP(6)
  )
  AND (
    (
      YEAR(
        DATE_ADD(
          CONVERT_TZ(
            CASE
              WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN UTC_TIMESTAMP(6)
              ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
            END,
            '+00:00',
            'Europe/Warsaw'
          ),
          INTERVAL 1 DAY
        )
      ) = YEAR(
        DATE_ADD(
          CONVERT_TZ(
            CASE
              WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN UTC_TIMESTAMP(6)
              ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
            END,
            '+00:00',
            'Europe/Warsaw'
          ),
          INTERVAL 8 DAY
        )
      )
      AND 100 * MONTH(c.birth_date) + DAYOFMONTH(c.birth_date) >= 100 * MONTH(
        DATE_ADD(
          CONVERT_TZ(
            CASE
              WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN UTC_TIMESTAMP(6)
              ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
            END,
            '+00:00',
            'Europe/Warsaw'
          ),
          INTERVAL 1 DAY
        )
      ) + DAYOFMONTH(
        DATE_ADD(
          CONVERT_TZ(
            CASE
              WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN UTC_TIMESTAMP(6)
              ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
            END,
            '+00:00',
            'Europe/Warsaw'
          ),
          INTERVAL 1 DAY
        )
      )
      AND 100 * MONTH(c.birth_date) + DAYOFMONTH(c.birth_date) < 100 * MONTH(
        DATE_ADD(
          CONVERT_TZ(
            CASE
              WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN UTC_TIMESTAMP(6)
              ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
            END,
            '+00:00',
            'Europe/Warsaw'
          ),
          INTERVAL 8 DAY
        )
      ) + DAYOFMONTH(
        DATE_ADD(
          CONVERT_TZ(
            CASE
              WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN UTC_TIMESTAMP(6)
              ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
            END,
            '+00:00',
            'Europe/Warsaw'
          ),
          INTERVAL 8 DAY
        )
      )
      AND YEAR(c.birth_date) < YEAR(
        DATE_ADD(
          CONVERT_TZ(
            CASE
              WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN UTC_TIMESTAMP(6)
              ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
            END,
            '+00:00',
            'Europe/Warsaw'
          ),
          INTERVAL 1 DAY
        )
      )
    )
    OR (
      YEAR(
        DATE_ADD(
          CONVERT_TZ(
            CASE
              WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN UTC_TIMESTAMP(6)
              ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
            END,
            '+00:00',
            'Europe/Warsaw'
          ),
          INTERVAL 1 DAY
        )
      ) < YEAR(
        DATE_ADD(
          CONVERT_TZ(
            CASE
              WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN UTC_TIMESTAMP(6)
              ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
            END,
            '+00:00',
            'Europe/Warsaw'
          ),
          INTERVAL 8 DAY
        )
      )
      AND (
        (
          100 * MONTH(c.birth_date) + DAYOFMONTH(c.birth_date) >= 100 * MONTH(
            DATE_ADD(
              CONVERT_TZ(
                CASE
                  WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                  AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                  THEN UTC_TIMESTAMP(6)
                  ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
                END,
                '+00:00',
                'Europe/Warsaw'
              ),
              INTERVAL 1 DAY
            )
          ) + DAYOFMONTH(
            DATE_ADD(
              CONVERT_TZ(
                CASE
                  WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                  AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                  THEN UTC_TIMESTAMP(6)
                  ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
                END,
                '+00:00',
                'Europe/Warsaw'
              ),
              INTERVAL 1 DAY
            )
          )
          AND YEAR(c.birth_date) < YEAR(
            DATE_ADD(
              CONVERT_TZ(
                CASE
                  WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                  AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                  THEN UTC_TIMESTAMP(6)
                  ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
                END,
                '+00:00',
                'Europe/Warsaw'
              ),
              INTERVAL 1 DAY
            )
          )
        )
        OR (
          100 * MONTH(c.birth_date) + DAYOFMONTH(c.birth_date) < 100 * MONTH(
            DATE_ADD(
              CONVERT_TZ(
                CASE
                  WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                  AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                  THEN UTC_TIMESTAMP(6)
                  ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
                END,
                '+00:00',
                'Europe/Warsaw'
              ),
              INTERVAL 8 DAY
            )
          ) + DAYOFMONTH(
            DATE_ADD(
              CONVERT_TZ(
                CASE
                  WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                  AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                  THEN UTC_TIMESTAMP(6)
                  ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
                END,
                '+00:00',
                'Europe/Warsaw'
              ),
              INTERVAL 8 DAY
            )
          )
          AND YEAR(c.birth_date) < YEAR(
            DATE_ADD(
              CONVERT_TZ(
                CASE
                  WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                  AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                  THEN UTC_TIMESTAMP(6)
                  ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
                END,
                '+00:00',
                'Europe/Warsaw'
              ),
              INTERVAL 8 DAY
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND (
    (
      MONTH(
        CONVERT_TZ(
          CASE
            WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN c.signup_at
            ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
          END,
          '+00:00',
          'Europe/Warsaw'
        )
      ) = 11
      AND DAYOFMONTH(
        CONVERT_TZ(
          CASE
            WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN c.signup_at
            ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
          END,
          '+00:00',
          'Europe/Warsaw'
        )
      ) < 2
    )
    AND YEAR(
      CONVERT_TZ(
        CASE
          WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
          AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
          THEN c.signup_at
          ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
        END,
        '+00:00',
        'Europe/Warsaw'
      )
    ) < 2026
  );

-- anniversary(signup_at) in today (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= UTC_TIMESTAMP(6)
  )
  AND (
    (
      YEAR(
        CONVERT_TZ(
          CASE
            WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN UTC_TIMESTAMP(6)
            ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
          END,
          '+00:00',
          'Europe/Warsaw'
        )
      ) = YEAR(
        DATE_ADD(
          CONVERT_TZ(
            CASE
              WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN UTC_TIMESTAMP(6)
              ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
            END,
            '+00:00',
            'Europe/Warsaw'
          ),
          INTERVAL 1 DAY
        )
      )
      AND 100 * MONTH(
        CONVERT_TZ(
          CASE
            WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN c.signup_at
            ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
          END,
          '+00:00',
          'Europe/Warsaw'
        )
      ) + DAYOFMONTH(
        CONVERT_TZ(
          CASE
            WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN c.signup_at
            ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
          END,
          '+00:00',
          'Europe/Warsaw'
        )
      ) >= 100 * MONTH(
        CONVERT_TZ(
          CASE
            WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN UTC_TIMESTAMP(6)
            ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
          END,
          '+00:00',
          'Europe/Warsaw'
        )
      ) + DAYOFMONTH(
        CONVERT_TZ(
          CASE
            WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN UTC_TIMESTAMP(6)
            ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
          END,
          '+00:00',
          'Europe/Warsaw'
        )
      )
      AND 100 * MONTH(
        CONVERT_TZ(
          CASE
            WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN c.signup_at
            ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
          END,
          '+00:00',
          'Europe/Warsaw'
        )
      ) + DAYOFMONTH(
        CONVERT_TZ(
          CASE
            WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN c.signup_at
            ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
          END,
          '+00:00',
          'Europe/Warsaw'
        )
      ) < 100 * MONTH(
        DATE_ADD(
          CONVERT_TZ(
            CASE
              WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN UTC_TIMESTAMP(6)
              ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
            END,
            '+00:00',
            'Europe/Warsaw'
          ),
          INTERVAL 1 DAY
        )
      ) + DAYOFMONTH(
        DATE_ADD(
          CONVERT_TZ(
            CASE
              WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN UTC_TIMESTAMP(6)
              ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
            END,
            '+00:00',
            'Europe/Warsaw'
          ),
          INTERVAL 1 DAY
        )
      )
      AND YEAR(
        CONVERT_TZ(
          CASE
            WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN c.signup_at
            ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
          END,
          '+00:00',
          'Europe/Warsaw'
        )
      ) < YEAR(
        CONVERT_TZ(
          CASE
            WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN UTC_TIMESTAMP(6)
            ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
          END,
          '+00:00',
          'Europe/Warsaw'
        )
      )
    )
    OR (
      YEAR(
        CONVERT_TZ(
          CASE
            WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN UTC_TIMESTAMP(6)
            ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
          END,
          '+00:00',
          'Europe/Warsaw'
        )
      ) < YEAR(
        DATE_ADD(
          CONVERT_TZ(
            CASE
              WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN UTC_TIMESTAMP(6)
              ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
            END,
            '+00:00',
            'Europe/Warsaw'
          ),
          INTERVAL 1 DAY
        )
      )
      AND (
        (
          100 * MONTH(
            CONVERT_TZ(
              CASE
                WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN c.signup_at
                ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
              END,
              '+00:00',
              'Europe/Warsaw'
            )
          ) + DAYOFMONTH(
            CONVERT_TZ(
              CASE
                WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN c.signup_at
                ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
              END,
              '+00:00',
              'Europe/Warsaw'
            )
          ) >= 100 * MONTH(
            CONVERT_TZ(
              CASE
                WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN UTC_TIMESTAMP(6)
                ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
              END,
              '+00:00',
              'Europe/Warsaw'
            )
          ) + DAYOFMONTH(
            CONVERT_TZ(
              CASE
                WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN UTC_TIMESTAMP(6)
                ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
              END,
              '+00:00',
              'Europe/Warsaw'
            )
          )
          AND YEAR(
            CONVERT_TZ(
              CASE
                WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN c.signup_at
                ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
              END,
              '+00:00',
              'Europe/Warsaw'
            )
          ) < YEAR(
            CONVERT_TZ(
              CASE
                WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN UTC_TIMESTAMP(6)
                ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
              END,
              '+00:00',
              'Europe/Warsaw'
            )
          )
        )
        OR (
          100 * MONTH(
            CONVERT_TZ(
              CASE
                WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN c.signup_at
                ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
              END,
              '+00:00',
              'Europe/Warsaw'
            )
          ) + DAYOFMONTH(
            CONVERT_TZ(
              CASE
                WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN c.signup_at
                ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
              END,
              '+00:00',
              'Europe/Warsaw'
            )
          ) < 100 * MONTH(
            DATE_ADD(
              CONVERT_TZ(
                CASE
                  WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                  AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                  THEN UTC_TIMESTAMP(6)
                  ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
                END,
                '+00:00',
                'Europe/Warsaw'
              ),
              INTERVAL 1 DAY
            )
          ) + DAYOFMONTH(
            DATE_ADD(
              CONVERT_TZ(
                CASE
                  WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                  AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                  THEN UTC_TIMESTAMP(6)
                  ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
                END,
                '+00:00',
                'Europe/Warsaw'
              ),
              INTERVAL 1 DAY
            )
          )
          AND YEAR(
            CONVERT_TZ(
              CASE
                WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN c.signup_at
                ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
              END,
              '+00:00',
              'Europe/Warsaw'
            )
          ) < YEAR(
            DATE_ADD(
              CONVERT_TZ(
                CASE
                  WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                  AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                  THEN UTC_TIMESTAMP(6)
                  ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
                END,
                '+00:00',
                'Europe/Warsaw'
              ),
              INTERVAL 1 DAY
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND (
    c.signup_at >= CAST('2026-11-30 23:00:00.000000' AS DATETIME(6))
    AND c.signup_at < CAST('2026-12-31 23:00:00.000000' AS DATETIME(6))
  );

-- signup_at in next month (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= UTC_TIMESTAMP(6)
  )
  AND 12 * YEAR(
    CONVERT_TZ(
      CASE
        WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
        AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
        THEN c.signup_at
        ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
      END,
      '+00:00',
      'Europe/Warsaw'
    )
  ) + MONTH(
    CONVERT_TZ(
      CASE
        WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
        AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
        THEN c.signup_at
        ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
      END,
      '+00:00',
      'Europe/Warsaw'
    )
  ) = 12 * YEAR(
    CONVERT_TZ(
      CASE
        WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
        AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
        THEN UTC_TIMESTAMP(6)
        ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
      END,
      '+00:00',
      'Europe/Warsaw'
    )
  ) + MONTH(
    CONVERT_TZ(
      CASE
        WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
        AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
        THEN UTC_TIMESTAMP(6)
        ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
      END,
      '+00:00',
      'Europe/Warsaw'
    )
  ) + 1;

