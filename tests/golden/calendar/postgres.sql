-- last_order in this month (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  )
  AND EXISTS(
    SELECT
      1
    FROM orders AS e
    WHERE
      e.customer_id = c.customer_id
      AND created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
      AND (
        created_at >= CAST('2026-10-31 23:00:00' AS TIMESTAMP)
        AND (
          created_at >= CAST('2026-10-31 23:00:00' AS TIMESTAMP)
          AND created_at < CAST('2026-11-30 23:00:00' AS TIMESTAMP)
        )
      )
  );

-- last_order in this month (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= (
      NOW() AT TIME ZONE 'UTC'
    )
  )
  AND EXISTS(
    SELECT
      1
    FROM orders AS e
    WHERE
      e.customer_id = c.customer_id
      AND created_at <= (
        NOW() AT TIME ZONE 'UTC'
      )
      AND (
        created_at >= (
          NOW() AT TIME ZONE 'UTC'
        ) - INTERVAL '32 DAY'
        AND 12 * CAST(DATE_PART('year', (
          created_at AT TIME ZONE 'UTC'
        ) AT TIME ZONE 'Europe/Warsaw') AS BIGINT) + CAST(DATE_PART('month', (
          created_at AT TIME ZONE 'UTC'
        ) AT TIME ZONE 'Europe/Warsaw') AS BIGINT) = 12 * CAST(DATE_PART(
          'year',
          (
            (
              NOW() AT TIME ZONE 'UTC'
            ) AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'Europe/Warsaw'
        ) AS BIGINT) + CAST(DATE_PART(
          'month',
          (
            (
              NOW() AT TIME ZONE 'UTC'
            ) AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'Europe/Warsaw'
        ) AS BIGINT)
      )
  );

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
    c.signup_at IS NULL OR c.signup_at <= (
      NOW() AT TIME ZONE 'UTC'
    )
  )
  AND (
    CAST((
      c.signup_at AT TIME ZONE 'UTC'
    ) AT TIME ZONE 'Europe/Warsaw' AS DATE) - CAST('1970-01-01' AS DATE) - CAST(DATE_PART('isodow', (
      c.signup_at AT TIME ZONE 'UTC'
    ) AT TIME ZONE 'Europe/Warsaw') AS BIGINT) + 1 >= CAST((
      (
        NOW() AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'UTC'
    ) AT TIME ZONE 'Europe/Warsaw' AS DATE) - CAST('1970-01-01' AS DATE) - CAST(DATE_PART(
      'isodow',
      (
        (
          NOW() AT TIME ZONE 'UTC'
        ) AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'Europe/Warsaw'
    ) AS BIGINT) + 1 - 21
    AND CAST((
      c.signup_at AT TIME ZONE 'UTC'
    ) AT TIME ZONE 'Europe/Warsaw' AS DATE) - CAST('1970-01-01' AS DATE) - CAST(DATE_PART('isodow', (
      c.signup_at AT TIME ZONE 'UTC'
    ) AT TIME ZONE 'Europe/Warsaw') AS BIGINT) + 1 <= CAST((
      (
        NOW() AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'UTC'
    ) AT TIME ZONE 'Europe/Warsaw' AS DATE) - CAST('1970-01-01' AS DATE) - CAST(DATE_PART(
      'isodow',
      (
        (
          NOW() AT TIME ZONE 'UTC'
        ) AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'Europe/Warsaw'
    ) AS BIGINT) + 1 - 7
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
    c.signup_at IS NULL OR c.signup_at <= (
      NOW() AT TIME ZONE 'UTC'
    )
  )
  AND (
    CAST(DATE_PART('year', c.birth_date) AS BIGINT) = CAST(DATE_PART(
      'year',
      (
        (
          NOW() AT TIME ZONE 'UTC'
        ) AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'Europe/Warsaw'
    ) AS BIGINT)
    AND c.birth_date - CAST('1970-01-01' AS DATE) <= CAST((
      (
        NOW() AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'UTC'
    ) AT TIME ZONE 'Europe/Warsaw' AS DATE) - CAST('1970-01-01' AS DATE)
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
    c.signup_at IS NULL OR c.signup_at <= (
      NOW() AT TIME ZONE 'UTC'
    )
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
    AND CAST(DATE_PART('hour', (
      c.signup_at AT TIME ZONE 'UTC'
    ) AT TIME ZONE 'Europe/Warsaw') AS BIGINT) < 9
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
    AND CAST(DATE_PART(
      'isodow',
      (
        orders_agg.last_order AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'Europe/Warsaw'
    ) AS BIGINT) >= 6
  );

-- weekday(last_order) >= 6 and hour(signup_at) < 9 (now)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM customers AS c
  WHERE
    (
      c.signup_at IS NULL OR c.signup_at <= (
        NOW() AT TIME ZONE 'UTC'
      )
    )
    AND CAST(DATE_PART('hour', (
      c.signup_at AT TIME ZONE 'UTC'
    ) AT TIME ZONE 'Europe/Warsaw') AS BIGINT) < 9
), orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= (
      NOW() AT TIME ZONE 'UTC'
    )
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
    c.signup_at IS NULL OR c.signup_at <= (
      NOW() AT TIME ZONE 'UTC'
    )
  )
  AND (
    c.customer_id IN (
      SELECT
        customer_id
      FROM candidates
    )
    AND CAST(DATE_PART(
      'isodow',
      (
        orders_agg.last_order AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'Europe/Warsaw'
    ) AS BIGINT) >= 6
  );

-- count(orders where created_at in today) > 0 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  )
  AND EXISTS(
    SELECT
      1
    FROM orders AS e
    WHERE
      e.customer_id = c.customer_id
      AND created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
      AND (
        created_at >= CAST('2026-10-31 23:00:00' AS TIMESTAMP)
        AND created_at < CAST('2026-11-01 23:00:00' AS TIMESTAMP)
      )
  );

-- count(orders where created_at in today) > 0 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= (
      NOW() AT TIME ZONE 'UTC'
    )
  )
  AND EXISTS(
    SELECT
      1
    FROM orders AS e
    WHERE
      e.customer_id = c.customer_id
      AND created_at <= (
        NOW() AT TIME ZONE 'UTC'
      )
      AND CAST((
        created_at AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'Europe/Warsaw' AS DATE) - CAST('1970-01-01' AS DATE) = CAST((
        (
          NOW() AT TIME ZONE 'UTC'
        ) AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'Europe/Warsaw' AS DATE) - CAST('1970-01-01' AS DATE)
  );

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
      CAST(DATE_PART('month', c.birth_date) AS BIGINT) = 11
      AND CAST(DATE_PART('day', c.birth_date) AS BIGINT) >= 2
      AND CAST(DATE_PART('day', c.birth_date) AS BIGINT) < 9
    )
    AND c.birth_date < CAST('2026-01-01' AS DATE)
  );

-- anniversary(birth_date) in next 7 days (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= (
      NOW() AT TIME ZONE 'UTC'
    )
  )
  AND (
    (
      CAST(DATE_PART(
        'year',
        (
          (
            (
              NOW() AT TIME ZONE 'UTC'
            ) AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'Europe/Warsaw'
        ) + INTERVAL '1 DAY'
      ) AS BIGINT) = CAST(DATE_PART(
        'year',
        (
          (
            (
              NOW() AT TIME ZONE 'UTC'
            ) AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'Europe/Warsaw'
        ) + INTERVAL '8 DAY'
      ) AS BIGINT)
      AND 100 * CAST(DATE_PART('month', c.birth_date) AS BIGINT) + CAST(DATE_PART('day', c.birth_date) AS BIGINT) >= 100 * CAST(DATE_PART(
        'month',
        (
          (
            (
              NOW() AT TIME ZONE 'UTC'
            ) AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'Europe/Warsaw'
        ) + INTERVAL '1 DAY'
      ) AS BIGINT) + CAST(DATE_PART(
        'day',
        (
          (
            (
              NOW() AT TIME ZONE 'UTC'
            ) AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'Europe/Warsaw'
        ) + INTERVAL '1 DAY'
      ) AS BIGINT)
      AND 100 * CAST(DATE_PART('month', c.birth_date) AS BIGINT) + CAST(DATE_PART('day', c.birth_date) AS BIGINT) < 100 * CAST(DATE_PART(
        'month',
        (
          (
            (
              NOW() AT TIME ZONE 'UTC'
            ) AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'Europe/Warsaw'
        ) + INTERVAL '8 DAY'
      ) AS BIGINT) + CAST(DATE_PART(
        'day',
        (
          (
            (
              NOW() AT TIME ZONE 'UTC'
            ) AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'Europe/Warsaw'
        ) + INTERVAL '8 DAY'
      ) AS BIGINT)
      AND CAST(DATE_PART('year', c.birth_date) AS BIGINT) < CAST(DATE_PART(
        'year',
        (
          (
            (
              NOW() AT TIME ZONE 'UTC'
            ) AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'Europe/Warsaw'
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
          ) AT TIME ZONE 'Europe/Warsaw'
        ) + INTERVAL '1 DAY'
      ) AS BIGINT) < CAST(DATE_PART(
        'year',
        (
          (
            (
              NOW() AT TIME ZONE 'UTC'
            ) AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'Europe/Warsaw'
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
              ) AT TIME ZONE 'Europe/Warsaw'
            ) + INTERVAL '1 DAY'
          ) AS BIGINT) + CAST(DATE_PART(
            'day',
            (
              (
                (
                  NOW() AT TIME ZONE 'UTC'
                ) AT TIME ZONE 'UTC'
              ) AT TIME ZONE 'Europe/Warsaw'
            ) + INTERVAL '1 DAY'
          ) AS BIGINT)
          AND CAST(DATE_PART('year', c.birth_date) AS BIGINT) < CAST(DATE_PART(
            'year',
            (
              (
                (
                  NOW() AT TIME ZONE 'UTC'
                ) AT TIME ZONE 'UTC'
              ) AT TIME ZONE 'Europe/Warsaw'
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
              ) AT TIME ZONE 'Europe/Warsaw'
            ) + INTERVAL '8 DAY'
          ) AS BIGINT) + CAST(DATE_PART(
            'day',
            (
              (
                (
                  NOW() AT TIME ZONE 'UTC'
                ) AT TIME ZONE 'UTC'
              ) AT TIME ZONE 'Europe/Warsaw'
            ) + INTERVAL '8 DAY'
          ) AS BIGINT)
          AND CAST(DATE_PART('year', c.birth_date) AS BIGINT) < CAST(DATE_PART(
            'year',
            (
              (
                (
                  NOW() AT TIME ZONE 'UTC'
                ) AT TIME ZONE 'UTC'
              ) AT TIME ZONE 'Europe/Warsaw'
            ) + INTERVAL '8 DAY'
          ) AS BIGINT)
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
      CAST(DATE_PART('month', (
        c.signup_at AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'Europe/Warsaw') AS BIGINT) = 11
      AND CAST(DATE_PART('day', (
        c.signup_at AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'Europe/Warsaw') AS BIGINT) < 2
    )
    AND CAST(DATE_PART('year', (
      c.signup_at AT TIME ZONE 'UTC'
    ) AT TIME ZONE 'Europe/Warsaw') AS BIGINT) < 2026
  );

-- anniversary(signup_at) in today (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= (
      NOW() AT TIME ZONE 'UTC'
    )
  )
  AND (
    (
      CAST(DATE_PART(
        'year',
        (
          (
            NOW() AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'UTC'
        ) AT TIME ZONE 'Europe/Warsaw'
      ) AS BIGINT) = CAST(DATE_PART(
        'year',
        (
          (
            (
              NOW() AT TIME ZONE 'UTC'
            ) AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'Europe/Warsaw'
        ) + INTERVAL '1 DAY'
      ) AS BIGINT)
      AND 100 * CAST(DATE_PART('month', (
        c.signup_at AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'Europe/Warsaw') AS BIGINT) + CAST(DATE_PART('day', (
        c.signup_at AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'Europe/Warsaw') AS BIGINT) >= 100 * CAST(DATE_PART(
        'month',
        (
          (
            NOW() AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'UTC'
        ) AT TIME ZONE 'Europe/Warsaw'
      ) AS BIGINT) + CAST(DATE_PART(
        'day',
        (
          (
            NOW() AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'UTC'
        ) AT TIME ZONE 'Europe/Warsaw'
      ) AS BIGINT)
      AND 100 * CAST(DATE_PART('month', (
        c.signup_at AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'Europe/Warsaw') AS BIGINT) + CAST(DATE_PART('day', (
        c.signup_at AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'Europe/Warsaw') AS BIGINT) < 100 * CAST(DATE_PART(
        'month',
        (
          (
            (
              NOW() AT TIME ZONE 'UTC'
            ) AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'Europe/Warsaw'
        ) + INTERVAL '1 DAY'
      ) AS BIGINT) + CAST(DATE_PART(
        'day',
        (
          (
            (
              NOW() AT TIME ZONE 'UTC'
            ) AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'Europe/Warsaw'
        ) + INTERVAL '1 DAY'
      ) AS BIGINT)
      AND CAST(DATE_PART('year', (
        c.signup_at AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'Europe/Warsaw') AS BIGINT) < CAST(DATE_PART(
        'year',
        (
          (
            NOW() AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'UTC'
        ) AT TIME ZONE 'Europe/Warsaw'
      ) AS BIGINT)
    )
    OR (
      CAST(DATE_PART(
        'year',
        (
          (
            NOW() AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'UTC'
        ) AT TIME ZONE 'Europe/Warsaw'
      ) AS BIGINT) < CAST(DATE_PART(
        'year',
        (
          (
            (
              NOW() AT TIME ZONE 'UTC'
            ) AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'Europe/Warsaw'
        ) + INTERVAL '1 DAY'
      ) AS BIGINT)
      AND (
        (
          100 * CAST(DATE_PART('month', (
            c.signup_at AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'Europe/Warsaw') AS BIGINT) + CAST(DATE_PART('day', (
            c.signup_at AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'Europe/Warsaw') AS BIGINT) >= 100 * CAST(DATE_PART(
            'month',
            (
              (
                NOW() AT TIME ZONE 'UTC'
              ) AT TIME ZONE 'UTC'
            ) AT TIME ZONE 'Europe/Warsaw'
          ) AS BIGINT) + CAST(DATE_PART(
            'day',
            (
              (
                NOW() AT TIME ZONE 'UTC'
              ) AT TIME ZONE 'UTC'
            ) AT TIME ZONE 'Europe/Warsaw'
          ) AS BIGINT)
          AND CAST(DATE_PART('year', (
            c.signup_at AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'Europe/Warsaw') AS BIGINT) < CAST(DATE_PART(
            'year',
            (
              (
                NOW() AT TIME ZONE 'UTC'
              ) AT TIME ZONE 'UTC'
            ) AT TIME ZONE 'Europe/Warsaw'
          ) AS BIGINT)
        )
        OR (
          100 * CAST(DATE_PART('month', (
            c.signup_at AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'Europe/Warsaw') AS BIGINT) + CAST(DATE_PART('day', (
            c.signup_at AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'Europe/Warsaw') AS BIGINT) < 100 * CAST(DATE_PART(
            'month',
            (
              (
                (
                  NOW() AT TIME ZONE 'UTC'
                ) AT TIME ZONE 'UTC'
              ) AT TIME ZONE 'Europe/Warsaw'
            ) + INTERVAL '1 DAY'
          ) AS BIGINT) + CAST(DATE_PART(
            'day',
            (
              (
                (
                  NOW() AT TIME ZONE 'UTC'
                ) AT TIME ZONE 'UTC'
              ) AT TIME ZONE 'Europe/Warsaw'
            ) + INTERVAL '1 DAY'
          ) AS BIGINT)
          AND CAST(DATE_PART('year', (
            c.signup_at AT TIME ZONE 'UTC'
          ) AT TIME ZONE 'Europe/Warsaw') AS BIGINT) < CAST(DATE_PART(
            'year',
            (
              (
                (
                  NOW() AT TIME ZONE 'UTC'
                ) AT TIME ZONE 'UTC'
              ) AT TIME ZONE 'Europe/Warsaw'
            ) + INTERVAL '1 DAY'
          ) AS BIGINT)
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
    c.signup_at IS NULL OR c.signup_at <= (
      NOW() AT TIME ZONE 'UTC'
    )
  )
  AND 12 * CAST(DATE_PART('year', (
    c.signup_at AT TIME ZONE 'UTC'
  ) AT TIME ZONE 'Europe/Warsaw') AS BIGINT) + CAST(DATE_PART('month', (
    c.signup_at AT TIME ZONE 'UTC'
  ) AT TIME ZONE 'Europe/Warsaw') AS BIGINT) = 12 * CAST(DATE_PART(
    'year',
    (
      (
        NOW() AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'UTC'
    ) AT TIME ZONE 'Europe/Warsaw'
  ) AS BIGINT) + CAST(DATE_PART(
    'month',
    (
      (
        NOW() AT TIME ZONE 'UTC'
      ) AT TIME ZONE 'UTC'
    ) AT TIME ZONE 'Europe/Warsaw'
  ) AS BIGINT) + 1;

