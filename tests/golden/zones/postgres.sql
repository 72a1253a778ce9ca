-- signup_at in this month (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.signup_at >= CAST('2026-09-30 08:00:00' AS TIMESTAMP)
  AND c.signup_at < CAST('2026-12-01 16:00:00' AS TIMESTAMP)
  AND (
    (
      CAST((
        CAST('2026-11-01 00:00:00' AS TIMESTAMP) AT TIME ZONE 'UTC'
      ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw') AS DATE) = CAST('2026-10-31' AS DATE)
      AND CAST((
        c.signup_at AT TIME ZONE 'UTC'
      ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw') AS DATE) >= CAST('2026-10-01' AS DATE)
      AND CAST((
        c.signup_at AT TIME ZONE 'UTC'
      ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw') AS DATE) < CAST('2026-11-01' AS DATE)
    )
    OR (
      CAST((
        CAST('2026-11-01 00:00:00' AS TIMESTAMP) AT TIME ZONE 'UTC'
      ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw') AS DATE) = CAST('2026-11-01' AS DATE)
      AND CAST((
        c.signup_at AT TIME ZONE 'UTC'
      ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw') AS DATE) >= CAST('2026-11-01' AS DATE)
      AND CAST((
        c.signup_at AT TIME ZONE 'UTC'
      ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw') AS DATE) < CAST('2026-12-01' AS DATE)
    )
  );

-- signup_at in this month (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  12 * CAST(DATE_PART(
    'year',
    (
      c.signup_at AT TIME ZONE 'UTC'
    ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw')
  ) AS BIGINT) + CAST(DATE_PART(
    'month',
    (
      c.signup_at AT TIME ZONE 'UTC'
    ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw')
  ) AS BIGINT) = 12 * CAST(DATE_PART(
    'year',
    (
      (
        NOW() AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'UTC'
    ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw')
  ) AS BIGINT) + CAST(DATE_PART(
    'month',
    (
      (
        NOW() AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'UTC'
    ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw')
  ) AS BIGINT);

-- signup_at in 2026-03 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.signup_at >= CAST('2026-02-28 08:00:00' AS TIMESTAMP)
  AND c.signup_at < CAST('2026-04-01 16:00:00' AS TIMESTAMP)
  AND (
    CAST((
      c.signup_at AT TIME ZONE 'UTC'
    ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw') AS DATE) >= CAST('2026-03-01' AS DATE)
    AND CAST((
      c.signup_at AT TIME ZONE 'UTC'
    ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw') AS DATE) < CAST('2026-04-01' AS DATE)
  );

-- signup_at in 2026-03 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.signup_at >= CAST('2026-02-28 08:00:00' AS TIMESTAMP)
  AND c.signup_at < CAST('2026-04-01 16:00:00' AS TIMESTAMP)
  AND (
    CAST((
      c.signup_at AT TIME ZONE 'UTC'
    ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw') AS DATE) >= CAST('2026-03-01' AS DATE)
    AND CAST((
      c.signup_at AT TIME ZONE 'UTC'
    ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw') AS DATE) < CAST('2026-04-01' AS DATE)
  );

-- birth_date in year to date (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    CAST((
      CAST('2026-11-01 00:00:00' AS TIMESTAMP) AT TIME ZONE 'UTC'
    ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw') AS DATE) = CAST('2026-10-31' AS DATE)
    AND c.birth_date >= CAST('2026-01-01' AS DATE)
    AND c.birth_date < CAST('2026-11-01' AS DATE)
  )
  OR (
    CAST((
      CAST('2026-11-01 00:00:00' AS TIMESTAMP) AT TIME ZONE 'UTC'
    ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw') AS DATE) = CAST('2026-11-01' AS DATE)
    AND c.birth_date >= CAST('2026-01-01' AS DATE)
    AND c.birth_date < CAST('2026-11-02' AS DATE)
  );

-- birth_date in year to date (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  CAST(DATE_PART('year', c.birth_date) AS BIGINT) = CAST(DATE_PART(
    'year',
    (
      (
        NOW() AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'UTC'
    ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw')
  ) AS BIGINT)
  AND c.birth_date - CAST('1970-01-01' AS DATE) <= CAST((
    (
      NOW() AT TIME ZONE 'UTC'
    ) AT TIME ZONE 'UTC'
  ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw') AS DATE) - CAST('1970-01-01' AS DATE);

-- hour(signup_at) < 9 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  CAST(DATE_PART(
    'hour',
    (
      c.signup_at AT TIME ZONE 'UTC'
    ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw')
  ) AS BIGINT) < 9;

-- hour(signup_at) < 9 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  CAST(DATE_PART(
    'hour',
    (
      c.signup_at AT TIME ZONE 'UTC'
    ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw')
  ) AS BIGINT) < 9;

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
    e.created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
    AND (
      e.created_at >= CAST('2026-10-30 08:00:00' AS TIMESTAMP)
      AND e.created_at < CAST('2026-11-02 16:00:00' AS TIMESTAMP)
      AND (
        (
          CAST((
            CAST('2026-11-01 00:00:00' AS TIMESTAMP) AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) = CAST('2026-10-31' AS DATE)
          AND CAST((
            e.created_at AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) >= CAST('2026-10-31' AS DATE)
          AND CAST((
            e.created_at AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) < CAST('2026-11-01' AS DATE)
        )
        OR (
          CAST((
            CAST('2026-11-01 00:00:00' AS TIMESTAMP) AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) = CAST('2026-11-01' AS DATE)
          AND CAST((
            e.created_at AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) >= CAST('2026-11-01' AS DATE)
          AND CAST((
            e.created_at AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) < CAST('2026-11-02' AS DATE)
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
    e.created_at <= (
      NOW() AT TIME ZONE 'UTC'
    )
    AND CAST((
      e.created_at AT TIME ZONE 'UTC'
    ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) - CAST('1970-01-01' AS DATE) = CAST((
      (
        NOW() AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'UTC'
    ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) - CAST('1970-01-01' AS DATE)
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
    CAST((
      CAST('2026-11-01 00:00:00' AS TIMESTAMP) AT TIME ZONE 'UTC'
    ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw') AS DATE) = CAST('2026-10-31' AS DATE)
    AND (
      (
        CAST(DATE_PART('month', c.birth_date) AS BIGINT) = 11
        AND CAST(DATE_PART('day', c.birth_date) AS BIGINT) < 8
      )
      AND c.birth_date < CAST('2026-01-01' AS DATE)
    )
  )
  OR (
    CAST((
      CAST('2026-11-01 00:00:00' AS TIMESTAMP) AT TIME ZONE 'UTC'
    ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw') AS DATE) = CAST('2026-11-01' AS DATE)
    AND (
      (
        CAST(DATE_PART('month', c.birth_date) AS BIGINT) = 11
        AND CAST(DATE_PART('day', c.birth_date) AS BIGINT) >= 2
        AND CAST(DATE_PART('day', c.birth_date) AS BIGINT) < 9
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
    CAST(DATE_PART(
      'year',
      (
        (
          (
            NOW() AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'UTC'
        ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw')
      ) + INTERVAL '1 DAY'
    ) AS BIGINT) = CAST(DATE_PART(
      'year',
      (
        (
          (
            NOW() AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'UTC'
        ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw')
      ) + INTERVAL '8 DAY'
    ) AS BIGINT)
    AND 100 * CAST(DATE_PART('month', c.birth_date) AS BIGINT) + CAST(DATE_PART('day', c.birth_date) AS BIGINT) >= 100 * CAST(DATE_PART(
      'month',
      (
        (
          (
            NOW() AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'UTC'
        ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw')
      ) + INTERVAL '1 DAY'
    ) AS BIGINT) + CAST(DATE_PART(
      'day',
      (
        (
          (
            NOW() AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'UTC'
        ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw')
      ) + INTERVAL '1 DAY'
    ) AS BIGINT)
    AND 100 * CAST(DATE_PART('month', c.birth_date) AS BIGINT) + CAST(DATE_PART('day', c.birth_date) AS BIGINT) < 100 * CAST(DATE_PART(
      'month',
      (
        (
          (
            NOW() AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'UTC'
        ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw')
      ) + INTERVAL '8 DAY'
    ) AS BIGINT) + CAST(DATE_PART(
      'day',
      (
        (
          (
            NOW() AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'UTC'
        ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw')
      ) + INTERVAL '8 DAY'
    ) AS BIGINT)
    AND CAST(DATE_PART('year', c.birth_date) AS BIGINT) < CAST(DATE_PART(
      'year',
      (
        (
          (
            NOW() AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'UTC'
        ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw')
      ) + INTERVAL '1 DAY'
    ) AS BIGINT)
  )
  OR (
    CAST(DATE_PART(
      'year',
      (
        (
          (
            NOW() AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'UTC'
        ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw')
      ) + INTERVAL '1 DAY'
    ) AS BIGINT) < CAST(DATE_PART(
      'year',
      (
        (
          (
            NOW() AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'UTC'
        ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw')
      ) + INTERVAL '8 DAY'
    ) AS BIGINT)
    AND (
      (
        100 * CAST(DATE_PART('month', c.birth_date) AS BIGINT) + CAST(DATE_PART('day', c.birth_date) AS BIGINT) >= 100 * CAST(DATE_PART(
          'month',
          (
            (
              (
                NOW() AT TIME ZONE 'UTC'
              ) AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw')
          ) + INTERVAL '1 DAY'
        ) AS BIGINT) + CAST(DATE_PART(
          'day',
          (
            (
              (
                NOW() AT TIME ZONE 'UTC'
              ) AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw')
          ) + INTERVAL '1 DAY'
        ) AS BIGINT)
        AND CAST(DATE_PART('year', c.birth_date) AS BIGINT) < CAST(DATE_PART(
          'year',
          (
            (
              (
                NOW() AT TIME ZONE 'UTC'
              ) AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw')
          ) + INTERVAL '1 DAY'
        ) AS BIGINT)
      )
      OR (
        100 * CAST(DATE_PART('month', c.birth_date) AS BIGINT) + CAST(DATE_PART('day', c.birth_date) AS BIGINT) < 100 * CAST(DATE_PART(
          'month',
          (
            (
              (
                NOW() AT TIME ZONE 'UTC'
              ) AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw')
          ) + INTERVAL '8 DAY'
        ) AS BIGINT) + CAST(DATE_PART(
          'day',
          (
            (
              (
                NOW() AT TIME ZONE 'UTC'
              ) AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw')
          ) + INTERVAL '8 DAY'
        ) AS BIGINT)
        AND CAST(DATE_PART('year', c.birth_date) AS BIGINT) < CAST(DATE_PART(
          'year',
          (
            (
              (
                NOW() AT TIME ZONE 'UTC'
              ) AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(c.time_zone, 'Europe/Warsaw')
          ) + INTERVAL '8 DAY'
        ) AS BIGINT)
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
      DISTINCT CAST((
        e.created_at AT TIME ZONE 'UTC'
      ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE)
    ) AS active_days_created_at_1
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
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
      DISTINCT CAST((
        e.created_at AT TIME ZONE 'UTC'
      ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE)
    ) AS active_days_created_at_1
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= (
      NOW() AT TIME ZONE 'UTC'
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
      e.created_at >= CAST('2026-10-18 08:00:00' AS TIMESTAMP)
      AND e.created_at < CAST('2026-10-26 16:00:00' AS TIMESTAMP)
      AND (
        (
          CAST((
            CAST('2026-11-01 00:00:00' AS TIMESTAMP) AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) = CAST('2026-10-31' AS DATE)
          AND CAST((
            e.created_at AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) >= CAST('2026-10-19' AS DATE)
          AND CAST((
            e.created_at AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) < CAST('2026-10-26' AS DATE)
        )
        OR (
          CAST((
            CAST('2026-11-01 00:00:00' AS TIMESTAMP) AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) = CAST('2026-11-01' AS DATE)
          AND CAST((
            e.created_at AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) >= CAST('2026-10-19' AS DATE)
          AND CAST((
            e.created_at AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) < CAST('2026-10-26' AS DATE)
        )
      )) AS count_orders_1,
    COUNT(*) FILTER(WHERE
      e.created_at >= CAST('2026-10-11 08:00:00' AS TIMESTAMP)
      AND e.created_at < CAST('2026-10-19 16:00:00' AS TIMESTAMP)
      AND (
        (
          CAST((
            CAST('2026-11-01 00:00:00' AS TIMESTAMP) AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) = CAST('2026-10-31' AS DATE)
          AND CAST((
            e.created_at AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) >= CAST('2026-10-12' AS DATE)
          AND CAST((
            e.created_at AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) < CAST('2026-10-19' AS DATE)
        )
        OR (
          CAST((
            CAST('2026-11-01 00:00:00' AS TIMESTAMP) AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) = CAST('2026-11-01' AS DATE)
          AND CAST((
            e.created_at AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) >= CAST('2026-10-12' AS DATE)
          AND CAST((
            e.created_at AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) < CAST('2026-10-19' AS DATE)
        )
      )) AS count_orders_2,
    COUNT(*) FILTER(WHERE
      e.created_at >= CAST('2026-10-04 08:00:00' AS TIMESTAMP)
      AND e.created_at < CAST('2026-10-12 16:00:00' AS TIMESTAMP)
      AND (
        (
          CAST((
            CAST('2026-11-01 00:00:00' AS TIMESTAMP) AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) = CAST('2026-10-31' AS DATE)
          AND CAST((
            e.created_at AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) >= CAST('2026-10-05' AS DATE)
          AND CAST((
            e.created_at AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) < CAST('2026-10-12' AS DATE)
        )
        OR (
          CAST((
            CAST('2026-11-01 00:00:00' AS TIMESTAMP) AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) = CAST('2026-11-01' AS DATE)
          AND CAST((
            e.created_at AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) >= CAST('2026-10-05' AS DATE)
          AND CAST((
            e.created_at AT TIME ZONE 'UTC'
          ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) < CAST('2026-10-12' AS DATE)
        )
      )) AS count_orders_3
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
    AND (
      (
        e.created_at >= CAST('2026-10-18 08:00:00' AS TIMESTAMP)
        AND e.created_at < CAST('2026-10-26 16:00:00' AS TIMESTAMP)
        AND (
          (
            CAST((
              CAST('2026-11-01 00:00:00' AS TIMESTAMP) AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) = CAST('2026-10-31' AS DATE)
            AND CAST((
              e.created_at AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) >= CAST('2026-10-19' AS DATE)
            AND CAST((
              e.created_at AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) < CAST('2026-10-26' AS DATE)
          )
          OR (
            CAST((
              CAST('2026-11-01 00:00:00' AS TIMESTAMP) AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) = CAST('2026-11-01' AS DATE)
            AND CAST((
              e.created_at AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) >= CAST('2026-10-19' AS DATE)
            AND CAST((
              e.created_at AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) < CAST('2026-10-26' AS DATE)
          )
        )
      )
      OR (
        e.created_at >= CAST('2026-10-11 08:00:00' AS TIMESTAMP)
        AND e.created_at < CAST('2026-10-19 16:00:00' AS TIMESTAMP)
        AND (
          (
            CAST((
              CAST('2026-11-01 00:00:00' AS TIMESTAMP) AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) = CAST('2026-10-31' AS DATE)
            AND CAST((
              e.created_at AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) >= CAST('2026-10-12' AS DATE)
            AND CAST((
              e.created_at AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) < CAST('2026-10-19' AS DATE)
          )
          OR (
            CAST((
              CAST('2026-11-01 00:00:00' AS TIMESTAMP) AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) = CAST('2026-11-01' AS DATE)
            AND CAST((
              e.created_at AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) >= CAST('2026-10-12' AS DATE)
            AND CAST((
              e.created_at AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) < CAST('2026-10-19' AS DATE)
          )
        )
      )
      OR (
        e.created_at >= CAST('2026-10-04 08:00:00' AS TIMESTAMP)
        AND e.created_at < CAST('2026-10-12 16:00:00' AS TIMESTAMP)
        AND (
          (
            CAST((
              CAST('2026-11-01 00:00:00' AS TIMESTAMP) AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) = CAST('2026-10-31' AS DATE)
            AND CAST((
              e.created_at AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) >= CAST('2026-10-05' AS DATE)
            AND CAST((
              e.created_at AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) < CAST('2026-10-12' AS DATE)
          )
          OR (
            CAST((
              CAST('2026-11-01 00:00:00' AS TIMESTAMP) AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) = CAST('2026-11-01' AS DATE)
            AND CAST((
              e.created_at AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) >= CAST('2026-10-05' AS DATE)
            AND CAST((
              e.created_at AT TIME ZONE 'UTC'
            ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) < CAST('2026-10-12' AS DATE)
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
    CASE WHEN COALESCE(orders_agg_1.count_orders_1, 0) >= 1 THEN 1 ELSE 0 END + CASE WHEN COALESCE(orders_agg_1.count_orders_2, 0) >= 1 THEN 1 ELSE 0 END + CASE WHEN COALESCE(orders_agg_1.count_orders_3, 0) >= 1 THEN 1 ELSE 0 END
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
      CAST((
        e.created_at AT TIME ZONE 'UTC'
      ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) - CAST('1970-01-01' AS DATE) - CAST(DATE_PART(
        'isodow',
        (
          e.created_at AT TIME ZONE 'UTC'
        ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw')
      ) AS BIGINT) + 1 = CAST((
        (
          NOW() AT TIME ZONE 'UTC'
        ) AT TIME ZONE 'UTC'
      ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) - CAST('1970-01-01' AS DATE) - CAST(DATE_PART(
        'isodow',
        (
          (
            NOW() AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'UTC'
        ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw')
      ) AS BIGINT) + 1 - 7) AS count_orders_1,
    COUNT(*) FILTER(WHERE
      CAST((
        e.created_at AT TIME ZONE 'UTC'
      ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) - CAST('1970-01-01' AS DATE) - CAST(DATE_PART(
        'isodow',
        (
          e.created_at AT TIME ZONE 'UTC'
        ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw')
      ) AS BIGINT) + 1 = CAST((
        (
          NOW() AT TIME ZONE 'UTC'
        ) AT TIME ZONE 'UTC'
      ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) - CAST('1970-01-01' AS DATE) - CAST(DATE_PART(
        'isodow',
        (
          (
            NOW() AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'UTC'
        ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw')
      ) AS BIGINT) + 1 - 14) AS count_orders_2,
    COUNT(*) FILTER(WHERE
      CAST((
        e.created_at AT TIME ZONE 'UTC'
      ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) - CAST('1970-01-01' AS DATE) - CAST(DATE_PART(
        'isodow',
        (
          e.created_at AT TIME ZONE 'UTC'
        ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw')
      ) AS BIGINT) + 1 = CAST((
        (
          NOW() AT TIME ZONE 'UTC'
        ) AT TIME ZONE 'UTC'
      ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) - CAST('1970-01-01' AS DATE) - CAST(DATE_PART(
        'isodow',
        (
          (
            NOW() AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'UTC'
        ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw')
      ) AS BIGINT) + 1 - 21) AS count_orders_3
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= (
      NOW() AT TIME ZONE 'UTC'
    )
    AND (
      CAST((
        e.created_at AT TIME ZONE 'UTC'
      ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) - CAST('1970-01-01' AS DATE) - CAST(DATE_PART(
        'isodow',
        (
          e.created_at AT TIME ZONE 'UTC'
        ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw')
      ) AS BIGINT) + 1 = CAST((
        (
          NOW() AT TIME ZONE 'UTC'
        ) AT TIME ZONE 'UTC'
      ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) - CAST('1970-01-01' AS DATE) - CAST(DATE_PART(
        'isodow',
        (
          (
            NOW() AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'UTC'
        ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw')
      ) AS BIGINT) + 1 - 7
      OR CAST((
        e.created_at AT TIME ZONE 'UTC'
      ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) - CAST('1970-01-01' AS DATE) - CAST(DATE_PART(
        'isodow',
        (
          e.created_at AT TIME ZONE 'UTC'
        ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw')
      ) AS BIGINT) + 1 = CAST((
        (
          NOW() AT TIME ZONE 'UTC'
        ) AT TIME ZONE 'UTC'
      ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) - CAST('1970-01-01' AS DATE) - CAST(DATE_PART(
        'isodow',
        (
          (
            NOW() AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'UTC'
        ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw')
      ) AS BIGINT) + 1 - 14
      OR CAST((
        e.created_at AT TIME ZONE 'UTC'
      ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) - CAST('1970-01-01' AS DATE) - CAST(DATE_PART(
        'isodow',
        (
          e.created_at AT TIME ZONE 'UTC'
        ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw')
      ) AS BIGINT) + 1 = CAST((
        (
          NOW() AT TIME ZONE 'UTC'
        ) AT TIME ZONE 'UTC'
      ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw') AS DATE) - CAST('1970-01-01' AS DATE) - CAST(DATE_PART(
        'isodow',
        (
          (
            NOW() AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'UTC'
        ) AT TIME ZONE COALESCE(anchor.anchor_1, 'Europe/Warsaw')
      ) AS BIGINT) + 1 - 21
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
    CASE WHEN COALESCE(orders_agg_1.count_orders_1, 0) >= 1 THEN 1 ELSE 0 END + CASE WHEN COALESCE(orders_agg_1.count_orders_2, 0) >= 1 THEN 1 ELSE 0 END + CASE WHEN COALESCE(orders_agg_1.count_orders_3, 0) >= 1 THEN 1 ELSE 0 END
  ) >= 2;

