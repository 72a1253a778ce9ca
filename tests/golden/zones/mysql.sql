-- signup_at in this month (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.signup_at >= CAST('2026-09-30 08:00:00.000000' AS DATETIME(6))
  AND c.signup_at < CAST('2026-12-01 16:00:00.000000' AS DATETIME(6))
  AND (
    (
      CAST(CONVERT_TZ(
        CASE
          WHEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
          AND CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
          THEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
          ELSE CAST(EXP(710 + 0 * YEAR(CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)))) AS DATETIME(6))
        END,
        '+00:00',
        COALESCE(c.time_zone, 'Europe/Warsaw')
      ) AS DATE) = CAST('2026-10-31' AS DATE)
      AND CAST(CONVERT_TZ(
        CASE
          WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
          AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
          THEN c.signup_at
          ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
        END,
        '+00:00',
        COALESCE(c.time_zone, 'Europe/Warsaw')
      ) AS DATE) >= CAST('2026-10-01' AS DATE)
      AND CAST(CONVERT_TZ(
        CASE
          WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
          AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
          THEN c.signup_at
          ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
        END,
        '+00:00',
        COALESCE(c.time_zone, 'Europe/Warsaw')
      ) AS DATE) < CAST('2026-11-01' AS DATE)
    )
    OR (
      CAST(CONVERT_TZ(
        CASE
          WHEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
          AND CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
          THEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
          ELSE CAST(EXP(710 + 0 * YEAR(CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)))) AS DATETIME(6))
        END,
        '+00:00',
        COALESCE(c.time_zone, 'Europe/Warsaw')
      ) AS DATE) = CAST('2026-11-01' AS DATE)
      AND CAST(CONVERT_TZ(
        CASE
          WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
          AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
          THEN c.signup_at
          ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
        END,
        '+00:00',
        COALESCE(c.time_zone, 'Europe/Warsaw')
      ) AS DATE) >= CAST('2026-11-01' AS DATE)
      AND CAST(CONVERT_TZ(
        CASE
          WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
          AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
          THEN c.signup_at
          ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
        END,
        '+00:00',
        COALESCE(c.time_zone, 'Europe/Warsaw')
      ) AS DATE) < CAST('2026-12-01' AS DATE)
    )
  );

-- signup_at in this month (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  12 * YEAR(
    CONVERT_TZ(
      CASE
        WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
        AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
        THEN c.signup_at
        ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
      END,
      '+00:00',
      COALESCE(c.time_zone, 'Europe/Warsaw')
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
      COALESCE(c.time_zone, 'Europe/Warsaw')
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
      COALESCE(c.time_zone, 'Europe/Warsaw')
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
      COALESCE(c.time_zone, 'Europe/Warsaw')
    )
  );

-- signup_at in 2026-03 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.signup_at >= CAST('2026-02-28 08:00:00.000000' AS DATETIME(6))
  AND c.signup_at < CAST('2026-04-01 16:00:00.000000' AS DATETIME(6))
  AND (
    CAST(CONVERT_TZ(
      CASE
        WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
        AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
        THEN c.signup_at
        ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
      END,
      '+00:00',
      COALESCE(c.time_zone, 'Europe/Warsaw')
    ) AS DATE) >= CAST('2026-03-01' AS DATE)
    AND CAST(CONVERT_TZ(
      CASE
        WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
        AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
        THEN c.signup_at
        ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
      END,
      '+00:00',
      COALESCE(c.time_zone, 'Europe/Warsaw')
    ) AS DATE) < CAST('2026-04-01' AS DATE)
  );

-- signup_at in 2026-03 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.signup_at >= CAST('2026-02-28 08:00:00.000000' AS DATETIME(6))
  AND c.signup_at < CAST('2026-04-01 16:00:00.000000' AS DATETIME(6))
  AND (
    CAST(CONVERT_TZ(
      CASE
        WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
        AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
        THEN c.signup_at
        ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
      END,
      '+00:00',
      COALESCE(c.time_zone, 'Europe/Warsaw')
    ) AS DATE) >= CAST('2026-03-01' AS DATE)
    AND CAST(CONVERT_TZ(
      CASE
        WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
        AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
        THEN c.signup_at
        ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
      END,
      '+00:00',
      COALESCE(c.time_zone, 'Europe/Warsaw')
    ) AS DATE) < CAST('2026-04-01' AS DATE)
  );

-- birth_date in year to date (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    CAST(CONVERT_TZ(
      CASE
        WHEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
        AND CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
        THEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
        ELSE CAST(EXP(710 + 0 * YEAR(CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)))) AS DATETIME(6))
      END,
      '+00:00',
      COALESCE(c.time_zone, 'Europe/Warsaw')
    ) AS DATE) = CAST('2026-10-31' AS DATE)
    AND c.birth_date >= CAST('2026-01-01' AS DATE)
    AND c.birth_date < CAST('2026-11-01' AS DATE)
  )
  OR (
    CAST(CONVERT_TZ(
      CASE
        WHEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
        AND CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
        THEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
        ELSE CAST(EXP(710 + 0 * YEAR(CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)))) AS DATETIME(6))
      END,
      '+00:00',
      COALESCE(c.time_zone, 'Europe/Warsaw')
    ) AS DATE) = CAST('2026-11-01' AS DATE)
    AND c.birth_date >= CAST('2026-01-01' AS DATE)
    AND c.birth_date < CAST('2026-11-02' AS DATE)
  );

-- birth_date in year to date (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  YEAR(c.birth_date) = YEAR(
    CONVERT_TZ(
      CASE
        WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
        AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
        THEN UTC_TIMESTAMP(6)
        ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
      END,
      '+00:00',
      COALESCE(c.time_zone, 'Europe/Warsaw')
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
      COALESCE(c.time_zone, 'Europe/Warsaw')
    )
  );

-- hour(signup_at) < 9 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  HOUR(
    CONVERT_TZ(
      CASE
        WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
        AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
        THEN c.signup_at
        ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
      END,
      '+00:00',
      COALESCE(c.time_zone, 'Europe/Warsaw')
    )
  ) < 9;

-- hour(signup_at) < 9 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  HOUR(
    CONVERT_TZ(
      CASE
        WHEN c.signup_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
        AND c.signup_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
        THEN c.signup_at
        ELSE CAST(EXP(710 + 0 * YEAR(c.signup_at)) AS DATETIME(6))
      END,
      '+00:00',
      COALESCE(c.time_zone, 'Europe/Warsaw')
    )
  ) < 9;

-- count(orders where created_at in today) > 0 (as of 2026-11-01T00:00:00)
WITH anchors_1 AS (
  SELECT
    c.customer_id AS anchor_key,
    c.time_zone AS anchor_1
  FROM customers AS c
), orders_agg_1 AS (
  SELECT
    e.customer_id AS customer_id,
    COUNT(*) AS count_orders_1
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
    AND (
      e.created_at >= CAST('2026-10-30 08:00:00.000000' AS DATETIME(6))
      AND e.created_at < CAST('2026-11-02 16:00:00.000000' AS DATETIME(6))
      AND (
        (
          CAST(CONVERT_TZ(
            CASE
              WHEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
              ELSE CAST(EXP(710 + 0 * YEAR(CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)))) AS DATETIME(6))
            END,
            '+00:00',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          ) AS DATE) = CAST('2026-10-31' AS DATE)
          AND CAST(CONVERT_TZ(
            CASE
              WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN e.created_at
              ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
            END,
            '+00:00',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          ) AS DATE) >= CAST('2026-10-31' AS DATE)
          AND CAST(CONVERT_TZ(
            CASE
              WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN e.created_at
              ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
            END,
            '+00:00',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          ) AS DATE) < CAST('2026-11-01' AS DATE)
        )
        OR (
          CAST(CONVERT_TZ(
            CASE
              WHEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
              ELSE CAST(EXP(710 + 0 * YEAR(CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)))) AS DATETIME(6))
            END,
            '+00:00',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          ) AS DATE) = CAST('2026-11-01' AS DATE)
          AND CAST(CONVERT_TZ(
            CASE
              WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN e.created_at
              ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
            END,
            '+00:00',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          ) AS DATE) >= CAST('2026-11-01' AS DATE)
          AND CAST(CONVERT_TZ(
            CASE
              WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN e.created_at
              ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
            END,
            '+00:00',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          ) AS DATE) < CAST('2026-11-02' AS DATE)
        )
      )
    )
  GROUP BY
    e.customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg_1
  ON orders_agg_1.customer_id = c.customer_id
WHERE
  COALESCE(orders_agg_1.count_orders_1, 0) > 0;

-- count(orders where created_at in today) > 0 (now)
WITH anchors_1 AS (
  SELECT
    c.customer_id AS anchor_key,
    c.time_zone AS anchor_1
  FROM customers AS c
), orders_agg_1 AS (
  SELECT
    e.customer_id AS customer_id,
    COUNT(*) AS count_orders_1
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= UTC_TIMESTAMP(6)
    AND TO_DAYS(
      CONVERT_TZ(
        CASE
          WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
          AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
          THEN e.created_at
          ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
        END,
        '+00:00',
        COALESCE(anchor.anchor_1, 'Europe/Warsaw')
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
        COALESCE(anchor.anchor_1, 'Europe/Warsaw')
      )
    )
  GROUP BY
    e.customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg_1
  ON orders_agg_1.customer_id = c.customer_id
WHERE
  COALESCE(orders_agg_1.count_orders_1, 0) > 0;

-- anniversary(birth_date) in next 7 days (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    CAST(CONVERT_TZ(
      CASE
        WHEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
        AND CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
        THEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
        ELSE CAST(EXP(710 + 0 * YEAR(CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)))) AS DATETIME(6))
      END,
      '+00:00',
      COALESCE(c.time_zone, 'Europe/Warsaw')
    ) AS DATE) = CAST('2026-10-31' AS DATE)
    AND (
      (
        MONTH(c.birth_date) = 11 AND DAYOFMONTH(c.birth_date) < 8
      )
      AND c.birth_date < CAST('2026-01-01' AS DATE)
    )
  )
  OR (
    CAST(CONVERT_TZ(
      CASE
        WHEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
        AND CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
        THEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
        ELSE CAST(EXP(710 + 0 * YEAR(CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)))) AS DATETIME(6))
      END,
      '+00:00',
      COALESCE(c.time_zone, 'Europe/Warsaw')
    ) AS DATE) = CAST('2026-11-01' AS DATE)
    AND (
      (
        MONTH(c.birth_date) = 11
        AND DAYOFMONTH(c.birth_date) >= 2
        AND DAYOFMONTH(c.birth_date) < 9
      )
      AND c.birth_date < CAST('2026-01-01' AS DATE)
    )
  );

-- anniversary(birth_date) in next 7 days (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
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
          COALESCE(c.time_zone, 'Europe/Warsaw')
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
          COALESCE(c.time_zone, 'Europe/Warsaw')
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
          COALESCE(c.time_zone, 'Europe/Warsaw')
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
          COALESCE(c.time_zone, 'Europe/Warsaw')
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
          COALESCE(c.time_zone, 'Europe/Warsaw')
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
          COALESCE(c.time_zone, 'Europe/Warsaw')
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
          COALESCE(c.time_zone, 'Europe/Warsaw')
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
          COALESCE(c.time_zone, 'Europe/Warsaw')
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
          COALESCE(c.time_zone, 'Europe/Warsaw')
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
              COALESCE(c.time_zone, 'Europe/Warsaw')
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
              COALESCE(c.time_zone, 'Europe/Warsaw')
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
              COALESCE(c.time_zone, 'Europe/Warsaw')
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
              COALESCE(c.time_zone, 'Europe/Warsaw')
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
              COALESCE(c.time_zone, 'Europe/Warsaw')
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
              COALESCE(c.time_zone, 'Europe/Warsaw')
            ),
            INTERVAL 8 DAY
          )
        )
      )
    )
  );

-- active_days(orders) >= 2 (as of 2026-11-01T00:00:00)
WITH anchors_1 AS (
  SELECT
    c.customer_id AS anchor_key,
    c.time_zone AS anchor_1
  FROM customers AS c
), orders_agg_1 AS (
  SELECT
    e.customer_id AS customer_id,
    COUNT(
      DISTINCT CAST(CONVERT_TZ(
        CASE
          WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
          AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
          THEN e.created_at
          ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
        END,
        '+00:00',
        COALESCE(anchor.anchor_1, 'Europe/Warsaw')
      ) AS DATE)
    ) AS active_days_created_at_1
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  GROUP BY
    e.customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg_1
  ON orders_agg_1.customer_id = c.customer_id
WHERE
  COALESCE(orders_agg_1.active_days_created_at_1, 0) >= 2;

-- active_days(orders) >= 2 (now)
WITH anchors_1 AS (
  SELECT
    c.customer_id AS anchor_key,
    c.time_zone AS anchor_1
  FROM customers AS c
), orders_agg_1 AS (
  SELECT
    e.customer_id AS customer_id,
    COUNT(
      DISTINCT CAST(CONVERT_TZ(
        CASE
          WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
          AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
          THEN e.created_at
          ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
        END,
        '+00:00',
        COALESCE(anchor.anchor_1, 'Europe/Warsaw')
      ) AS DATE)
    ) AS active_days_created_at_1
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= UTC_TIMESTAMP(6)
  GROUP BY
    e.customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg_1
  ON orders_agg_1.customer_id = c.customer_id
WHERE
  COALESCE(orders_agg_1.active_days_created_at_1, 0) >= 2;

-- count(orders) >= 1 in 2 of last 3 weeks (as of 2026-11-01T00:00:00)
WITH anchors_1 AS (
  SELECT
    c.customer_id AS anchor_key,
    c.time_zone AS anchor_1
  FROM customers AS c
), orders_agg_1 AS (
  SELECT
    e.customer_id AS customer_id,
    COUNT(
      CASE
        WHEN e.created_at >= CAST('2026-10-18 08:00:00.000000' AS DATETIME(6))
        AND e.created_at < CAST('2026-10-26 16:00:00.000000' AS DATETIME(6))
        AND (
          (
            CAST(CONVERT_TZ(
              CASE
                WHEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
                ELSE CAST(EXP(710 + 0 * YEAR(CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)))) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) = CAST('2026-10-31' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) >= CAST('2026-10-19' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) < CAST('2026-10-26' AS DATE)
          )
          OR (
            CAST(CONVERT_TZ(
              CASE
                WHEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
                ELSE CAST(EXP(710 + 0 * YEAR(CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)))) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) = CAST('2026-11-01' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) >= CAST('2026-10-19' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) < CAST('2026-10-26' AS DATE)
          )
        )
        THEN 1
      END
    ) AS count_orders_1,
    COUNT(
      CASE
        WHEN e.created_at >= CAST('2026-10-11 08:00:00.000000' AS DATETIME(6))
        AND e.created_at < CAST('2026-10-19 16:00:00.000000' AS DATETIME(6))
        AND (
          (
            CAST(CONVERT_TZ(
              CASE
                WHEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
                ELSE CAST(EXP(710 + 0 * YEAR(CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)))) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) = CAST('2026-10-31' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) >= CAST('2026-10-12' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) < CAST('2026-10-19' AS DATE)
          )
          OR (
            CAST(CONVERT_TZ(
              CASE
                WHEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
                ELSE CAST(EXP(710 + 0 * YEAR(CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)))) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) = CAST('2026-11-01' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) >= CAST('2026-10-12' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) < CAST('2026-10-19' AS DATE)
          )
        )
        THEN 1
      END
    ) AS count_orders_2,
    COUNT(
      CASE
        WHEN e.created_at >= CAST('2026-10-04 08:00:00.000000' AS DATETIME(6))
        AND e.created_at < CAST('2026-10-12 16:00:00.000000' AS DATETIME(6))
        AND (
          (
            CAST(CONVERT_TZ(
              CASE
                WHEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
                ELSE CAST(EXP(710 + 0 * YEAR(CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)))) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) = CAST('2026-10-31' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) >= CAST('2026-10-05' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) < CAST('2026-10-12' AS DATE)
          )
          OR (
            CAST(CONVERT_TZ(
              CASE
                WHEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
                ELSE CAST(EXP(710 + 0 * YEAR(CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)))) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) = CAST('2026-11-01' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) >= CAST('2026-10-05' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) < CAST('2026-10-12' AS DATE)
          )
        )
        THEN 1
      END
    ) AS count_orders_3
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
    AND (
      (
        e.created_at >= CAST('2026-10-18 08:00:00.000000' AS DATETIME(6))
        AND e.created_at < CAST('2026-10-26 16:00:00.000000' AS DATETIME(6))
        AND (
          (
            CAST(CONVERT_TZ(
              CASE
                WHEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
                ELSE CAST(EXP(710 + 0 * YEAR(CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)))) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) = CAST('2026-10-31' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) >= CAST('2026-10-19' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) < CAST('2026-10-26' AS DATE)
          )
          OR (
            CAST(CONVERT_TZ(
              CASE
                WHEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
                ELSE CAST(EXP(710 + 0 * YEAR(CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)))) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) = CAST('2026-11-01' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) >= CAST('2026-10-19' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) < CAST('2026-10-26' AS DATE)
          )
        )
      )
      OR (
        e.created_at >= CAST('2026-10-11 08:00:00.000000' AS DATETIME(6))
        AND e.created_at < CAST('2026-10-19 16:00:00.000000' AS DATETIME(6))
        AND (
          (
            CAST(CONVERT_TZ(
              CASE
                WHEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
                ELSE CAST(EXP(710 + 0 * YEAR(CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)))) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) = CAST('2026-10-31' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) >= CAST('2026-10-12' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) < CAST('2026-10-19' AS DATE)
          )
          OR (
            CAST(CONVERT_TZ(
              CASE
                WHEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
                ELSE CAST(EXP(710 + 0 * YEAR(CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)))) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) = CAST('2026-11-01' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) >= CAST('2026-10-12' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) < CAST('2026-10-19' AS DATE)
          )
        )
      )
      OR (
        e.created_at >= CAST('2026-10-04 08:00:00.000000' AS DATETIME(6))
        AND e.created_at < CAST('2026-10-12 16:00:00.000000' AS DATETIME(6))
        AND (
          (
            CAST(CONVERT_TZ(
              CASE
                WHEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
                ELSE CAST(EXP(710 + 0 * YEAR(CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)))) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) = CAST('2026-10-31' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) >= CAST('2026-10-05' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) < CAST('2026-10-12' AS DATE)
          )
          OR (
            CAST(CONVERT_TZ(
              CASE
                WHEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
                ELSE CAST(EXP(710 + 0 * YEAR(CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)))) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) = CAST('2026-11-01' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) >= CAST('2026-10-05' AS DATE)
            AND CAST(CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS DATE) < CAST('2026-10-12' AS DATE)
          )
        )
      )
    )
  GROUP BY
    e.customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg_1
  ON orders_agg_1.customer_id = c.customer_id
WHERE
  (
    IF(COALESCE(orders_agg_1.count_orders_1, 0) >= 1, 1, 0) + IF(COALESCE(orders_agg_1.count_orders_2, 0) >= 1, 1, 0) + IF(COALESCE(orders_agg_1.count_orders_3, 0) >= 1, 1, 0)
  ) >= 2;

-- count(orders) >= 1 in 2 of last 3 weeks (now)
WITH anchors_1 AS (
  SELECT
    c.customer_id AS anchor_key,
    c.time_zone AS anchor_1
  FROM customers AS c
), orders_agg_1 AS (
  SELECT
    e.customer_id AS customer_id,
    COUNT(
      CASE
        WHEN TO_DAYS(
          CONVERT_TZ(
            CASE
              WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN e.created_at
              ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
            END,
            '+00:00',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          )
        ) - (
          WEEKDAY(
            CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            )
          ) + 1
        ) + 1 = TO_DAYS(
          CONVERT_TZ(
            CASE
              WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN UTC_TIMESTAMP(6)
              ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
            END,
            '+00:00',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
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
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            )
          ) + 1
        ) + 1 - 7
        THEN 1
      END
    ) AS count_orders_1,
    COUNT(
      CASE
        WHEN TO_DAYS(
          CONVERT_TZ(
            CASE
              WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN e.created_at
              ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
            END,
            '+00:00',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          )
        ) - (
          WEEKDAY(
            CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            )
          ) + 1
        ) + 1 = TO_DAYS(
          CONVERT_TZ(
            CASE
              WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN UTC_TIMESTAMP(6)
              ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
            END,
            '+00:00',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
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
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            )
          ) + 1
        ) + 1 - 14
        THEN 1
      END
    ) AS count_orders_2,
    COUNT(
      CASE
        WHEN TO_DAYS(
          CONVERT_TZ(
            CASE
              WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN e.created_at
              ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
            END,
            '+00:00',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          )
        ) - (
          WEEKDAY(
            CONVERT_TZ(
              CASE
                WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
                AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
                THEN e.created_at
                ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
              END,
              '+00:00',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            )
          ) + 1
        ) + 1 = TO_DAYS(
          CONVERT_TZ(
            CASE
              WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN UTC_TIMESTAMP(6)
              ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
            END,
            '+00:00',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
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
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            )
          ) + 1
        ) + 1 - 21
        THEN 1
      END
    ) AS count_orders_3
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= UTC_TIMESTAMP(6)
    AND (
      TO_DAYS(
        CONVERT_TZ(
          CASE
            WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN e.created_at
            ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
          END,
          '+00:00',
          COALESCE(anchor.anchor_1, 'Europe/Warsaw')
        )
      ) - (
        WEEKDAY(
          CONVERT_TZ(
            CASE
              WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN e.created_at
              ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
            END,
            '+00:00',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          )
        ) + 1
      ) + 1 = TO_DAYS(
        CONVERT_TZ(
          CASE
            WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN UTC_TIMESTAMP(6)
            ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
          END,
          '+00:00',
          COALESCE(anchor.anchor_1, 'Europe/Warsaw')
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
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          )
        ) + 1
      ) + 1 - 7
      OR TO_DAYS(
        CONVERT_TZ(
          CASE
            WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN e.created_at
            ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
          END,
          '+00:00',
          COALESCE(anchor.anchor_1, 'Europe/Warsaw')
        )
      ) - (
        WEEKDAY(
          CONVERT_TZ(
            CASE
              WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN e.created_at
              ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
            END,
            '+00:00',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          )
        ) + 1
      ) + 1 = TO_DAYS(
        CONVERT_TZ(
          CASE
            WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN UTC_TIMESTAMP(6)
            ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
          END,
          '+00:00',
          COALESCE(anchor.anchor_1, 'Europe/Warsaw')
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
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          )
        ) + 1
      ) + 1 - 14
      OR TO_DAYS(
        CONVERT_TZ(
          CASE
            WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN e.created_at
            ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
          END,
          '+00:00',
          COALESCE(anchor.anchor_1, 'Europe/Warsaw')
        )
      ) - (
        WEEKDAY(
          CONVERT_TZ(
            CASE
              WHEN e.created_at >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
              AND e.created_at < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
              THEN e.created_at
              ELSE CAST(EXP(710 + 0 * YEAR(e.created_at)) AS DATETIME(6))
            END,
            '+00:00',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          )
        ) + 1
      ) + 1 = TO_DAYS(
        CONVERT_TZ(
          CASE
            WHEN UTC_TIMESTAMP(6) >= CAST('1970-01-01 00:00:01.000000' AS DATETIME(6))
            AND UTC_TIMESTAMP(6) < CAST('2038-01-19 03:14:08.000000' AS DATETIME(6))
            THEN UTC_TIMESTAMP(6)
            ELSE CAST(EXP(710 + 0 * YEAR(UTC_TIMESTAMP(6))) AS DATETIME(6))
          END,
          '+00:00',
          COALESCE(anchor.anchor_1, 'Europe/Warsaw')
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
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          )
        ) + 1
      ) + 1 - 21
    )
  GROUP BY
    e.customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg_1
  ON orders_agg_1.customer_id = c.customer_id
WHERE
  (
    IF(COALESCE(orders_agg_1.count_orders_1, 0) >= 1, 1, 0) + IF(COALESCE(orders_agg_1.count_orders_2, 0) >= 1, 1, 0) + IF(COALESCE(orders_agg_1.count_orders_3, 0) >= 1, 1, 0)
  ) >= 2;

