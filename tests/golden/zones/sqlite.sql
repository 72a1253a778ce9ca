-- signup_at in this month (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.signup_at >= '2026-09-30 08:00:00.000000'
  AND c.signup_at < '2026-12-01 16:00:00.000000'
  AND (
    (
      SUBSTR(
        SEGDSL_LOCAL_TIME('2026-11-01 00:00:00.000000', COALESCE(c.time_zone, 'Europe/Warsaw')),
        1,
        10
      ) = '2026-10-31'
      AND SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw')), 1, 10) >= '2026-10-01'
      AND SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw')), 1, 10) < '2026-11-01'
    )
    OR (
      SUBSTR(
        SEGDSL_LOCAL_TIME('2026-11-01 00:00:00.000000', COALESCE(c.time_zone, 'Europe/Warsaw')),
        1,
        10
      ) = '2026-11-01'
      AND SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw')), 1, 10) >= '2026-11-01'
      AND SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw')), 1, 10) < '2026-12-01'
    )
  );

-- signup_at in this month (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  12 * CAST(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw')), 1, 4) AS INTEGER) + CAST(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw')), 6, 2) AS INTEGER) = 12 * CAST(SUBSTR(
    SEGDSL_LOCAL_TIME(
      STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
      COALESCE(c.time_zone, 'Europe/Warsaw')
    ),
    1,
    4
  ) AS INTEGER) + CAST(SUBSTR(
    SEGDSL_LOCAL_TIME(
      STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
      COALESCE(c.time_zone, 'Europe/Warsaw')
    ),
    6,
    2
  ) AS INTEGER);

-- signup_at in 2026-03 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.signup_at >= '2026-02-28 08:00:00.000000'
  AND c.signup_at < '2026-04-01 16:00:00.000000'
  AND (
    SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw')), 1, 10) >= '2026-03-01'
    AND SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw')), 1, 10) < '2026-04-01'
  );

-- signup_at in 2026-03 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.signup_at >= '2026-02-28 08:00:00.000000'
  AND c.signup_at < '2026-04-01 16:00:00.000000'
  AND (
    SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw')), 1, 10) >= '2026-03-01'
    AND SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw')), 1, 10) < '2026-04-01'
  );

-- birth_date in year to date (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    SUBSTR(
      SEGDSL_LOCAL_TIME('2026-11-01 00:00:00.000000', COALESCE(c.time_zone, 'Europe/Warsaw')),
      1,
      10
    ) = '2026-10-31'
    AND c.birth_date >= '2026-01-01'
    AND c.birth_date < '2026-11-01'
  )
  OR (
    SUBSTR(
      SEGDSL_LOCAL_TIME('2026-11-01 00:00:00.000000', COALESCE(c.time_zone, 'Europe/Warsaw')),
      1,
      10
    ) = '2026-11-01'
    AND c.birth_date >= '2026-01-01'
    AND c.birth_date < '2026-11-02'
  );

-- birth_date in year to date (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  CAST(SUBSTR(c.birth_date, 1, 4) AS INTEGER) = CAST(SUBSTR(
    SEGDSL_LOCAL_TIME(
      STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
      COALESCE(c.time_zone, 'Europe/Warsaw')
    ),
    1,
    4
  ) AS INTEGER)
  AND CAST(JULIANDAY(SUBSTR(c.birth_date, 1, 10)) AS INTEGER) <= CAST(JULIANDAY(
    SUBSTR(
      SEGDSL_LOCAL_TIME(
        STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
        COALESCE(c.time_zone, 'Europe/Warsaw')
      ),
      1,
      10
    )
  ) AS INTEGER);

-- hour(signup_at) < 9 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  CAST(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw')), 12, 2) AS INTEGER) < 9;

-- hour(signup_at) < 9 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  CAST(SUBSTR(SEGDSL_LOCAL_TIME(c.signup_at, COALESCE(c.time_zone, 'Europe/Warsaw')), 12, 2) AS INTEGER) < 9;

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
    e.created_at <= '2026-11-01 00:00:00.000000'
    AND (
      e.created_at >= '2026-10-30 08:00:00.000000'
      AND e.created_at < '2026-11-02 16:00:00.000000'
      AND (
        (
          SUBSTR(
            SEGDSL_LOCAL_TIME('2026-11-01 00:00:00.000000', COALESCE(anchor.anchor_1, 'Europe/Warsaw')),
            1,
            10
          ) = '2026-10-31'
          AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) >= '2026-10-31'
          AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) < '2026-11-01'
        )
        OR (
          SUBSTR(
            SEGDSL_LOCAL_TIME('2026-11-01 00:00:00.000000', COALESCE(anchor.anchor_1, 'Europe/Warsaw')),
            1,
            10
          ) = '2026-11-01'
          AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) >= '2026-11-01'
          AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) < '2026-11-02'
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
      STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000'
    )
    AND CAST(JULIANDAY(
      SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10)
    ) AS INTEGER) = CAST(JULIANDAY(
      SUBSTR(
        SEGDSL_LOCAL_TIME(
          STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
          COALESCE(anchor.anchor_1, 'Europe/Warsaw')
        ),
        1,
        10
      )
    ) AS INTEGER)
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
    SUBSTR(
      SEGDSL_LOCAL_TIME('2026-11-01 00:00:00.000000', COALESCE(c.time_zone, 'Europe/Warsaw')),
      1,
      10
    ) = '2026-10-31'
    AND (
      (
        CAST(SUBSTR(c.birth_date, 6, 2) AS INTEGER) = 11
        AND CAST(SUBSTR(c.birth_date, 9, 2) AS INTEGER) < 8
      )
      AND c.birth_date < '2026-01-01'
    )
  )
  OR (
    SUBSTR(
      SEGDSL_LOCAL_TIME('2026-11-01 00:00:00.000000', COALESCE(c.time_zone, 'Europe/Warsaw')),
      1,
      10
    ) = '2026-11-01'
    AND (
      (
        CAST(SUBSTR(c.birth_date, 6, 2) AS INTEGER) = 11
        AND CAST(SUBSTR(c.birth_date, 9, 2) AS INTEGER) >= 2
        AND CAST(SUBSTR(c.birth_date, 9, 2) AS INTEGER) < 9
      )
      AND c.birth_date < '2026-01-01'
    )
  );

-- anniversary(birth_date) in next 7 days (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    CAST(SUBSTR(
      STRFTIME(
        '%Y-%m-%d %H:%M:%S',
        SUBSTR(
          SEGDSL_LOCAL_TIME(
            STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
            COALESCE(c.time_zone, 'Europe/Warsaw')
          ),
          1,
          19
        ),
        '+1 days'
      ) || SUBSTR(
        SEGDSL_LOCAL_TIME(
          STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
          COALESCE(c.time_zone, 'Europe/Warsaw')
        ),
        20
      ),
      1,
      4
    ) AS INTEGER) = CAST(SUBSTR(
      STRFTIME(
        '%Y-%m-%d %H:%M:%S',
        SUBSTR(
          SEGDSL_LOCAL_TIME(
            STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
            COALESCE(c.time_zone, 'Europe/Warsaw')
          ),
          1,
          19
        ),
        '+8 days'
      ) || SUBSTR(
        SEGDSL_LOCAL_TIME(
          STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
          COALESCE(c.time_zone, 'Europe/Warsaw')
        ),
        20
      ),
      1,
      4
    ) AS INTEGER)
    AND 100 * CAST(SUBSTR(c.birth_date, 6, 2) AS INTEGER) + CAST(SUBSTR(c.birth_date, 9, 2) AS INTEGER) >= 100 * CAST(SUBSTR(
      STRFTIME(
        '%Y-%m-%d %H:%M:%S',
        SUBSTR(
          SEGDSL_LOCAL_TIME(
            STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
            COALESCE(c.time_zone, 'Europe/Warsaw')
          ),
          1,
          19
        ),
        '+1 days'
      ) || SUBSTR(
        SEGDSL_LOCAL_TIME(
          STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
          COALESCE(c.time_zone, 'Europe/Warsaw')
        ),
        20
      ),
      6,
      2
    ) AS INTEGER) + CAST(SUBSTR(
      STRFTIME(
        '%Y-%m-%d %H:%M:%S',
        SUBSTR(
          SEGDSL_LOCAL_TIME(
            STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
            COALESCE(c.time_zone, 'Europe/Warsaw')
          ),
          1,
          19
        ),
        '+1 days'
      ) || SUBSTR(
        SEGDSL_LOCAL_TIME(
          STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
          COALESCE(c.time_zone, 'Europe/Warsaw')
        ),
        20
      ),
      9,
      2
    ) AS INTEGER)
    AND 100 * CAST(SUBSTR(c.birth_date, 6, 2) AS INTEGER) + CAST(SUBSTR(c.birth_date, 9, 2) AS INTEGER) < 100 * CAST(SUBSTR(
      STRFTIME(
        '%Y-%m-%d %H:%M:%S',
        SUBSTR(
          SEGDSL_LOCAL_TIME(
            STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
            COALESCE(c.time_zone, 'Europe/Warsaw')
          ),
          1,
          19
        ),
        '+8 days'
      ) || SUBSTR(
        SEGDSL_LOCAL_TIME(
          STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
          COALESCE(c.time_zone, 'Europe/Warsaw')
        ),
        20
      ),
      6,
      2
    ) AS INTEGER) + CAST(SUBSTR(
      STRFTIME(
        '%Y-%m-%d %H:%M:%S',
        SUBSTR(
          SEGDSL_LOCAL_TIME(
            STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
            COALESCE(c.time_zone, 'Europe/Warsaw')
          ),
          1,
          19
        ),
        '+8 days'
      ) || SUBSTR(
        SEGDSL_LOCAL_TIME(
          STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
          COALESCE(c.time_zone, 'Europe/Warsaw')
        ),
        20
      ),
      9,
      2
    ) AS INTEGER)
    AND CAST(SUBSTR(c.birth_date, 1, 4) AS INTEGER) < CAST(SUBSTR(
      STRFTIME(
        '%Y-%m-%d %H:%M:%S',
        SUBSTR(
          SEGDSL_LOCAL_TIME(
            STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
            COALESCE(c.time_zone, 'Europe/Warsaw')
          ),
          1,
          19
        ),
        '+1 days'
      ) || SUBSTR(
        SEGDSL_LOCAL_TIME(
          STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
          COALESCE(c.time_zone, 'Europe/Warsaw')
        ),
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
          SEGDSL_LOCAL_TIME(
            STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
            COALESCE(c.time_zone, 'Europe/Warsaw')
          ),
          1,
          19
        ),
        '+1 days'
      ) || SUBSTR(
        SEGDSL_LOCAL_TIME(
          STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
          COALESCE(c.time_zone, 'Europe/Warsaw')
        ),
        20
      ),
      1,
      4
    ) AS INTEGER) < CAST(SUBSTR(
      STRFTIME(
        '%Y-%m-%d %H:%M:%S',
        SUBSTR(
          SEGDSL_LOCAL_TIME(
            STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
            COALESCE(c.time_zone, 'Europe/Warsaw')
          ),
          1,
          19
        ),
        '+8 days'
      ) || SUBSTR(
        SEGDSL_LOCAL_TIME(
          STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
          COALESCE(c.time_zone, 'Europe/Warsaw')
        ),
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
              SEGDSL_LOCAL_TIME(
                STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
                COALESCE(c.time_zone, 'Europe/Warsaw')
              ),
              1,
              19
            ),
            '+1 days'
          ) || SUBSTR(
            SEGDSL_LOCAL_TIME(
              STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
              COALESCE(c.time_zone, 'Europe/Warsaw')
            ),
            20
          ),
          6,
          2
        ) AS INTEGER) + CAST(SUBSTR(
          STRFTIME(
            '%Y-%m-%d %H:%M:%S',
            SUBSTR(
              SEGDSL_LOCAL_TIME(
                STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
                COALESCE(c.time_zone, 'Europe/Warsaw')
              ),
              1,
              19
            ),
            '+1 days'
          ) || SUBSTR(
            SEGDSL_LOCAL_TIME(
              STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
              COALESCE(c.time_zone, 'Europe/Warsaw')
            ),
            20
          ),
          9,
          2
        ) AS INTEGER)
        AND CAST(SUBSTR(c.birth_date, 1, 4) AS INTEGER) < CAST(SUBSTR(
          STRFTIME(
            '%Y-%m-%d %H:%M:%S',
            SUBSTR(
              SEGDSL_LOCAL_TIME(
                STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
                COALESCE(c.time_zone, 'Europe/Warsaw')
              ),
              1,
              19
            ),
            '+1 days'
          ) || SUBSTR(
            SEGDSL_LOCAL_TIME(
              STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
              COALESCE(c.time_zone, 'Europe/Warsaw')
            ),
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
              SEGDSL_LOCAL_TIME(
                STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
                COALESCE(c.time_zone, 'Europe/Warsaw')
              ),
              1,
              19
            ),
            '+8 days'
          ) || SUBSTR(
            SEGDSL_LOCAL_TIME(
              STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
              COALESCE(c.time_zone, 'Europe/Warsaw')
            ),
            20
          ),
          6,
          2
        ) AS INTEGER) + CAST(SUBSTR(
          STRFTIME(
            '%Y-%m-%d %H:%M:%S',
            SUBSTR(
              SEGDSL_LOCAL_TIME(
                STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
                COALESCE(c.time_zone, 'Europe/Warsaw')
              ),
              1,
              19
            ),
            '+8 days'
          ) || SUBSTR(
            SEGDSL_LOCAL_TIME(
              STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
              COALESCE(c.time_zone, 'Europe/Warsaw')
            ),
            20
          ),
          9,
          2
        ) AS INTEGER)
        AND CAST(SUBSTR(c.birth_date, 1, 4) AS INTEGER) < CAST(SUBSTR(
          STRFTIME(
            '%Y-%m-%d %H:%M:%S',
            SUBSTR(
              SEGDSL_LOCAL_TIME(
                STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
                COALESCE(c.time_zone, 'Europe/Warsaw')
              ),
              1,
              19
            ),
            '+8 days'
          ) || SUBSTR(
            SEGDSL_LOCAL_TIME(
              STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
              COALESCE(c.time_zone, 'Europe/Warsaw')
            ),
            20
          ),
          1,
          4
        ) AS INTEGER)
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
      DISTINCT SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10)
    ) AS active_days_created_at_1
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= '2026-11-01 00:00:00.000000'
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
      DISTINCT SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10)
    ) AS active_days_created_at_1
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= (
      STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000'
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
      e.created_at >= '2026-10-18 08:00:00.000000'
      AND e.created_at < '2026-10-26 16:00:00.000000'
      AND (
        (
          SUBSTR(
            SEGDSL_LOCAL_TIME('2026-11-01 00:00:00.000000', COALESCE(anchor.anchor_1, 'Europe/Warsaw')),
            1,
            10
          ) = '2026-10-31'
          AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) >= '2026-10-19'
          AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) < '2026-10-26'
        )
        OR (
          SUBSTR(
            SEGDSL_LOCAL_TIME('2026-11-01 00:00:00.000000', COALESCE(anchor.anchor_1, 'Europe/Warsaw')),
            1,
            10
          ) = '2026-11-01'
          AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) >= '2026-10-19'
          AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) < '2026-10-26'
        )
      )) AS count_orders_1,
    COUNT(*) FILTER(WHERE
      e.created_at >= '2026-10-11 08:00:00.000000'
      AND e.created_at < '2026-10-19 16:00:00.000000'
      AND (
        (
          SUBSTR(
            SEGDSL_LOCAL_TIME('2026-11-01 00:00:00.000000', COALESCE(anchor.anchor_1, 'Europe/Warsaw')),
            1,
            10
          ) = '2026-10-31'
          AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) >= '2026-10-12'
          AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) < '2026-10-19'
        )
        OR (
          SUBSTR(
            SEGDSL_LOCAL_TIME('2026-11-01 00:00:00.000000', COALESCE(anchor.anchor_1, 'Europe/Warsaw')),
            1,
            10
          ) = '2026-11-01'
          AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) >= '2026-10-12'
          AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) < '2026-10-19'
        )
      )) AS count_orders_2,
    COUNT(*) FILTER(WHERE
      e.created_at >= '2026-10-04 08:00:00.000000'
      AND e.created_at < '2026-10-12 16:00:00.000000'
      AND (
        (
          SUBSTR(
            SEGDSL_LOCAL_TIME('2026-11-01 00:00:00.000000', COALESCE(anchor.anchor_1, 'Europe/Warsaw')),
            1,
            10
          ) = '2026-10-31'
          AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) >= '2026-10-05'
          AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) < '2026-10-12'
        )
        OR (
          SUBSTR(
            SEGDSL_LOCAL_TIME('2026-11-01 00:00:00.000000', COALESCE(anchor.anchor_1, 'Europe/Warsaw')),
            1,
            10
          ) = '2026-11-01'
          AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) >= '2026-10-05'
          AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) < '2026-10-12'
        )
      )) AS count_orders_3
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= '2026-11-01 00:00:00.000000'
    AND (
      (
        e.created_at >= '2026-10-18 08:00:00.000000'
        AND e.created_at < '2026-10-26 16:00:00.000000'
        AND (
          (
            SUBSTR(
              SEGDSL_LOCAL_TIME('2026-11-01 00:00:00.000000', COALESCE(anchor.anchor_1, 'Europe/Warsaw')),
              1,
              10
            ) = '2026-10-31'
            AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) >= '2026-10-19'
            AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) < '2026-10-26'
          )
          OR (
            SUBSTR(
              SEGDSL_LOCAL_TIME('2026-11-01 00:00:00.000000', COALESCE(anchor.anchor_1, 'Europe/Warsaw')),
              1,
              10
            ) = '2026-11-01'
            AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) >= '2026-10-19'
            AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) < '2026-10-26'
          )
        )
      )
      OR (
        e.created_at >= '2026-10-11 08:00:00.000000'
        AND e.created_at < '2026-10-19 16:00:00.000000'
        AND (
          (
            SUBSTR(
              SEGDSL_LOCAL_TIME('2026-11-01 00:00:00.000000', COALESCE(anchor.anchor_1, 'Europe/Warsaw')),
              1,
              10
            ) = '2026-10-31'
            AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) >= '2026-10-12'
            AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) < '2026-10-19'
          )
          OR (
            SUBSTR(
              SEGDSL_LOCAL_TIME('2026-11-01 00:00:00.000000', COALESCE(anchor.anchor_1, 'Europe/Warsaw')),
              1,
              10
            ) = '2026-11-01'
            AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) >= '2026-10-12'
            AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) < '2026-10-19'
          )
        )
      )
      OR (
        e.created_at >= '2026-10-04 08:00:00.000000'
        AND e.created_at < '2026-10-12 16:00:00.000000'
        AND (
          (
            SUBSTR(
              SEGDSL_LOCAL_TIME('2026-11-01 00:00:00.000000', COALESCE(anchor.anchor_1, 'Europe/Warsaw')),
              1,
              10
            ) = '2026-10-31'
            AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) >= '2026-10-05'
            AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) < '2026-10-12'
          )
          OR (
            SUBSTR(
              SEGDSL_LOCAL_TIME('2026-11-01 00:00:00.000000', COALESCE(anchor.anchor_1, 'Europe/Warsaw')),
              1,
              10
            ) = '2026-11-01'
            AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) >= '2026-10-05'
            AND SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10) < '2026-10-12'
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
    IIF(COALESCE(orders_agg_1.count_orders_1, 0) >= 1, 1, 0) + IIF(COALESCE(orders_agg_1.count_orders_2, 0) >= 1, 1, 0) + IIF(COALESCE(orders_agg_1.count_orders_3, 0) >= 1, 1, 0)
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
      CAST(JULIANDAY(
        SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10)
      ) AS INTEGER) - (
        (
          (
            CAST(STRFTIME(
              '%w',
              SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10)
            ) AS INTEGER) + 6
          ) % 7
        ) + 1
      ) + 1 = CAST(JULIANDAY(
        SUBSTR(
          SEGDSL_LOCAL_TIME(
            STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          ),
          1,
          10
        )
      ) AS INTEGER) - (
        (
          (
            CAST(STRFTIME(
              '%w',
              SUBSTR(
                SEGDSL_LOCAL_TIME(
                  STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
                  COALESCE(anchor.anchor_1, 'Europe/Warsaw')
                ),
                1,
                10
              )
            ) AS INTEGER) + 6
          ) % 7
        ) + 1
      ) + 1 - 7) AS count_orders_1,
    COUNT(*) FILTER(WHERE
      CAST(JULIANDAY(
        SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10)
      ) AS INTEGER) - (
        (
          (
            CAST(STRFTIME(
              '%w',
              SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10)
            ) AS INTEGER) + 6
          ) % 7
        ) + 1
      ) + 1 = CAST(JULIANDAY(
        SUBSTR(
          SEGDSL_LOCAL_TIME(
            STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          ),
          1,
          10
        )
      ) AS INTEGER) - (
        (
          (
            CAST(STRFTIME(
              '%w',
              SUBSTR(
                SEGDSL_LOCAL_TIME(
                  STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
                  COALESCE(anchor.anchor_1, 'Europe/Warsaw')
                ),
                1,
                10
              )
            ) AS INTEGER) + 6
          ) % 7
        ) + 1
      ) + 1 - 14) AS count_orders_2,
    COUNT(*) FILTER(WHERE
      CAST(JULIANDAY(
        SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10)
      ) AS INTEGER) - (
        (
          (
            CAST(STRFTIME(
              '%w',
              SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10)
            ) AS INTEGER) + 6
          ) % 7
        ) + 1
      ) + 1 = CAST(JULIANDAY(
        SUBSTR(
          SEGDSL_LOCAL_TIME(
            STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          ),
          1,
          10
        )
      ) AS INTEGER) - (
        (
          (
            CAST(STRFTIME(
              '%w',
              SUBSTR(
                SEGDSL_LOCAL_TIME(
                  STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
                  COALESCE(anchor.anchor_1, 'Europe/Warsaw')
                ),
                1,
                10
              )
            ) AS INTEGER) + 6
          ) % 7
        ) + 1
      ) + 1 - 21) AS count_orders_3
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= (
      STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000'
    )
    AND (
      CAST(JULIANDAY(
        SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10)
      ) AS INTEGER) - (
        (
          (
            CAST(STRFTIME(
              '%w',
              SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10)
            ) AS INTEGER) + 6
          ) % 7
        ) + 1
      ) + 1 = CAST(JULIANDAY(
        SUBSTR(
          SEGDSL_LOCAL_TIME(
            STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          ),
          1,
          10
        )
      ) AS INTEGER) - (
        (
          (
            CAST(STRFTIME(
              '%w',
              SUBSTR(
                SEGDSL_LOCAL_TIME(
                  STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
                  COALESCE(anchor.anchor_1, 'Europe/Warsaw')
                ),
                1,
                10
              )
            ) AS INTEGER) + 6
          ) % 7
        ) + 1
      ) + 1 - 7
      OR CAST(JULIANDAY(
        SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10)
      ) AS INTEGER) - (
        (
          (
            CAST(STRFTIME(
              '%w',
              SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10)
            ) AS INTEGER) + 6
          ) % 7
        ) + 1
      ) + 1 = CAST(JULIANDAY(
        SUBSTR(
          SEGDSL_LOCAL_TIME(
            STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          ),
          1,
          10
        )
      ) AS INTEGER) - (
        (
          (
            CAST(STRFTIME(
              '%w',
              SUBSTR(
                SEGDSL_LOCAL_TIME(
                  STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
                  COALESCE(anchor.anchor_1, 'Europe/Warsaw')
                ),
                1,
                10
              )
            ) AS INTEGER) + 6
          ) % 7
        ) + 1
      ) + 1 - 14
      OR CAST(JULIANDAY(
        SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10)
      ) AS INTEGER) - (
        (
          (
            CAST(STRFTIME(
              '%w',
              SUBSTR(SEGDSL_LOCAL_TIME(e.created_at, COALESCE(anchor.anchor_1, 'Europe/Warsaw')), 1, 10)
            ) AS INTEGER) + 6
          ) % 7
        ) + 1
      ) + 1 = CAST(JULIANDAY(
        SUBSTR(
          SEGDSL_LOCAL_TIME(
            STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
            COALESCE(anchor.anchor_1, 'Europe/Warsaw')
          ),
          1,
          10
        )
      ) AS INTEGER) - (
        (
          (
            CAST(STRFTIME(
              '%w',
              SUBSTR(
                SEGDSL_LOCAL_TIME(
                  STRFTIME('%Y-%m-%d %H:%M:%f', 'now') || '000',
                  COALESCE(anchor.anchor_1, 'Europe/Warsaw')
                ),
                1,
                10
              )
            ) AS INTEGER) + 6
          ) % 7
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
    IIF(COALESCE(orders_agg_1.count_orders_1, 0) >= 1, 1, 0) + IIF(COALESCE(orders_agg_1.count_orders_2, 0) >= 1, 1, 0) + IIF(COALESCE(orders_agg_1.count_orders_3, 0) >= 1, 1, 0)
  ) >= 2;

