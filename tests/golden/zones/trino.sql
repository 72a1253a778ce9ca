-- signup_at in this month (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.signup_at >= CAST('2026-09-30 08:00:00' AS TIMESTAMP(6))
  AND c.signup_at < CAST('2026-12-01 16:00:00' AS TIMESTAMP(6))
  AND (
    (
      CAST(CAST(AT_TIMEZONE(
        WITH_TIMEZONE(CAST('2026-11-01 00:00:00' AS TIMESTAMP(6)), 'UTC'),
        COALESCE(c.time_zone, 'Europe/Warsaw')
      ) AS TIMESTAMP(6)) AS DATE) = CAST('2026-10-31' AS DATE)
      AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), COALESCE(c.time_zone, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) >= CAST('2026-10-01' AS DATE)
      AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), COALESCE(c.time_zone, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) < CAST('2026-11-01' AS DATE)
    )
    OR (
      CAST(CAST(AT_TIMEZONE(
        WITH_TIMEZONE(CAST('2026-11-01 00:00:00' AS TIMESTAMP(6)), 'UTC'),
        COALESCE(c.time_zone, 'Europe/Warsaw')
      ) AS TIMESTAMP(6)) AS DATE) = CAST('2026-11-01' AS DATE)
      AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), COALESCE(c.time_zone, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) >= CAST('2026-11-01' AS DATE)
      AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), COALESCE(c.time_zone, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) < CAST('2026-12-01' AS DATE)
    )
  );

-- signup_at in this month (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  12 * YEAR(
    CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), COALESCE(c.time_zone, 'Europe/Warsaw')) AS TIMESTAMP(6))
  ) + MONTH(
    CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), COALESCE(c.time_zone, 'Europe/Warsaw')) AS TIMESTAMP(6))
  ) = 12 * YEAR(
    CAST(AT_TIMEZONE(
      WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
      COALESCE(c.time_zone, 'Europe/Warsaw')
    ) AS TIMESTAMP(6))
  ) + MONTH(
    CAST(AT_TIMEZONE(
      WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
      COALESCE(c.time_zone, 'Europe/Warsaw')
    ) AS TIMESTAMP(6))
  );

-- signup_at in 2026-03 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.signup_at >= CAST('2026-02-28 08:00:00' AS TIMESTAMP(6))
  AND c.signup_at < CAST('2026-04-01 16:00:00' AS TIMESTAMP(6))
  AND (
    CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), COALESCE(c.time_zone, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) >= CAST('2026-03-01' AS DATE)
    AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), COALESCE(c.time_zone, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) < CAST('2026-04-01' AS DATE)
  );

-- signup_at in 2026-03 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.signup_at >= CAST('2026-02-28 08:00:00' AS TIMESTAMP(6))
  AND c.signup_at < CAST('2026-04-01 16:00:00' AS TIMESTAMP(6))
  AND (
    CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), COALESCE(c.time_zone, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) >= CAST('2026-03-01' AS DATE)
    AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), COALESCE(c.time_zone, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) < CAST('2026-04-01' AS DATE)
  );

-- birth_date in year to date (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    CAST(CAST(AT_TIMEZONE(
      WITH_TIMEZONE(CAST('2026-11-01 00:00:00' AS TIMESTAMP(6)), 'UTC'),
      COALESCE(c.time_zone, 'Europe/Warsaw')
    ) AS TIMESTAMP(6)) AS DATE) = CAST('2026-10-31' AS DATE)
    AND c.birth_date >= CAST('2026-01-01' AS DATE)
    AND c.birth_date < CAST('2026-11-01' AS DATE)
  )
  OR (
    CAST(CAST(AT_TIMEZONE(
      WITH_TIMEZONE(CAST('2026-11-01 00:00:00' AS TIMESTAMP(6)), 'UTC'),
      COALESCE(c.time_zone, 'Europe/Warsaw')
    ) AS TIMESTAMP(6)) AS DATE) = CAST('2026-11-01' AS DATE)
    AND c.birth_date >= CAST('2026-01-01' AS DATE)
    AND c.birth_date < CAST('2026-11-02' AS DATE)
  );

-- birth_date in year to date (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  YEAR(c.birth_date) = YEAR(
    CAST(AT_TIMEZONE(
      WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
      COALESCE(c.time_zone, 'Europe/Warsaw')
    ) AS TIMESTAMP(6))
  )
  AND DATE_DIFF('day', CAST('1970-01-01' AS DATE), c.birth_date) <= DATE_DIFF(
    'day',
    CAST('1970-01-01' AS DATE),
    CAST(CAST(AT_TIMEZONE(
      WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
      COALESCE(c.time_zone, 'Europe/Warsaw')
    ) AS TIMESTAMP(6)) AS DATE)
  );

-- hour(signup_at) < 9 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  HOUR(
    CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), COALESCE(c.time_zone, 'Europe/Warsaw')) AS TIMESTAMP(6))
  ) < 9;

-- hour(signup_at) < 9 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  HOUR(
    CAST(AT_TIMEZONE(WITH_TIMEZONE(c.signup_at, 'UTC'), COALESCE(c.time_zone, 'Europe/Warsaw')) AS TIMESTAMP(6))
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
    e.created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP(6))
    AND (
      e.created_at >= CAST('2026-10-30 08:00:00' AS TIMESTAMP(6))
      AND e.created_at < CAST('2026-11-02 16:00:00' AS TIMESTAMP(6))
      AND (
        (
          CAST(CAST(AT_TIMEZONE(
            WITH_TIMEZONE(CAST('2026-11-01 00:00:00' AS TIMESTAMP(6)), 'UTC'),
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          ) AS TIMESTAMP(6)) AS DATE) = CAST('2026-10-31' AS DATE)
          AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) >= CAST('2026-10-31' AS DATE)
          AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) < CAST('2026-11-01' AS DATE)
        )
        OR (
          CAST(CAST(AT_TIMEZONE(
            WITH_TIMEZONE(CAST('2026-11-01 00:00:00' AS TIMESTAMP(6)), 'UTC'),
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          ) AS TIMESTAMP(6)) AS DATE) = CAST('2026-11-01' AS DATE)
          AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) >= CAST('2026-11-01' AS DATE)
          AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) < CAST('2026-11-02' AS DATE)
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
    e.created_at <= CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6))
    AND DATE_DIFF(
      'day',
      CAST('1970-01-01' AS DATE),
      CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE)
    ) = DATE_DIFF(
      'day',
      CAST('1970-01-01' AS DATE),
      CAST(CAST(AT_TIMEZONE(
        WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
        COALESCE(anchor.anchor_1, 'Europe/Warsaw')
      ) AS TIMESTAMP(6)) AS DATE)
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
    CAST(CAST(AT_TIMEZONE(
      WITH_TIMEZONE(CAST('2026-11-01 00:00:00' AS TIMESTAMP(6)), 'UTC'),
      COALESCE(c.time_zone, 'Europe/Warsaw')
    ) AS TIMESTAMP(6)) AS DATE) = CAST('2026-10-31' AS DATE)
    AND (
      (
        MONTH(c.birth_date) = 11 AND DAY(c.birth_date) < 8
      )
      AND c.birth_date < CAST('2026-01-01' AS DATE)
    )
  )
  OR (
    CAST(CAST(AT_TIMEZONE(
      WITH_TIMEZONE(CAST('2026-11-01 00:00:00' AS TIMESTAMP(6)), 'UTC'),
      COALESCE(c.time_zone, 'Europe/Warsaw')
    ) AS TIMESTAMP(6)) AS DATE) = CAST('2026-11-01' AS DATE)
    AND (
      (
        MONTH(c.birth_date) = 11 AND DAY(c.birth_date) >= 2 AND DAY(c.birth_date) < 9
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
        'day',
        1,
        CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          COALESCE(c.time_zone, 'Europe/Warsaw')
        ) AS TIMESTAMP(6))
      )
    ) = YEAR(
      DATE_ADD(
        'day',
        8,
        CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          COALESCE(c.time_zone, 'Europe/Warsaw')
        ) AS TIMESTAMP(6))
      )
    )
    AND 100 * MONTH(c.birth_date) + DAY(c.birth_date) >= 100 * MONTH(
      DATE_ADD(
        'day',
        1,
        CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          COALESCE(c.time_zone, 'Europe/Warsaw')
        ) AS TIMESTAMP(6))
      )
    ) + DAY(
      DATE_ADD(
        'day',
        1,
        CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          COALESCE(c.time_zone, 'Europe/Warsaw')
        ) AS TIMESTAMP(6))
      )
    )
    AND 100 * MONTH(c.birth_date) + DAY(c.birth_date) < 100 * MONTH(
      DATE_ADD(
        'day',
        8,
        CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          COALESCE(c.time_zone, 'Europe/Warsaw')
        ) AS TIMESTAMP(6))
      )
    ) + DAY(
      DATE_ADD(
        'day',
        8,
        CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          COALESCE(c.time_zone, 'Europe/Warsaw')
        ) AS TIMESTAMP(6))
      )
    )
    AND YEAR(c.birth_date) < YEAR(
      DATE_ADD(
        'day',
        1,
        CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          COALESCE(c.time_zone, 'Europe/Warsaw')
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
          COALESCE(c.time_zone, 'Europe/Warsaw')
        ) AS TIMESTAMP(6))
      )
    ) < YEAR(
      DATE_ADD(
        'day',
        8,
        CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          COALESCE(c.time_zone, 'Europe/Warsaw')
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
              COALESCE(c.time_zone, 'Europe/Warsaw')
            ) AS TIMESTAMP(6))
          )
        ) + DAY(
          DATE_ADD(
            'day',
            1,
            CAST(AT_TIMEZONE(
              WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
              COALESCE(c.time_zone, 'Europe/Warsaw')
            ) AS TIMESTAMP(6))
          )
        )
        AND YEAR(c.birth_date) < YEAR(
          DATE_ADD(
            'day',
            1,
            CAST(AT_TIMEZONE(
              WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
              COALESCE(c.time_zone, 'Europe/Warsaw')
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
              COALESCE(c.time_zone, 'Europe/Warsaw')
            ) AS TIMESTAMP(6))
          )
        ) + DAY(
          DATE_ADD(
            'day',
            8,
            CAST(AT_TIMEZONE(
              WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
              COALESCE(c.time_zone, 'Europe/Warsaw')
            ) AS TIMESTAMP(6))
          )
        )
        AND YEAR(c.birth_date) < YEAR(
          DATE_ADD(
            'day',
            8,
            CAST(AT_TIMEZONE(
              WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
              COALESCE(c.time_zone, 'Europe/Warsaw')
            ) AS TIMESTAMP(6))
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
      DISTINCT CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE)
    ) AS active_days_created_at_1
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP(6))
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
      DISTINCT CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE)
    ) AS active_days_created_at_1
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6))
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
    COUNT(*) FILTER(WHERE
      e.created_at >= CAST('2026-10-18 08:00:00' AS TIMESTAMP(6))
      AND e.created_at < CAST('2026-10-26 16:00:00' AS TIMESTAMP(6))
      AND (
        (
          CAST(CAST(AT_TIMEZONE(
            WITH_TIMEZONE(CAST('2026-11-01 00:00:00' AS TIMESTAMP(6)), 'UTC'),
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          ) AS TIMESTAMP(6)) AS DATE) = CAST('2026-10-31' AS DATE)
          AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) >= CAST('2026-10-19' AS DATE)
          AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) < CAST('2026-10-26' AS DATE)
        )
        OR (
          CAST(CAST(AT_TIMEZONE(
            WITH_TIMEZONE(CAST('2026-11-01 00:00:00' AS TIMESTAMP(6)), 'UTC'),
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          ) AS TIMESTAMP(6)) AS DATE) = CAST('2026-11-01' AS DATE)
          AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) >= CAST('2026-10-19' AS DATE)
          AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) < CAST('2026-10-26' AS DATE)
        )
      )) AS count_orders_1,
    COUNT(*) FILTER(WHERE
      e.created_at >= CAST('2026-10-11 08:00:00' AS TIMESTAMP(6))
      AND e.created_at < CAST('2026-10-19 16:00:00' AS TIMESTAMP(6))
      AND (
        (
          CAST(CAST(AT_TIMEZONE(
            WITH_TIMEZONE(CAST('2026-11-01 00:00:00' AS TIMESTAMP(6)), 'UTC'),
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          ) AS TIMESTAMP(6)) AS DATE) = CAST('2026-10-31' AS DATE)
          AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) >= CAST('2026-10-12' AS DATE)
          AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) < CAST('2026-10-19' AS DATE)
        )
        OR (
          CAST(CAST(AT_TIMEZONE(
            WITH_TIMEZONE(CAST('2026-11-01 00:00:00' AS TIMESTAMP(6)), 'UTC'),
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          ) AS TIMESTAMP(6)) AS DATE) = CAST('2026-11-01' AS DATE)
          AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) >= CAST('2026-10-12' AS DATE)
          AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) < CAST('2026-10-19' AS DATE)
        )
      )) AS count_orders_2,
    COUNT(*) FILTER(WHERE
      e.created_at >= CAST('2026-10-04 08:00:00' AS TIMESTAMP(6))
      AND e.created_at < CAST('2026-10-12 16:00:00' AS TIMESTAMP(6))
      AND (
        (
          CAST(CAST(AT_TIMEZONE(
            WITH_TIMEZONE(CAST('2026-11-01 00:00:00' AS TIMESTAMP(6)), 'UTC'),
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          ) AS TIMESTAMP(6)) AS DATE) = CAST('2026-10-31' AS DATE)
          AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) >= CAST('2026-10-05' AS DATE)
          AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) < CAST('2026-10-12' AS DATE)
        )
        OR (
          CAST(CAST(AT_TIMEZONE(
            WITH_TIMEZONE(CAST('2026-11-01 00:00:00' AS TIMESTAMP(6)), 'UTC'),
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          ) AS TIMESTAMP(6)) AS DATE) = CAST('2026-11-01' AS DATE)
          AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) >= CAST('2026-10-05' AS DATE)
          AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) < CAST('2026-10-12' AS DATE)
        )
      )) AS count_orders_3
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP(6))
    AND (
      (
        e.created_at >= CAST('2026-10-18 08:00:00' AS TIMESTAMP(6))
        AND e.created_at < CAST('2026-10-26 16:00:00' AS TIMESTAMP(6))
        AND (
          (
            CAST(CAST(AT_TIMEZONE(
              WITH_TIMEZONE(CAST('2026-11-01 00:00:00' AS TIMESTAMP(6)), 'UTC'),
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS TIMESTAMP(6)) AS DATE) = CAST('2026-10-31' AS DATE)
            AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) >= CAST('2026-10-19' AS DATE)
            AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) < CAST('2026-10-26' AS DATE)
          )
          OR (
            CAST(CAST(AT_TIMEZONE(
              WITH_TIMEZONE(CAST('2026-11-01 00:00:00' AS TIMESTAMP(6)), 'UTC'),
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS TIMESTAMP(6)) AS DATE) = CAST('2026-11-01' AS DATE)
            AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) >= CAST('2026-10-19' AS DATE)
            AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) < CAST('2026-10-26' AS DATE)
          )
        )
      )
      OR (
        e.created_at >= CAST('2026-10-11 08:00:00' AS TIMESTAMP(6))
        AND e.created_at < CAST('2026-10-19 16:00:00' AS TIMESTAMP(6))
        AND (
          (
            CAST(CAST(AT_TIMEZONE(
              WITH_TIMEZONE(CAST('2026-11-01 00:00:00' AS TIMESTAMP(6)), 'UTC'),
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS TIMESTAMP(6)) AS DATE) = CAST('2026-10-31' AS DATE)
            AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) >= CAST('2026-10-12' AS DATE)
            AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) < CAST('2026-10-19' AS DATE)
          )
          OR (
            CAST(CAST(AT_TIMEZONE(
              WITH_TIMEZONE(CAST('2026-11-01 00:00:00' AS TIMESTAMP(6)), 'UTC'),
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS TIMESTAMP(6)) AS DATE) = CAST('2026-11-01' AS DATE)
            AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) >= CAST('2026-10-12' AS DATE)
            AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) < CAST('2026-10-19' AS DATE)
          )
        )
      )
      OR (
        e.created_at >= CAST('2026-10-04 08:00:00' AS TIMESTAMP(6))
        AND e.created_at < CAST('2026-10-12 16:00:00' AS TIMESTAMP(6))
        AND (
          (
            CAST(CAST(AT_TIMEZONE(
              WITH_TIMEZONE(CAST('2026-11-01 00:00:00' AS TIMESTAMP(6)), 'UTC'),
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS TIMESTAMP(6)) AS DATE) = CAST('2026-10-31' AS DATE)
            AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) >= CAST('2026-10-05' AS DATE)
            AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) < CAST('2026-10-12' AS DATE)
          )
          OR (
            CAST(CAST(AT_TIMEZONE(
              WITH_TIMEZONE(CAST('2026-11-01 00:00:00' AS TIMESTAMP(6)), 'UTC'),
              COALESCE(anchor.anchor_1, 'Europe/Warsaw')
            ) AS TIMESTAMP(6)) AS DATE) = CAST('2026-11-01' AS DATE)
            AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) >= CAST('2026-10-05' AS DATE)
            AND CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE) < CAST('2026-10-12' AS DATE)
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
    COUNT(*) FILTER(WHERE
      DATE_DIFF(
        'day',
        CAST('1970-01-01' AS DATE),
        CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE)
      ) - DAY_OF_WEEK(
        CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6))
      ) + 1 = DATE_DIFF(
        'day',
        CAST('1970-01-01' AS DATE),
        CAST(CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          COALESCE(anchor.anchor_1, 'Europe/Warsaw')
        ) AS TIMESTAMP(6)) AS DATE)
      ) - DAY_OF_WEEK(
        CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          COALESCE(anchor.anchor_1, 'Europe/Warsaw')
        ) AS TIMESTAMP(6))
      ) + 1 - 7) AS count_orders_1,
    COUNT(*) FILTER(WHERE
      DATE_DIFF(
        'day',
        CAST('1970-01-01' AS DATE),
        CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE)
      ) - DAY_OF_WEEK(
        CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6))
      ) + 1 = DATE_DIFF(
        'day',
        CAST('1970-01-01' AS DATE),
        CAST(CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          COALESCE(anchor.anchor_1, 'Europe/Warsaw')
        ) AS TIMESTAMP(6)) AS DATE)
      ) - DAY_OF_WEEK(
        CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          COALESCE(anchor.anchor_1, 'Europe/Warsaw')
        ) AS TIMESTAMP(6))
      ) + 1 - 14) AS count_orders_2,
    COUNT(*) FILTER(WHERE
      DATE_DIFF(
        'day',
        CAST('1970-01-01' AS DATE),
        CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE)
      ) - DAY_OF_WEEK(
        CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6))
      ) + 1 = DATE_DIFF(
        'day',
        CAST('1970-01-01' AS DATE),
        CAST(CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          COALESCE(anchor.anchor_1, 'Europe/Warsaw')
        ) AS TIMESTAMP(6)) AS DATE)
      ) - DAY_OF_WEEK(
        CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          COALESCE(anchor.anchor_1, 'Europe/Warsaw')
        ) AS TIMESTAMP(6))
      ) + 1 - 21) AS count_orders_3
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6))
    AND (
      DATE_DIFF(
        'day',
        CAST('1970-01-01' AS DATE),
        CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE)
      ) - DAY_OF_WEEK(
        CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6))
      ) + 1 = DATE_DIFF(
        'day',
        CAST('1970-01-01' AS DATE),
        CAST(CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          COALESCE(anchor.anchor_1, 'Europe/Warsaw')
        ) AS TIMESTAMP(6)) AS DATE)
      ) - DAY_OF_WEEK(
        CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          COALESCE(anchor.anchor_1, 'Europe/Warsaw')
        ) AS TIMESTAMP(6))
      ) + 1 - 7
      OR DATE_DIFF(
        'day',
        CAST('1970-01-01' AS DATE),
        CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE)
      ) - DAY_OF_WEEK(
        CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6))
      ) + 1 = DATE_DIFF(
        'day',
        CAST('1970-01-01' AS DATE),
        CAST(CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          COALESCE(anchor.anchor_1, 'Europe/Warsaw')
        ) AS TIMESTAMP(6)) AS DATE)
      ) - DAY_OF_WEEK(
        CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          COALESCE(anchor.anchor_1, 'Europe/Warsaw')
        ) AS TIMESTAMP(6))
      ) + 1 - 14
      OR DATE_DIFF(
        'day',
        CAST('1970-01-01' AS DATE),
        CAST(CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6)) AS DATE)
      ) - DAY_OF_WEEK(
        CAST(AT_TIMEZONE(WITH_TIMEZONE(e.created_at, 'UTC'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS TIMESTAMP(6))
      ) + 1 = DATE_DIFF(
        'day',
        CAST('1970-01-01' AS DATE),
        CAST(CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          COALESCE(anchor.anchor_1, 'Europe/Warsaw')
        ) AS TIMESTAMP(6)) AS DATE)
      ) - DAY_OF_WEEK(
        CAST(AT_TIMEZONE(
          WITH_TIMEZONE(CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'UTC') AS TIMESTAMP(6)), 'UTC'),
          COALESCE(anchor.anchor_1, 'Europe/Warsaw')
        ) AS TIMESTAMP(6))
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

