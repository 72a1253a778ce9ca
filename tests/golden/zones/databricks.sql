-- signup_at in this month (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.signup_at >= CAST('2026-09-30 08:00:00' AS TIMESTAMP_NTZ)
  AND c.signup_at < CAST('2026-12-01 16:00:00' AS TIMESTAMP_NTZ)
  AND (
    (
      CAST(CONVERT_TIMEZONE(
        'UTC',
        COALESCE(c.time_zone, 'Europe/Warsaw'),
        CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
      ) AS DATE) = CAST('2026-10-31' AS DATE)
      AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(c.time_zone, 'Europe/Warsaw'), c.signup_at) AS DATE) >= CAST('2026-10-01' AS DATE)
      AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(c.time_zone, 'Europe/Warsaw'), c.signup_at) AS DATE) < CAST('2026-11-01' AS DATE)
    )
    OR (
      CAST(CONVERT_TIMEZONE(
        'UTC',
        COALESCE(c.time_zone, 'Europe/Warsaw'),
        CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
      ) AS DATE) = CAST('2026-11-01' AS DATE)
      AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(c.time_zone, 'Europe/Warsaw'), c.signup_at) AS DATE) >= CAST('2026-11-01' AS DATE)
      AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(c.time_zone, 'Europe/Warsaw'), c.signup_at) AS DATE) < CAST('2026-12-01' AS DATE)
    )
  );

-- signup_at in this month (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  12 * YEAR(CONVERT_TIMEZONE('UTC', COALESCE(c.time_zone, 'Europe/Warsaw'), c.signup_at)) + MONTH(CONVERT_TIMEZONE('UTC', COALESCE(c.time_zone, 'Europe/Warsaw'), c.signup_at)) = 12 * YEAR(
    CONVERT_TIMEZONE(
      'UTC',
      COALESCE(c.time_zone, 'Europe/Warsaw'),
      CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
    )
  ) + MONTH(
    CONVERT_TIMEZONE(
      'UTC',
      COALESCE(c.time_zone, 'Europe/Warsaw'),
      CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
    )
  );

-- signup_at in 2026-03 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.signup_at >= CAST('2026-02-28 08:00:00' AS TIMESTAMP_NTZ)
  AND c.signup_at < CAST('2026-04-01 16:00:00' AS TIMESTAMP_NTZ)
  AND (
    CAST(CONVERT_TIMEZONE('UTC', COALESCE(c.time_zone, 'Europe/Warsaw'), c.signup_at) AS DATE) >= CAST('2026-03-01' AS DATE)
    AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(c.time_zone, 'Europe/Warsaw'), c.signup_at) AS DATE) < CAST('2026-04-01' AS DATE)
  );

-- signup_at in 2026-03 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.signup_at >= CAST('2026-02-28 08:00:00' AS TIMESTAMP_NTZ)
  AND c.signup_at < CAST('2026-04-01 16:00:00' AS TIMESTAMP_NTZ)
  AND (
    CAST(CONVERT_TIMEZONE('UTC', COALESCE(c.time_zone, 'Europe/Warsaw'), c.signup_at) AS DATE) >= CAST('2026-03-01' AS DATE)
    AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(c.time_zone, 'Europe/Warsaw'), c.signup_at) AS DATE) < CAST('2026-04-01' AS DATE)
  );

-- birth_date in year to date (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    CAST(CONVERT_TIMEZONE(
      'UTC',
      COALESCE(c.time_zone, 'Europe/Warsaw'),
      CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
    ) AS DATE) = CAST('2026-10-31' AS DATE)
    AND c.birth_date >= CAST('2026-01-01' AS DATE)
    AND c.birth_date < CAST('2026-11-01' AS DATE)
  )
  OR (
    CAST(CONVERT_TIMEZONE(
      'UTC',
      COALESCE(c.time_zone, 'Europe/Warsaw'),
      CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
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
    CONVERT_TIMEZONE(
      'UTC',
      COALESCE(c.time_zone, 'Europe/Warsaw'),
      CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
    )
  )
  AND UNIX_DATE(c.birth_date) <= UNIX_DATE(
    CAST(CONVERT_TIMEZONE(
      'UTC',
      COALESCE(c.time_zone, 'Europe/Warsaw'),
      CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
    ) AS DATE)
  );

-- hour(signup_at) < 9 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  HOUR(CONVERT_TIMEZONE('UTC', COALESCE(c.time_zone, 'Europe/Warsaw'), c.signup_at)) < 9;

-- hour(signup_at) < 9 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  HOUR(CONVERT_TIMEZONE('UTC', COALESCE(c.time_zone, 'Europe/Warsaw'), c.signup_at)) < 9;

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
    e.created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
    AND (
      e.created_at >= CAST('2026-10-30 08:00:00' AS TIMESTAMP_NTZ)
      AND e.created_at < CAST('2026-11-02 16:00:00' AS TIMESTAMP_NTZ)
      AND (
        (
          CAST(CONVERT_TIMEZONE(
            'UTC',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
            CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
          ) AS DATE) = CAST('2026-10-31' AS DATE)
          AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) >= CAST('2026-10-31' AS DATE)
          AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) < CAST('2026-11-01' AS DATE)
        )
        OR (
          CAST(CONVERT_TIMEZONE(
            'UTC',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
            CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
          ) AS DATE) = CAST('2026-11-01' AS DATE)
          AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) >= CAST('2026-11-01' AS DATE)
          AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) < CAST('2026-11-02' AS DATE)
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
    e.created_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
    AND UNIX_DATE(
      CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE)
    ) = UNIX_DATE(
      CAST(CONVERT_TIMEZONE(
        'UTC',
        COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
        CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
      ) AS DATE)
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
    CAST(CONVERT_TIMEZONE(
      'UTC',
      COALESCE(c.time_zone, 'Europe/Warsaw'),
      CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
    ) AS DATE) = CAST('2026-10-31' AS DATE)
    AND (
      (
        MONTH(c.birth_date) = 11 AND DAYOFMONTH(c.birth_date) < 8
      )
      AND c.birth_date < CAST('2026-01-01' AS DATE)
    )
  )
  OR (
    CAST(CONVERT_TIMEZONE(
      'UTC',
      COALESCE(c.time_zone, 'Europe/Warsaw'),
      CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
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
      TIMESTAMPADD(
        DAY,
        1,
        CONVERT_TIMEZONE(
          'UTC',
          COALESCE(c.time_zone, 'Europe/Warsaw'),
          CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        )
      )
    ) = YEAR(
      TIMESTAMPADD(
        DAY,
        8,
        CONVERT_TIMEZONE(
          'UTC',
          COALESCE(c.time_zone, 'Europe/Warsaw'),
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
          COALESCE(c.time_zone, 'Europe/Warsaw'),
          CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        )
      )
    ) + DAYOFMONTH(
      TIMESTAMPADD(
        DAY,
        1,
        CONVERT_TIMEZONE(
          'UTC',
          COALESCE(c.time_zone, 'Europe/Warsaw'),
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
          COALESCE(c.time_zone, 'Europe/Warsaw'),
          CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        )
      )
    ) + DAYOFMONTH(
      TIMESTAMPADD(
        DAY,
        8,
        CONVERT_TIMEZONE(
          'UTC',
          COALESCE(c.time_zone, 'Europe/Warsaw'),
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
          COALESCE(c.time_zone, 'Europe/Warsaw'),
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
          COALESCE(c.time_zone, 'Europe/Warsaw'),
          CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        )
      )
    ) < YEAR(
      TIMESTAMPADD(
        DAY,
        8,
        CONVERT_TIMEZONE(
          'UTC',
          COALESCE(c.time_zone, 'Europe/Warsaw'),
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
              COALESCE(c.time_zone, 'Europe/Warsaw'),
              CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
            )
          )
        ) + DAYOFMONTH(
          TIMESTAMPADD(
            DAY,
            1,
            CONVERT_TIMEZONE(
              'UTC',
              COALESCE(c.time_zone, 'Europe/Warsaw'),
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
              COALESCE(c.time_zone, 'Europe/Warsaw'),
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
              COALESCE(c.time_zone, 'Europe/Warsaw'),
              CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
            )
          )
        ) + DAYOFMONTH(
          TIMESTAMPADD(
            DAY,
            8,
            CONVERT_TIMEZONE(
              'UTC',
              COALESCE(c.time_zone, 'Europe/Warsaw'),
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
              COALESCE(c.time_zone, 'Europe/Warsaw'),
              CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
            )
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
      DISTINCT CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE)
    ) AS active_days_created_at_1
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
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
      DISTINCT CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE)
    ) AS active_days_created_at_1
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
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
      e.created_at >= CAST('2026-10-18 08:00:00' AS TIMESTAMP_NTZ)
      AND e.created_at < CAST('2026-10-26 16:00:00' AS TIMESTAMP_NTZ)
      AND (
        (
          CAST(CONVERT_TIMEZONE(
            'UTC',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
            CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
          ) AS DATE) = CAST('2026-10-31' AS DATE)
          AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) >= CAST('2026-10-19' AS DATE)
          AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) < CAST('2026-10-26' AS DATE)
        )
        OR (
          CAST(CONVERT_TIMEZONE(
            'UTC',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
            CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
          ) AS DATE) = CAST('2026-11-01' AS DATE)
          AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) >= CAST('2026-10-19' AS DATE)
          AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) < CAST('2026-10-26' AS DATE)
        )
      )) AS count_orders_1,
    COUNT(*) FILTER(WHERE
      e.created_at >= CAST('2026-10-11 08:00:00' AS TIMESTAMP_NTZ)
      AND e.created_at < CAST('2026-10-19 16:00:00' AS TIMESTAMP_NTZ)
      AND (
        (
          CAST(CONVERT_TIMEZONE(
            'UTC',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
            CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
          ) AS DATE) = CAST('2026-10-31' AS DATE)
          AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) >= CAST('2026-10-12' AS DATE)
          AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) < CAST('2026-10-19' AS DATE)
        )
        OR (
          CAST(CONVERT_TIMEZONE(
            'UTC',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
            CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
          ) AS DATE) = CAST('2026-11-01' AS DATE)
          AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) >= CAST('2026-10-12' AS DATE)
          AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) < CAST('2026-10-19' AS DATE)
        )
      )) AS count_orders_2,
    COUNT(*) FILTER(WHERE
      e.created_at >= CAST('2026-10-04 08:00:00' AS TIMESTAMP_NTZ)
      AND e.created_at < CAST('2026-10-12 16:00:00' AS TIMESTAMP_NTZ)
      AND (
        (
          CAST(CONVERT_TIMEZONE(
            'UTC',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
            CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
          ) AS DATE) = CAST('2026-10-31' AS DATE)
          AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) >= CAST('2026-10-05' AS DATE)
          AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) < CAST('2026-10-12' AS DATE)
        )
        OR (
          CAST(CONVERT_TIMEZONE(
            'UTC',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
            CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
          ) AS DATE) = CAST('2026-11-01' AS DATE)
          AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) >= CAST('2026-10-05' AS DATE)
          AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) < CAST('2026-10-12' AS DATE)
        )
      )) AS count_orders_3
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
    AND (
      (
        e.created_at >= CAST('2026-10-18 08:00:00' AS TIMESTAMP_NTZ)
        AND e.created_at < CAST('2026-10-26 16:00:00' AS TIMESTAMP_NTZ)
        AND (
          (
            CAST(CONVERT_TIMEZONE(
              'UTC',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
              CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
            ) AS DATE) = CAST('2026-10-31' AS DATE)
            AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) >= CAST('2026-10-19' AS DATE)
            AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) < CAST('2026-10-26' AS DATE)
          )
          OR (
            CAST(CONVERT_TIMEZONE(
              'UTC',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
              CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
            ) AS DATE) = CAST('2026-11-01' AS DATE)
            AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) >= CAST('2026-10-19' AS DATE)
            AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) < CAST('2026-10-26' AS DATE)
          )
        )
      )
      OR (
        e.created_at >= CAST('2026-10-11 08:00:00' AS TIMESTAMP_NTZ)
        AND e.created_at < CAST('2026-10-19 16:00:00' AS TIMESTAMP_NTZ)
        AND (
          (
            CAST(CONVERT_TIMEZONE(
              'UTC',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
              CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
            ) AS DATE) = CAST('2026-10-31' AS DATE)
            AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) >= CAST('2026-10-12' AS DATE)
            AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) < CAST('2026-10-19' AS DATE)
          )
          OR (
            CAST(CONVERT_TIMEZONE(
              'UTC',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
              CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
            ) AS DATE) = CAST('2026-11-01' AS DATE)
            AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) >= CAST('2026-10-12' AS DATE)
            AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) < CAST('2026-10-19' AS DATE)
          )
        )
      )
      OR (
        e.created_at >= CAST('2026-10-04 08:00:00' AS TIMESTAMP_NTZ)
        AND e.created_at < CAST('2026-10-12 16:00:00' AS TIMESTAMP_NTZ)
        AND (
          (
            CAST(CONVERT_TIMEZONE(
              'UTC',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
              CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
            ) AS DATE) = CAST('2026-10-31' AS DATE)
            AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) >= CAST('2026-10-05' AS DATE)
            AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) < CAST('2026-10-12' AS DATE)
          )
          OR (
            CAST(CONVERT_TIMEZONE(
              'UTC',
              COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
              CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
            ) AS DATE) = CAST('2026-11-01' AS DATE)
            AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) >= CAST('2026-10-05' AS DATE)
            AND CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE) < CAST('2026-10-12' AS DATE)
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
      UNIX_DATE(
        CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE)
      ) - (
        WEEKDAY(
          CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at)
        ) + 1
      ) + 1 = UNIX_DATE(
        CAST(CONVERT_TIMEZONE(
          'UTC',
          COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
          CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        ) AS DATE)
      ) - (
        WEEKDAY(
          CONVERT_TIMEZONE(
            'UTC',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
            CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
          )
        ) + 1
      ) + 1 - 7) AS count_orders_1,
    COUNT(*) FILTER(WHERE
      UNIX_DATE(
        CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE)
      ) - (
        WEEKDAY(
          CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at)
        ) + 1
      ) + 1 = UNIX_DATE(
        CAST(CONVERT_TIMEZONE(
          'UTC',
          COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
          CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        ) AS DATE)
      ) - (
        WEEKDAY(
          CONVERT_TIMEZONE(
            'UTC',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
            CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
          )
        ) + 1
      ) + 1 - 14) AS count_orders_2,
    COUNT(*) FILTER(WHERE
      UNIX_DATE(
        CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE)
      ) - (
        WEEKDAY(
          CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at)
        ) + 1
      ) + 1 = UNIX_DATE(
        CAST(CONVERT_TIMEZONE(
          'UTC',
          COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
          CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        ) AS DATE)
      ) - (
        WEEKDAY(
          CONVERT_TIMEZONE(
            'UTC',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
            CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
          )
        ) + 1
      ) + 1 - 21) AS count_orders_3
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
    AND (
      UNIX_DATE(
        CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE)
      ) - (
        WEEKDAY(
          CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at)
        ) + 1
      ) + 1 = UNIX_DATE(
        CAST(CONVERT_TIMEZONE(
          'UTC',
          COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
          CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        ) AS DATE)
      ) - (
        WEEKDAY(
          CONVERT_TIMEZONE(
            'UTC',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
            CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
          )
        ) + 1
      ) + 1 - 7
      OR UNIX_DATE(
        CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE)
      ) - (
        WEEKDAY(
          CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at)
        ) + 1
      ) + 1 = UNIX_DATE(
        CAST(CONVERT_TIMEZONE(
          'UTC',
          COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
          CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        ) AS DATE)
      ) - (
        WEEKDAY(
          CONVERT_TIMEZONE(
            'UTC',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
            CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
          )
        ) + 1
      ) + 1 - 14
      OR UNIX_DATE(
        CAST(CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at) AS DATE)
      ) - (
        WEEKDAY(
          CONVERT_TIMEZONE('UTC', COALESCE(anchor.anchor_1, 'Europe/Warsaw'), e.created_at)
        ) + 1
      ) + 1 = UNIX_DATE(
        CAST(CONVERT_TIMEZONE(
          'UTC',
          COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
          CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        ) AS DATE)
      ) - (
        WEEKDAY(
          CONVERT_TIMEZONE(
            'UTC',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw'),
            CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
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

