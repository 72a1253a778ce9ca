-- signup_at in this month (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.signup_at >= TIMESTAMP('2026-09-30 08:00:00+00')
  AND c.signup_at < TIMESTAMP('2026-12-01 16:00:00+00')
  AND (
    (
      CAST(DATETIME(TIMESTAMP('2026-11-01 00:00:00+00'), COALESCE(c.time_zone, 'Europe/Warsaw')) AS DATE) = CAST('2026-10-31' AS DATE)
      AND CAST(DATETIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw')) AS DATE) >= CAST('2026-10-01' AS DATE)
      AND CAST(DATETIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw')) AS DATE) < CAST('2026-11-01' AS DATE)
    )
    OR (
      CAST(DATETIME(TIMESTAMP('2026-11-01 00:00:00+00'), COALESCE(c.time_zone, 'Europe/Warsaw')) AS DATE) = CAST('2026-11-01' AS DATE)
      AND CAST(DATETIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw')) AS DATE) >= CAST('2026-11-01' AS DATE)
      AND CAST(DATETIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw')) AS DATE) < CAST('2026-12-01' AS DATE)
    )
  );

-- signup_at in this month (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  12 * EXTRACT(YEAR FROM DATETIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw'))) + EXTRACT(MONTH FROM DATETIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw'))) = 12 * EXTRACT(YEAR FROM DATETIME(CURRENT_TIMESTAMP(), COALESCE(c.time_zone, 'Europe/Warsaw'))) + EXTRACT(MONTH FROM DATETIME(CURRENT_TIMESTAMP(), COALESCE(c.time_zone, 'Europe/Warsaw')));

-- signup_at in 2026-03 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.signup_at >= TIMESTAMP('2026-02-28 08:00:00+00')
  AND c.signup_at < TIMESTAMP('2026-04-01 16:00:00+00')
  AND (
    CAST(DATETIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw')) AS DATE) >= CAST('2026-03-01' AS DATE)
    AND CAST(DATETIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw')) AS DATE) < CAST('2026-04-01' AS DATE)
  );

-- signup_at in 2026-03 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.signup_at >= TIMESTAMP('2026-02-28 08:00:00+00')
  AND c.signup_at < TIMESTAMP('2026-04-01 16:00:00+00')
  AND (
    CAST(DATETIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw')) AS DATE) >= CAST('2026-03-01' AS DATE)
    AND CAST(DATETIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw')) AS DATE) < CAST('2026-04-01' AS DATE)
  );

-- birth_date in year to date (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    CAST(DATETIME(TIMESTAMP('2026-11-01 00:00:00+00'), COALESCE(c.time_zone, 'Europe/Warsaw')) AS DATE) = CAST('2026-10-31' AS DATE)
    AND c.birth_date >= CAST('2026-01-01' AS DATE)
    AND c.birth_date < CAST('2026-11-01' AS DATE)
  )
  OR (
    CAST(DATETIME(TIMESTAMP('2026-11-01 00:00:00+00'), COALESCE(c.time_zone, 'Europe/Warsaw')) AS DATE) = CAST('2026-11-01' AS DATE)
    AND c.birth_date >= CAST('2026-01-01' AS DATE)
    AND c.birth_date < CAST('2026-11-02' AS DATE)
  );

-- birth_date in year to date (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  EXTRACT(YEAR FROM c.birth_date) = EXTRACT(YEAR FROM DATETIME(CURRENT_TIMESTAMP(), COALESCE(c.time_zone, 'Europe/Warsaw')))
  AND UNIX_DATE(c.birth_date) <= UNIX_DATE(DATE(DATETIME(CURRENT_TIMESTAMP(), COALESCE(c.time_zone, 'Europe/Warsaw'))));

-- hour(signup_at) < 9 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  EXTRACT(HOUR FROM DATETIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw'))) < 9;

-- hour(signup_at) < 9 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  EXTRACT(HOUR FROM DATETIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw'))) < 9;

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
    e.created_at <= TIMESTAMP('2026-11-01 00:00:00+00')
    AND (
      e.created_at >= TIMESTAMP('2026-10-30 08:00:00+00')
      AND e.created_at < TIMESTAMP('2026-11-02 16:00:00+00')
      AND (
        (
          CAST(DATETIME(TIMESTAMP('2026-11-01 00:00:00+00'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) = CAST('2026-10-31' AS DATE)
          AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) >= CAST('2026-10-31' AS DATE)
          AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) < CAST('2026-11-01' AS DATE)
        )
        OR (
          CAST(DATETIME(TIMESTAMP('2026-11-01 00:00:00+00'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) = CAST('2026-11-01' AS DATE)
          AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) >= CAST('2026-11-01' AS DATE)
          AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) < CAST('2026-11-02' AS DATE)
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
    e.created_at <= CURRENT_TIMESTAMP()
    AND UNIX_DATE(DATE(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')))) = UNIX_DATE(DATE(DATETIME(CURRENT_TIMESTAMP(), COALESCE(anchor.anchor_1, 'Europe/Warsaw'))))
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
    CAST(DATETIME(TIMESTAMP('2026-11-01 00:00:00+00'), COALESCE(c.time_zone, 'Europe/Warsaw')) AS DATE) = CAST('2026-10-31' AS DATE)
    AND (
      (
        EXTRACT(MONTH FROM c.birth_date) = 11 AND EXTRACT(DAY FROM c.birth_date) < 8
      )
      AND c.birth_date < CAST('2026-01-01' AS DATE)
    )
  )
  OR (
    CAST(DATETIME(TIMESTAMP('2026-11-01 00:00:00+00'), COALESCE(c.time_zone, 'Europe/Warsaw')) AS DATE) = CAST('2026-11-01' AS DATE)
    AND (
      (
        EXTRACT(MONTH FROM c.birth_date) = 11
        AND EXTRACT(DAY FROM c.birth_date) >= 2
        AND EXTRACT(DAY FROM c.birth_date) < 9
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
    EXTRACT(YEAR FROM TIMESTAMP_ADD(
      DATETIME(CURRENT_TIMESTAMP(), COALESCE(c.time_zone, 'Europe/Warsaw')),
      INTERVAL 1 DAY
    )) = EXTRACT(YEAR FROM TIMESTAMP_ADD(
      DATETIME(CURRENT_TIMESTAMP(), COALESCE(c.time_zone, 'Europe/Warsaw')),
      INTERVAL 8 DAY
    ))
    AND 100 * EXTRACT(MONTH FROM c.birth_date) + EXTRACT(DAY FROM c.birth_date) >= 100 * EXTRACT(MONTH FROM TIMESTAMP_ADD(
      DATETIME(CURRENT_TIMESTAMP(), COALESCE(c.time_zone, 'Europe/Warsaw')),
      INTERVAL 1 DAY
    )) + EXTRACT(DAY FROM TIMESTAMP_ADD(
      DATETIME(CURRENT_TIMESTAMP(), COALESCE(c.time_zone, 'Europe/Warsaw')),
      INTERVAL 1 DAY
    ))
    AND 100 * EXTRACT(MONTH FROM c.birth_date) + EXTRACT(DAY FROM c.birth_date) < 100 * EXTRACT(MONTH FROM TIMESTAMP_ADD(
      DATETIME(CURRENT_TIMESTAMP(), COALESCE(c.time_zone, 'Europe/Warsaw')),
      INTERVAL 8 DAY
    )) + EXTRACT(DAY FROM TIMESTAMP_ADD(
      DATETIME(CURRENT_TIMESTAMP(), COALESCE(c.time_zone, 'Europe/Warsaw')),
      INTERVAL 8 DAY
    ))
    AND EXTRACT(YEAR FROM c.birth_date) < EXTRACT(YEAR FROM TIMESTAMP_ADD(
      DATETIME(CURRENT_TIMESTAMP(), COALESCE(c.time_zone, 'Europe/Warsaw')),
      INTERVAL 1 DAY
    ))
  )
  OR (
    EXTRACT(YEAR FROM TIMESTAMP_ADD(
      DATETIME(CURRENT_TIMESTAMP(), COALESCE(c.time_zone, 'Europe/Warsaw')),
      INTERVAL 1 DAY
    )) < EXTRACT(YEAR FROM TIMESTAMP_ADD(
      DATETIME(CURRENT_TIMESTAMP(), COALESCE(c.time_zone, 'Europe/Warsaw')),
      INTERVAL 8 DAY
    ))
    AND (
      (
        100 * EXTRACT(MONTH FROM c.birth_date) + EXTRACT(DAY FROM c.birth_date) >= 100 * EXTRACT(MONTH FROM TIMESTAMP_ADD(
          DATETIME(CURRENT_TIMESTAMP(), COALESCE(c.time_zone, 'Europe/Warsaw')),
          INTERVAL 1 DAY
        )) + EXTRACT(DAY FROM TIMESTAMP_ADD(
          DATETIME(CURRENT_TIMESTAMP(), COALESCE(c.time_zone, 'Europe/Warsaw')),
          INTERVAL 1 DAY
        ))
        AND EXTRACT(YEAR FROM c.birth_date) < EXTRACT(YEAR FROM TIMESTAMP_ADD(
          DATETIME(CURRENT_TIMESTAMP(), COALESCE(c.time_zone, 'Europe/Warsaw')),
          INTERVAL 1 DAY
        ))
      )
      OR (
        100 * EXTRACT(MONTH FROM c.birth_date) + EXTRACT(DAY FROM c.birth_date) < 100 * EXTRACT(MONTH FROM TIMESTAMP_ADD(
          DATETIME(CURRENT_TIMESTAMP(), COALESCE(c.time_zone, 'Europe/Warsaw')),
          INTERVAL 8 DAY
        )) + EXTRACT(DAY FROM TIMESTAMP_ADD(
          DATETIME(CURRENT_TIMESTAMP(), COALESCE(c.time_zone, 'Europe/Warsaw')),
          INTERVAL 8 DAY
        ))
        AND EXTRACT(YEAR FROM c.birth_date) < EXTRACT(YEAR FROM TIMESTAMP_ADD(
          DATETIME(CURRENT_TIMESTAMP(), COALESCE(c.time_zone, 'Europe/Warsaw')),
          INTERVAL 8 DAY
        ))
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
      DISTINCT CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE)
    ) AS active_days_created_at_1
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= TIMESTAMP('2026-11-01 00:00:00+00')
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
      DISTINCT CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE)
    ) AS active_days_created_at_1
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= CURRENT_TIMESTAMP()
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
        WHEN e.created_at >= TIMESTAMP('2026-10-18 08:00:00+00')
        AND e.created_at < TIMESTAMP('2026-10-26 16:00:00+00')
        AND (
          (
            CAST(DATETIME(TIMESTAMP('2026-11-01 00:00:00+00'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) = CAST('2026-10-31' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) >= CAST('2026-10-19' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) < CAST('2026-10-26' AS DATE)
          )
          OR (
            CAST(DATETIME(TIMESTAMP('2026-11-01 00:00:00+00'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) = CAST('2026-11-01' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) >= CAST('2026-10-19' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) < CAST('2026-10-26' AS DATE)
          )
        )
        THEN 1
      END
    ) AS count_orders_1,
    COUNT(
      CASE
        WHEN e.created_at >= TIMESTAMP('2026-10-11 08:00:00+00')
        AND e.created_at < TIMESTAMP('2026-10-19 16:00:00+00')
        AND (
          (
            CAST(DATETIME(TIMESTAMP('2026-11-01 00:00:00+00'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) = CAST('2026-10-31' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) >= CAST('2026-10-12' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) < CAST('2026-10-19' AS DATE)
          )
          OR (
            CAST(DATETIME(TIMESTAMP('2026-11-01 00:00:00+00'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) = CAST('2026-11-01' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) >= CAST('2026-10-12' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) < CAST('2026-10-19' AS DATE)
          )
        )
        THEN 1
      END
    ) AS count_orders_2,
    COUNT(
      CASE
        WHEN e.created_at >= TIMESTAMP('2026-10-04 08:00:00+00')
        AND e.created_at < TIMESTAMP('2026-10-12 16:00:00+00')
        AND (
          (
            CAST(DATETIME(TIMESTAMP('2026-11-01 00:00:00+00'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) = CAST('2026-10-31' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) >= CAST('2026-10-05' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) < CAST('2026-10-12' AS DATE)
          )
          OR (
            CAST(DATETIME(TIMESTAMP('2026-11-01 00:00:00+00'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) = CAST('2026-11-01' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) >= CAST('2026-10-05' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) < CAST('2026-10-12' AS DATE)
          )
        )
        THEN 1
      END
    ) AS count_orders_3
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= TIMESTAMP('2026-11-01 00:00:00+00')
    AND (
      (
        e.created_at >= TIMESTAMP('2026-10-18 08:00:00+00')
        AND e.created_at < TIMESTAMP('2026-10-26 16:00:00+00')
        AND (
          (
            CAST(DATETIME(TIMESTAMP('2026-11-01 00:00:00+00'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) = CAST('2026-10-31' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) >= CAST('2026-10-19' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) < CAST('2026-10-26' AS DATE)
          )
          OR (
            CAST(DATETIME(TIMESTAMP('2026-11-01 00:00:00+00'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) = CAST('2026-11-01' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) >= CAST('2026-10-19' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) < CAST('2026-10-26' AS DATE)
          )
        )
      )
      OR (
        e.created_at >= TIMESTAMP('2026-10-11 08:00:00+00')
        AND e.created_at < TIMESTAMP('2026-10-19 16:00:00+00')
        AND (
          (
            CAST(DATETIME(TIMESTAMP('2026-11-01 00:00:00+00'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) = CAST('2026-10-31' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) >= CAST('2026-10-12' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) < CAST('2026-10-19' AS DATE)
          )
          OR (
            CAST(DATETIME(TIMESTAMP('2026-11-01 00:00:00+00'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) = CAST('2026-11-01' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) >= CAST('2026-10-12' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) < CAST('2026-10-19' AS DATE)
          )
        )
      )
      OR (
        e.created_at >= TIMESTAMP('2026-10-04 08:00:00+00')
        AND e.created_at < TIMESTAMP('2026-10-12 16:00:00+00')
        AND (
          (
            CAST(DATETIME(TIMESTAMP('2026-11-01 00:00:00+00'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) = CAST('2026-10-31' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) >= CAST('2026-10-05' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) < CAST('2026-10-12' AS DATE)
          )
          OR (
            CAST(DATETIME(TIMESTAMP('2026-11-01 00:00:00+00'), COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) = CAST('2026-11-01' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) >= CAST('2026-10-05' AS DATE)
            AND CAST(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')) AS DATE) < CAST('2026-10-12' AS DATE)
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
        WHEN UNIX_DATE(DATE(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')))) - (
          MOD(
            EXTRACT(DAYOFWEEK FROM DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw'))) + 5,
            7
          ) + 1
        ) + 1 = UNIX_DATE(DATE(DATETIME(CURRENT_TIMESTAMP(), COALESCE(anchor.anchor_1, 'Europe/Warsaw')))) - (
          MOD(
            EXTRACT(DAYOFWEEK FROM DATETIME(CURRENT_TIMESTAMP(), COALESCE(anchor.anchor_1, 'Europe/Warsaw'))) + 5,
            7
          ) + 1
        ) + 1 - 7
        THEN 1
      END
    ) AS count_orders_1,
    COUNT(
      CASE
        WHEN UNIX_DATE(DATE(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')))) - (
          MOD(
            EXTRACT(DAYOFWEEK FROM DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw'))) + 5,
            7
          ) + 1
        ) + 1 = UNIX_DATE(DATE(DATETIME(CURRENT_TIMESTAMP(), COALESCE(anchor.anchor_1, 'Europe/Warsaw')))) - (
          MOD(
            EXTRACT(DAYOFWEEK FROM DATETIME(CURRENT_TIMESTAMP(), COALESCE(anchor.anchor_1, 'Europe/Warsaw'))) + 5,
            7
          ) + 1
        ) + 1 - 14
        THEN 1
      END
    ) AS count_orders_2,
    COUNT(
      CASE
        WHEN UNIX_DATE(DATE(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')))) - (
          MOD(
            EXTRACT(DAYOFWEEK FROM DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw'))) + 5,
            7
          ) + 1
        ) + 1 = UNIX_DATE(DATE(DATETIME(CURRENT_TIMESTAMP(), COALESCE(anchor.anchor_1, 'Europe/Warsaw')))) - (
          MOD(
            EXTRACT(DAYOFWEEK FROM DATETIME(CURRENT_TIMESTAMP(), COALESCE(anchor.anchor_1, 'Europe/Warsaw'))) + 5,
            7
          ) + 1
        ) + 1 - 21
        THEN 1
      END
    ) AS count_orders_3
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= CURRENT_TIMESTAMP()
    AND (
      UNIX_DATE(DATE(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')))) - (
        MOD(
          EXTRACT(DAYOFWEEK FROM DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw'))) + 5,
          7
        ) + 1
      ) + 1 = UNIX_DATE(DATE(DATETIME(CURRENT_TIMESTAMP(), COALESCE(anchor.anchor_1, 'Europe/Warsaw')))) - (
        MOD(
          EXTRACT(DAYOFWEEK FROM DATETIME(CURRENT_TIMESTAMP(), COALESCE(anchor.anchor_1, 'Europe/Warsaw'))) + 5,
          7
        ) + 1
      ) + 1 - 7
      OR UNIX_DATE(DATE(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')))) - (
        MOD(
          EXTRACT(DAYOFWEEK FROM DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw'))) + 5,
          7
        ) + 1
      ) + 1 = UNIX_DATE(DATE(DATETIME(CURRENT_TIMESTAMP(), COALESCE(anchor.anchor_1, 'Europe/Warsaw')))) - (
        MOD(
          EXTRACT(DAYOFWEEK FROM DATETIME(CURRENT_TIMESTAMP(), COALESCE(anchor.anchor_1, 'Europe/Warsaw'))) + 5,
          7
        ) + 1
      ) + 1 - 14
      OR UNIX_DATE(DATE(DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')))) - (
        MOD(
          EXTRACT(DAYOFWEEK FROM DATETIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw'))) + 5,
          7
        ) + 1
      ) + 1 = UNIX_DATE(DATE(DATETIME(CURRENT_TIMESTAMP(), COALESCE(anchor.anchor_1, 'Europe/Warsaw')))) - (
        MOD(
          EXTRACT(DAYOFWEEK FROM DATETIME(CURRENT_TIMESTAMP(), COALESCE(anchor.anchor_1, 'Europe/Warsaw'))) + 5,
          7
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

