-- last_order in this month (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= '2026-11-01 00:00:00.000000'
    AND (
      created_at >= '2026-10-31 23:00:00.000000'
      AND (
        created_at >= '2026-10-31 23:00:00.000000'
        AND created_at < '2026-11-30 23:00:00.000000'
      )
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL OR c.signup_at <= '2026-11-01 00:00:00.000000';

-- last_order in this month (now)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= (
      STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000'
    )
    AND (
      created_at >= (
        STRFTIME(
          '%Y-%m-%d %H:%M:%S',
          SUBSTR(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 1, 19),
          '-32 days'
        ) || SUBSTR(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 20)
      )
      AND 12 * CAST(SUBSTR(SEGDSL_LOCAL_TIME(created_at, 'Europe/Warsaw'), 1, 4) AS INTEGER) + CAST(SUBSTR(SEGDSL_LOCAL_TIME(created_at, 'Europe/Warsaw'), 6, 2) AS INTEGER) = 12 * CAST(SUBSTR(
        SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
        1,
        4
      ) AS INTEGER) + CAST(SUBSTR(
        SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
        6,
        2
      ) AS INTEGER)
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= (
    STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000'
  );

-- signup_at in last 3 weeks (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= '2026-11-01 00:00:00.000000'
  )
  AND (
    c.signup_at >= '2026-10-04 22:00:00.000000'
    AND c.signup_at < '2026-10-25 23:00:00.000000'
  );

-- signup_at in last 3 weeks (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= (
      STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000'
    )
  )
  AND (
    CAST(JULIANDAY(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, 'Europe/Warsaw'), 1, 10)) AS INTEGER) - (
      (
        (
          CAST(STRFTIME('%w', SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, 'Europe/Warsaw'), 1, 10)) AS INTEGER) + 6
        ) % 7
      ) + 1
    ) + 1 >= CAST(JULIANDAY(
      SUBSTR(
        SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
        1,
        10
      )
    ) AS INTEGER) - (
      (
        (
          CAST(STRFTIME(
            '%w',
            SUBSTR(
              SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
              1,
              10
            )
          ) AS INTEGER) + 6
        ) % 7
      ) + 1
    ) + 1 - 21
    AND CAST(JULIANDAY(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, 'Europe/Warsaw'), 1, 10)) AS INTEGER) - (
      (
        (
          CAST(STRFTIME('%w', SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, 'Europe/Warsaw'), 1, 10)) AS INTEGER) + 6
        ) % 7
      ) + 1
    ) + 1 <= CAST(JULIANDAY(
      SUBSTR(
        SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
        1,
        10
      )
    ) AS INTEGER) - (
      (
        (
          CAST(STRFTIME(
            '%w',
            SUBSTR(
              SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
              1,
              10
            )
          ) AS INTEGER) + 6
        ) % 7
      ) + 1
    ) + 1 - 7
  );

-- birth_date in year to date (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= '2026-11-01 00:00:00.000000'
  )
  AND (
    c.birth_date >= '2026-01-01' AND c.birth_date < '2026-11-02'
  );

-- birth_date in year to date (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= (
      STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000'
    )
  )
  AND (
    CAST(SUBSTR(c.birth_date, 1, 4) AS INTEGER) = CAST(SUBSTR(
      SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
      1,
      4
    ) AS INTEGER)
    AND CAST(JULIANDAY(SUBSTR(c.birth_date, 1, 10)) AS INTEGER) <= CAST(JULIANDAY(
      SUBSTR(
        SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
        1,
        10
      )
    ) AS INTEGER)
  );

-- signup_at in 2026-03 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= '2026-11-01 00:00:00.000000'
  )
  AND (
    c.signup_at >= '2026-02-28 23:00:00.000000'
    AND c.signup_at < '2026-03-31 22:00:00.000000'
  );

-- signup_at in 2026-03 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= (
      STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000'
    )
  )
  AND (
    c.signup_at >= '2026-02-28 23:00:00.000000'
    AND c.signup_at < '2026-03-31 22:00:00.000000'
  );

-- weekday(last_order) >= 6 and hour(signup_at) < 9 (as of 2026-11-01T00:00:00)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM customers AS c
  WHERE
    (
      c.signup_at IS NULL OR c.signup_at <= '2026-11-01 00:00:00.000000'
    )
    AND CAST(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, 'Europe/Warsaw'), 12, 2) AS INTEGER) < 9
), orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= '2026-11-01 00:00:00.000000'
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
    c.signup_at IS NULL OR c.signup_at <= '2026-11-01 00:00:00.000000'
  )
  AND (
    c.customer_id IN (
      SELECT
        customer_id
      FROM candidates
    )
    AND (
      (
        CAST(STRFTIME('%w', SUBSTR(SEGDSL_LOCAL_TIME(orders_agg.last_order, 'Europe/Warsaw'), 1, 10)) AS INTEGER) + 6
      ) % 7
    ) + 1 >= 6
  );

-- weekday(last_order) >= 6 and hour(signup_at) < 9 (now)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM customers AS c
  WHERE
    (
      c.signup_at IS NULL
      OR c.signup_at <= (
        STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000'
      )
    )
    AND CAST(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, 'Europe/Warsaw'), 12, 2) AS INTEGER) < 9
), orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= (
      STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000'
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
    c.signup_at IS NULL
    OR c.signup_at <= (
      STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000'
    )
  )
  AND (
    c.customer_id IN (
      SELECT
        customer_id
      FROM candidates
    )
    AND (
      (
        CAST(STRFTIME('%w', SUBSTR(SEGDSL_LOCAL_TIME(orders_agg.last_order, 'Europe/Warsaw'), 1, 10)) AS INTEGER) + 6
      ) % 7
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
    created_at <= '2026-11-01 00:00:00.000000'
    AND (
      created_at >= '2026-10-31 23:00:00.000000'
      AND created_at < '2026-11-01 23:00:00.000000'
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL OR c.signup_at <= '2026-11-01 00:00:00.000000';

-- count(orders where created_at in today) > 0 (now)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= (
      STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000'
    )
    AND CAST(JULIANDAY(SUBSTR(SEGDSL_LOCAL_TIME(created_at, 'Europe/Warsaw'), 1, 10)) AS INTEGER) = CAST(JULIANDAY(
      SUBSTR(
        SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
        1,
        10
      )
    ) AS INTEGER)
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= (
    STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000'
  );

-- anniversary(birth_date) in next 7 days (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= '2026-11-01 00:00:00.000000'
  )
  AND (
    (
      CAST(SUBSTR(c.birth_date, 6, 2) AS INTEGER) = 11
      AND CAST(SUBSTR(c.birth_date, 9, 2) AS INTEGER) >= 2
      AND CAST(SUBSTR(c.birth_date, 9, 2) AS INTEGER) < 9
    )
    AND c.birth_date < '2026-01-01'
  );

-- anniversary(birth_date) in next 7 days (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= (
      STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000'
    )
  )
  AND (
    (
      CAST(SUBSTR(
        STRFTIME(
          '%Y-%m-%d %H:%M:%S',
          SUBSTR(
            SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
            1,
            19
          ),
          '+1 days'
        ) || SUBSTR(
          SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
          20
        ),
        1,
        4
      ) AS INTEGER) = CAST(SUBSTR(
        STRFTIME(
          '%Y-%m-%d %H:%M:%S',
          SUBSTR(
            SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
            1,
            19
          ),
          '+8 days'
        ) || SUBSTR(
          SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
          20
        ),
        1,
        4
      ) AS INTEGER)
      AND 100 * CAST(SUBSTR(c.birth_date, 6, 2) AS INTEGER) + CAST(SUBSTR(c.birth_date, 9, 2) AS INTEGER) >= 100 * CAST(SUBSTR(
        STRFTIME(
          '%Y-%m-%d %H:%M:%S',
          SUBSTR(
            SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
            1,
            19
          ),
          '+1 days'
        ) || SUBSTR(
          SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
          20
        ),
        6,
        2
      ) AS INTEGER) + CAST(SUBSTR(
        STRFTIME(
          '%Y-%m-%d %H:%M:%S',
          SUBSTR(
            SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
            1,
            19
          ),
          '+1 days'
        ) || SUBSTR(
          SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
          20
        ),
        9,
        2
      ) AS INTEGER)
      AND 100 * CAST(SUBSTR(c.birth_date, 6, 2) AS INTEGER) + CAST(SUBSTR(c.birth_date, 9, 2) AS INTEGER) < 100 * CAST(SUBSTR(
        STRFTIME(
          '%Y-%m-%d %H:%M:%S',
          SUBSTR(
            SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
            1,
            19
          ),
          '+8 days'
        ) || SUBSTR(
          SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
          20
        ),
        6,
        2
      ) AS INTEGER) + CAST(SUBSTR(
        STRFTIME(
          '%Y-%m-%d %H:%M:%S',
          SUBSTR(
            SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
            1,
            19
          ),
          '+8 days'
        ) || SUBSTR(
          SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
          20
        ),
        9,
        2
      ) AS INTEGER)
      AND CAST(SUBSTR(c.birth_date, 1, 4) AS INTEGER) < CAST(SUBSTR(
        STRFTIME(
          '%Y-%m-%d %H:%M:%S',
          SUBSTR(
            SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
            1,
            19
          ),
          '+1 days'
        ) || SUBSTR(
          SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
          20
        ),
        1,
        4
      ) AS INTEGER)
    )
    OR (
      CAST(SUBSTR(
        STRFTIME(
          '%Y-%m-%d %H:%M:%S',
          SUBSTR(
            SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
            1,
            19
          ),
          '+1 days'
        ) || SUBSTR(
          SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
          20
        ),
        1,
        4
      ) AS INTEGER) < CAST(SUBSTR(
        STRFTIME(
          '%Y-%m-%d %H:%M:%S',
          SUBSTR(
            SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
            1,
            19
          ),
          '+8 days'
        ) || SUBSTR(
          SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
          20
        ),
        1,
        4
      ) AS INTEGER)
      AND (
        (
          100 * CAST(SUBSTR(c.birth_date, 6, 2) AS INTEGER) + CAST(SUBSTR(c.birth_date, 9, 2) AS INTEGER) >= 100 * CAST(SUBSTR(
            STRFTIME(
              '%Y-%m-%d %H:%M:%S',
              SUBSTR(
                SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
                1,
                19
              ),
              '+1 days'
            ) || SUBSTR(
              SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
              20
            ),
            6,
            2
          ) AS INTEGER) + CAST(SUBSTR(
            STRFTIME(
              '%Y-%m-%d %H:%M:%S',
              SUBSTR(
                SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
                1,
                19
              ),
              '+1 days'
            ) || SUBSTR(
              SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
              20
            ),
            9,
            2
          ) AS INTEGER)
          AND CAST(SUBSTR(c.birth_date, 1, 4) AS INTEGER) < CAST(SUBSTR(
            STRFTIME(
              '%Y-%m-%d %H:%M:%S',
              SUBSTR(
                SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
                1,
                19
              ),
              '+1 days'
            ) || SUBSTR(
              SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
              20
            ),
            1,
            4
          ) AS INTEGER)
        )
        OR (
          100 * CAST(SUBSTR(c.birth_date, 6, 2) AS INTEGER) + CAST(SUBSTR(c.birth_date, 9, 2) AS INTEGER) < 100 * CAST(SUBSTR(
            STRFTIME(
              '%Y-%m-%d %H:%M:%S',
              SUBSTR(
                SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
                1,
                19
              ),
              '+8 days'
            ) || SUBSTR(
              SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
              20
            ),
            6,
            2
          ) AS INTEGER) + CAST(SUBSTR(
            STRFTIME(
              '%Y-%m-%d %H:%M:%S',
              SUBSTR(
                SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
                1,
                19
              ),
              '+8 days'
            ) || SUBSTR(
              SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
              20
            ),
            9,
            2
          ) AS INTEGER)
          AND CAST(SUBSTR(c.birth_date, 1, 4) AS INTEGER) < CAST(SUBSTR(
            STRFTIME(
              '%Y-%m-%d %H:%M:%S',
              SUBSTR(
                SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
                1,
                19
              ),
              '+8 days'
            ) || SUBSTR(
              SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
              20
            ),
            1,
            4
          ) AS INTEGER)
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
    c.signup_at IS NULL OR c.signup_at <= '2026-11-01 00:00:00.000000'
  )
  AND (
    (
      CAST(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, 'Europe/Warsaw'), 6, 2) AS INTEGER) = 11
      AND CAST(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, 'Europe/Warsaw'), 9, 2) AS INTEGER) < 2
    )
    AND CAST(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, 'Europe/Warsaw'), 1, 4) AS INTEGER) < 2026
  );

-- anniversary(signup_at) in today (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= (
      STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000'
    )
  )
  AND (
    (
      CAST(SUBSTR(
        SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
        1,
        4
      ) AS INTEGER) = CAST(SUBSTR(
        STRFTIME(
          '%Y-%m-%d %H:%M:%S',
          SUBSTR(
            SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
            1,
            19
          ),
          '+1 days'
        ) || SUBSTR(
          SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
          20
        ),
        1,
        4
      ) AS INTEGER)
      AND 100 * CAST(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, 'Europe/Warsaw'), 6, 2) AS INTEGER) + CAST(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, 'Europe/Warsaw'), 9, 2) AS INTEGER) >= 100 * CAST(SUBSTR(
        SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
        6,
        2
      ) AS INTEGER) + CAST(SUBSTR(
        SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
        9,
        2
      ) AS INTEGER)
      AND 100 * CAST(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, 'Europe/Warsaw'), 6, 2) AS INTEGER) + CAST(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, 'Europe/Warsaw'), 9, 2) AS INTEGER) < 100 * CAST(SUBSTR(
        STRFTIME(
          '%Y-%m-%d %H:%M:%S',
          SUBSTR(
            SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
            1,
            19
          ),
          '+1 days'
        ) || SUBSTR(
          SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
          20
        ),
        6,
        2
      ) AS INTEGER) + CAST(SUBSTR(
        STRFTIME(
          '%Y-%m-%d %H:%M:%S',
          SUBSTR(
            SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
            1,
            19
          ),
          '+1 days'
        ) || SUBSTR(
          SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
          20
        ),
        9,
        2
      ) AS INTEGER)
      AND CAST(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, 'Europe/Warsaw'), 1, 4) AS INTEGER) < CAST(SUBSTR(
        SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
        1,
        4
      ) AS INTEGER)
    )
    OR (
      CAST(SUBSTR(
        SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
        1,
        4
      ) AS INTEGER) < CAST(SUBSTR(
        STRFTIME(
          '%Y-%m-%d %H:%M:%S',
          SUBSTR(
            SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
            1,
            19
          ),
          '+1 days'
        ) || SUBSTR(
          SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
          20
        ),
        1,
        4
      ) AS INTEGER)
      AND (
        (
          100 * CAST(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, 'Europe/Warsaw'), 6, 2) AS INTEGER) + CAST(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, 'Europe/Warsaw'), 9, 2) AS INTEGER) >= 100 * CAST(SUBSTR(
            SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
            6,
            2
          ) AS INTEGER) + CAST(SUBSTR(
            SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
            9,
            2
          ) AS INTEGER)
          AND CAST(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, 'Europe/Warsaw'), 1, 4) AS INTEGER) < CAST(SUBSTR(
            SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
            1,
            4
          ) AS INTEGER)
        )
        OR (
          100 * CAST(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, 'Europe/Warsaw'), 6, 2) AS INTEGER) + CAST(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, 'Europe/Warsaw'), 9, 2) AS INTEGER) < 100 * CAST(SUBSTR(
            STRFTIME(
              '%Y-%m-%d %H:%M:%S',
              SUBSTR(
                SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
                1,
                19
              ),
              '+1 days'
            ) || SUBSTR(
              SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
              20
            ),
            6,
            2
          ) AS INTEGER) + CAST(SUBSTR(
            STRFTIME(
              '%Y-%m-%d %H:%M:%S',
              SUBSTR(
                SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
                1,
                19
              ),
              '+1 days'
            ) || SUBSTR(
              SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
              20
            ),
            9,
            2
          ) AS INTEGER)
          AND CAST(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, 'Europe/Warsaw'), 1, 4) AS INTEGER) < CAST(SUBSTR(
            STRFTIME(
              '%Y-%m-%d %H:%M:%S',
              SUBSTR(
                SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
                1,
                19
              ),
              '+1 days'
            ) || SUBSTR(
              SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
              20
            ),
            1,
            4
          ) AS INTEGER)
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
    c.signup_at IS NULL OR c.signup_at <= '2026-11-01 00:00:00.000000'
  )
  AND (
    c.signup_at >= '2026-11-30 23:00:00.000000'
    AND c.signup_at < '2026-12-31 23:00:00.000000'
  );

-- signup_at in next month (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= (
      STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000'
    )
  )
  AND 12 * CAST(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, 'Europe/Warsaw'), 1, 4) AS INTEGER) + CAST(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, 'Europe/Warsaw'), 6, 2) AS INTEGER) = 12 * CAST(SUBSTR(
    SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
    1,
    4
  ) AS INTEGER) + CAST(SUBSTR(
    SEGDSL_LOCAL_TIME(STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000', 'Europe/Warsaw'),
    6,
    2
  ) AS INTEGER) + 1;

