-- leads (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.consent_email
  AND NOT (
    c.customer_id IN (
      SELECT
        customer_id
      FROM email_events
      WHERE
        ts <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
        AND type = 'unsubscribe'
        AND NOT (
          customer_id IS NULL
        )
    )
  )
  AND NOT (
    c.customer_id IN (
      SELECT
        customer_id
      FROM orders
      WHERE
        created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
        AND NOT (
          customer_id IS NULL
        )
    )
  )
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- new_customers (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    MIN(created_at) AS first_order
  FROM orders
  WHERE
    created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
  GROUP BY
    customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
WHERE
  orders_agg.first_order > toDateTime64('2026-10-02 00:00:00.000000', 6, 'UTC')
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- one_time_buyers (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    COUNT(*) AS purchases
  FROM orders
  WHERE
    created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
  GROUP BY
    customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
WHERE
  COALESCE(orders_agg.purchases, 0) = 1
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- repeat_buyers (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    COUNT(*) AS purchases
  FROM orders
  WHERE
    created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
  GROUP BY
    customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
WHERE
  COALESCE(orders_agg.purchases, 0) > 2
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- active_12m (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
  GROUP BY
    customer_id
), email_agg AS (
  SELECT
    customer_id,
    MAX(ts) FILTER(WHERE
      type IN ('open', 'click')) AS max_ts_1
  FROM email_events
  WHERE
    ts <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
    AND type IN ('open', 'click')
  GROUP BY
    customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
LEFT JOIN email_agg
  ON email_agg.customer_id = c.customer_id
WHERE
  orders_agg.last_order > toDateTime64('2025-11-01 00:00:00.000000', 6, 'UTC')
  OR email_agg.max_ts_1 > toDateTime64('2025-11-01 00:00:00.000000', 6, 'UTC')
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- lapsed (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
  GROUP BY
    customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
WHERE
  orders_agg.last_order <= toDateTime64('2026-05-05 00:00:00.000000', 6, 'UTC')
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- lapsed_relative (as of 2026-11-01T00:00:00)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM (
    SELECT DISTINCT
      customer_id AS customer_id
    FROM orders
    WHERE
      created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
  ) AS c
), orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order,
    MIN(created_at) AS first_order,
    COUNT(*) AS purchases
  FROM orders
  WHERE
    created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
  GROUP BY
    customer_id
), population AS (
  SELECT
    CAST(SUM(
      CAST(dateDiff('microsecond', orders_agg.first_order, orders_agg.last_order) AS Nullable(Float64)) / nullIf(toInt64(toDecimal128(COALESCE(orders_agg.purchases, 0), 0) - 1), 0)
    ) FILTER(WHERE
      COALESCE(orders_agg.purchases, 0) >= 2) AS Nullable(Float64)) / nullIf(
      COUNT(
        CAST(dateDiff('microsecond', orders_agg.first_order, orders_agg.last_order) AS Nullable(Float64)) / nullIf(toInt64(toDecimal128(COALESCE(orders_agg.purchases, 0), 0) - 1), 0)
      ) FILTER(WHERE
        COALESCE(orders_agg.purchases, 0) >= 2),
      0
    ) AS population_1
  FROM customers AS c
  LEFT JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
CROSS JOIN population
WHERE
  c.customer_id IN (
    SELECT
      customer_id
    FROM candidates
  )
  AND dateDiff(
    'microsecond',
    orders_agg.last_order,
    toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
  ) > 2 * population.population_1
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- loyal (as of 2026-11-01T00:00:00)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM (
    SELECT DISTINCT
      customer_id AS customer_id
    FROM orders
    WHERE
      created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
      AND created_at > toDateTime64('2025-11-01 00:00:00.000000', 6, 'UTC')
  ) AS c
), orders_agg AS (
  SELECT
    customer_id,
    COUNT(*) AS purchases
  FROM orders
  WHERE
    created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
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
  COALESCE(orders_agg.purchases, 0) >= 5
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- vip (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    SUM(amount) FILTER(WHERE
      created_at > toDateTime64('2025-11-01 00:00:00.000000', 6, 'UTC')) AS spend_365d
  FROM orders
  WHERE
    created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
    AND created_at > toDateTime64('2025-11-01 00:00:00.000000', 6, 'UTC')
  GROUP BY
    customer_id
), rank_1 AS (
  SELECT
    c.customer_id AS customer_id,
    cume_dist() OVER (ORDER BY COALESCE(orders_agg.spend_365d, 0) DESC) AS cume_dist
  FROM customers AS c
  LEFT JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
)
SELECT
  rank_1.customer_id
FROM rank_1
WHERE
  rank_1.cume_dist <= 0.1
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- cart_abandoners (as of 2026-11-01T00:00:00)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM (
    SELECT DISTINCT
      customer_id AS customer_id
    FROM web_events
    WHERE
      ts <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
      AND (
        type = 'add_to_cart'
        AND ts > toDateTime64('2026-10-31 00:00:00.000000', 6, 'UTC')
      )
  ) AS c
), orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) FILTER(WHERE
      created_at > toDateTime64('2026-10-31 00:00:00.000000', 6, 'UTC')) AS max_created_at_1
  FROM orders
  WHERE
    created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
    AND created_at > toDateTime64('2026-10-31 00:00:00.000000', 6, 'UTC')
  GROUP BY
    customer_id
), web_agg AS (
  SELECT
    customer_id,
    MAX(ts) FILTER(WHERE
      type = 'add_to_cart'
      AND ts > toDateTime64('2026-10-31 00:00:00.000000', 6, 'UTC')) AS max_ts_1
  FROM web_events
  WHERE
    ts <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
    AND (
      type = 'add_to_cart'
      AND ts > toDateTime64('2026-10-31 00:00:00.000000', 6, 'UTC')
    )
  GROUP BY
    customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
LEFT JOIN web_agg
  ON web_agg.customer_id = c.customer_id
WHERE
  c.customer_id IN (
    SELECT
      customer_id
    FROM candidates
  )
  AND (
    orders_agg.max_created_at_1 IS NULL
    OR orders_agg.max_created_at_1 < web_agg.max_ts_1
  )
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- inactive_subscribers (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.consent_email
  AND NOT (
    c.customer_id IN (
      SELECT
        customer_id
      FROM email_events
      WHERE
        ts <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
        AND (
          type = 'open' AND ts > toDateTime64('2026-10-02 00:00:00.000000', 6, 'UTC')
        )
        AND NOT (
          customer_id IS NULL
        )
    )
  )
  AND NOT (
    c.customer_id IN (
      SELECT
        customer_id
      FROM orders
      WHERE
        created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
        AND created_at > toDateTime64('2026-08-03 00:00:00.000000', 6, 'UTC')
        AND NOT (
          customer_id IS NULL
        )
    )
  )
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- never_openers (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.customer_id IN (
    SELECT
      customer_id
    FROM email_events
    WHERE
      ts <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
      AND type = 'send'
      AND NOT (
        customer_id IS NULL
      )
  )
  AND NOT (
    c.customer_id IN (
      SELECT
        customer_id
      FROM email_events
      WHERE
        ts <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
        AND (
          type = 'open' AND NOT (
            ts IS NULL
          )
        )
        AND NOT (
          customer_id IS NULL
        )
    )
  )
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- engaged (as of 2026-11-01T00:00:00)
WITH email_agg AS (
  SELECT
    customer_id,
    COUNT(*) FILTER(WHERE
      type = 'open' AND ts > toDateTime64('2026-10-02 00:00:00.000000', 6, 'UTC')) AS count_email_1,
    COUNT(*) FILTER(WHERE
      type = 'click' AND ts > toDateTime64('2026-10-02 00:00:00.000000', 6, 'UTC')) AS count_email_2
  FROM email_events
  WHERE
    ts <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
    AND (
      (
        type = 'open' AND ts > toDateTime64('2026-10-02 00:00:00.000000', 6, 'UTC')
      )
      OR (
        type = 'click' AND ts > toDateTime64('2026-10-02 00:00:00.000000', 6, 'UTC')
      )
    )
  GROUP BY
    customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN email_agg
  ON email_agg.customer_id = c.customer_id
WHERE
  COALESCE(email_agg.count_email_1, 0) >= 3
  OR COALESCE(email_agg.count_email_2, 0) >= 1
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- category_buyers (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.customer_id IN (
    SELECT
      customer_id
    FROM orders
    WHERE
      created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
      AND (
        category = 'shoes'
        AND created_at > toDateTime64('2026-08-03 00:00:00.000000', 6, 'UTC')
      )
      AND NOT (
        customer_id IS NULL
      )
    GROUP BY
      customer_id
    HAVING
      COUNT(*) >= 2
  )
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- high_aov (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    CAST(SUM(amount) AS Nullable(Float64)) / nullIf(COUNT(amount), 0) AS avg_amount_1
  FROM orders
  WHERE
    created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
  GROUP BY
    customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
WHERE
  orders_agg.avg_amount_1 > 100
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- declining (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    COUNT(*) FILTER(WHERE
      created_at > toDateTime64('2026-08-03 00:00:00.000000', 6, 'UTC')) AS count_orders_1,
    COUNT(*) FILTER(WHERE
      created_at <= toDateTime64('2026-08-03 00:00:00.000000', 6, 'UTC')
      AND created_at > toDateTime64('2026-05-05 00:00:00.000000', 6, 'UTC')) AS count_orders_2
  FROM orders
  WHERE
    created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
    AND (
      created_at > toDateTime64('2026-08-03 00:00:00.000000', 6, 'UTC')
      OR (
        created_at <= toDateTime64('2026-08-03 00:00:00.000000', 6, 'UTC')
        AND created_at > toDateTime64('2026-05-05 00:00:00.000000', 6, 'UTC')
      )
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
  COALESCE(orders_agg.count_orders_1, 0) < COALESCE(orders_agg.count_orders_2, 0)
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- eu_gdpr (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.country IN (
    'AT',
    'BE',
    'BG',
    'HR',
    'CY',
    'CZ',
    'DK',
    'EE',
    'FI',
    'FR',
    'DE',
    'GR',
    'HU',
    'IE',
    'IT',
    'LV',
    'LT',
    'LU',
    'MT',
    'NL',
    'PL',
    'PT',
    'RO',
    'SK',
    'SI',
    'ES',
    'SE'
  )
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- casl (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.country = 'CA'
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- can_spam (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.country = 'US'
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- mobile_users (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.device_type = 'mobile'
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- women_25_34 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.gender = 'female'
  AND c.birth_date <= toDate('2001-11-01')
  AND c.birth_date > toDate('1991-11-01')
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- lapsed_vips_outside_eu (as of 2026-11-01T00:00:00)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM customers AS c
  WHERE
    NOT COALESCE(
      c.country IN (
        'AT',
        'BE',
        'BG',
        'HR',
        'CY',
        'CZ',
        'DK',
        'EE',
        'FI',
        'FR',
        'DE',
        'GR',
        'HU',
        'IE',
        'IT',
        'LV',
        'LT',
        'LU',
        'MT',
        'NL',
        'PL',
        'PT',
        'RO',
        'SK',
        'SI',
        'ES',
        'SE'
      ),
      FALSE
    )
), orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order,
    SUM(amount) FILTER(WHERE
      created_at > toDateTime64('2025-11-01 00:00:00.000000', 6, 'UTC')) AS spend_365d
  FROM orders
  WHERE
    created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
  GROUP BY
    customer_id
), rank_1 AS (
  SELECT
    c.customer_id AS customer_id,
    cume_dist() OVER (ORDER BY COALESCE(orders_agg.spend_365d, 0) DESC) AS cume_dist
  FROM customers AS c
  LEFT JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
LEFT JOIN rank_1
  ON rank_1.customer_id = c.customer_id
WHERE
  c.customer_id IN (
    SELECT
      customer_id
    FROM candidates
  )
  AND orders_agg.last_order <= toDateTime64('2026-05-05 00:00:00.000000', 6, 'UTC')
  AND rank_1.cume_dist <= 0.1
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- champions (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order,
    COUNT(*) AS purchases,
    SUM(amount) AS total_spent
  FROM orders
  WHERE
    created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
  GROUP BY
    customer_id
), rank_1 AS (
  SELECT
    c.customer_id AS customer_id,
    cume_dist() OVER (ORDER BY orders_agg.last_order DESC) AS cume_dist
  FROM customers AS c
  LEFT JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
  WHERE
    NOT (
      orders_agg.last_order IS NULL
    )
), rank_2 AS (
  SELECT
    c.customer_id AS customer_id,
    cume_dist() OVER (ORDER BY COALESCE(orders_agg.purchases, 0) DESC) AS cume_dist
  FROM customers AS c
  LEFT JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
), rank_3 AS (
  SELECT
    c.customer_id AS customer_id,
    cume_dist() OVER (ORDER BY COALESCE(orders_agg.total_spent, 0) DESC) AS cume_dist
  FROM customers AS c
  LEFT JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN rank_1
  ON rank_1.customer_id = c.customer_id
LEFT JOIN rank_2
  ON rank_2.customer_id = c.customer_id
LEFT JOIN rank_3
  ON rank_3.customer_id = c.customer_id
WHERE
  CASE
    WHEN rank_1.cume_dist <= 0.2
    THEN '5'
    WHEN rank_1.cume_dist <= 0.4
    THEN '4'
    WHEN rank_1.cume_dist <= 0.6
    THEN '3'
    WHEN rank_1.cume_dist <= 0.8
    THEN '2'
    ELSE '1'
  END = '5'
  AND CASE
    WHEN rank_2.cume_dist <= 0.2
    THEN '5'
    WHEN rank_2.cume_dist <= 0.4
    THEN '4'
    WHEN rank_2.cume_dist <= 0.6
    THEN '3'
    WHEN rank_2.cume_dist <= 0.8
    THEN '2'
    ELSE '1'
  END = '5'
  AND CASE
    WHEN rank_3.cume_dist <= 0.2
    THEN '5'
    WHEN rank_3.cume_dist <= 0.4
    THEN '4'
    WHEN rank_3.cume_dist <= 0.6
    THEN '3'
    WHEN rank_3.cume_dist <= 0.8
    THEN '2'
    ELSE '1'
  END = '5'
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- at_risk (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order,
    COUNT(*) AS purchases
  FROM orders
  WHERE
    created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
  GROUP BY
    customer_id
), rank_1 AS (
  SELECT
    c.customer_id AS customer_id,
    cume_dist() OVER (ORDER BY orders_agg.last_order DESC) AS cume_dist
  FROM customers AS c
  LEFT JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
  WHERE
    NOT (
      orders_agg.last_order IS NULL
    )
), rank_2 AS (
  SELECT
    c.customer_id AS customer_id,
    cume_dist() OVER (ORDER BY COALESCE(orders_agg.purchases, 0) DESC) AS cume_dist
  FROM customers AS c
  LEFT JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN rank_1
  ON rank_1.customer_id = c.customer_id
LEFT JOIN rank_2
  ON rank_2.customer_id = c.customer_id
WHERE
  CASE
    WHEN rank_1.cume_dist <= 0.2
    THEN '5'
    WHEN rank_1.cume_dist <= 0.4
    THEN '4'
    WHEN rank_1.cume_dist <= 0.6
    THEN '3'
    WHEN rank_1.cume_dist <= 0.8
    THEN '2'
    ELSE '1'
  END IN ('1', '2')
  AND CASE
    WHEN rank_2.cume_dist <= 0.2
    THEN '5'
    WHEN rank_2.cume_dist <= 0.4
    THEN '4'
    WHEN rank_2.cume_dist <= 0.6
    THEN '3'
    WHEN rank_2.cume_dist <= 0.8
    THEN '2'
    ELSE '1'
  END IN ('4', '5')
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- above_average_spenders (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    SUM(amount) AS total_spent,
    COUNT(*) AS purchases
  FROM orders
  WHERE
    created_at <= toDateTime64('2026-11-01 00:00:00.000000', 6, 'UTC')
  GROUP BY
    customer_id
), population AS (
  SELECT
    CAST(SUM(COALESCE(orders_agg.total_spent, 0)) FILTER(WHERE
      COALESCE(orders_agg.purchases, 0) > 0) AS Nullable(Float64)) / nullIf(
      COUNT(COALESCE(orders_agg.total_spent, 0)) FILTER(WHERE
        COALESCE(orders_agg.purchases, 0) > 0),
      0
    ) AS population_1
  FROM customers AS c
  LEFT JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
CROSS JOIN population
WHERE
  COALESCE(orders_agg.total_spent, 0) > population.population_1
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- cart_abandoners (now)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM (
    SELECT DISTINCT
      customer_id AS customer_id
    FROM web_events
    WHERE
      ts <= now64(6, 'UTC')
      AND (
        type = 'add_to_cart' AND ts > addHours(now64(6, 'UTC'), -24)
      )
  ) AS c
), orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) FILTER(WHERE
      created_at > addHours(now64(6, 'UTC'), -24)) AS max_created_at_1
  FROM orders
  WHERE
    created_at <= now64(6, 'UTC') AND created_at > addHours(now64(6, 'UTC'), -24)
  GROUP BY
    customer_id
), web_agg AS (
  SELECT
    customer_id,
    MAX(ts) FILTER(WHERE
      type = 'add_to_cart' AND ts > addHours(now64(6, 'UTC'), -24)) AS max_ts_1
  FROM web_events
  WHERE
    ts <= now64(6, 'UTC')
    AND (
      type = 'add_to_cart' AND ts > addHours(now64(6, 'UTC'), -24)
    )
  GROUP BY
    customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
LEFT JOIN web_agg
  ON web_agg.customer_id = c.customer_id
WHERE
  c.customer_id IN (
    SELECT
      customer_id
    FROM candidates
  )
  AND (
    orders_agg.max_created_at_1 IS NULL
    OR orders_agg.max_created_at_1 < web_agg.max_ts_1
  )
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- lapsed (now)
WITH orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= now64(6, 'UTC')
  GROUP BY
    customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
WHERE
  orders_agg.last_order <= addDays(now64(6, 'UTC'), -180)
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- women_25_34 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.gender = 'female'
  AND toDateTime64(c.birth_date, 6, 'UTC') <= addYears(now64(6, 'UTC'), -25)
  AND toDateTime64(c.birth_date, 6, 'UTC') > addYears(now64(6, 'UTC'), -35)
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

-- active_12m (now)
WITH orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= now64(6, 'UTC')
  GROUP BY
    customer_id
), email_agg AS (
  SELECT
    customer_id,
    MAX(ts) FILTER(WHERE
      type IN ('open', 'click')) AS max_ts_1
  FROM email_events
  WHERE
    ts <= now64(6, 'UTC') AND type IN ('open', 'click')
  GROUP BY
    customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
LEFT JOIN email_agg
  ON email_agg.customer_id = c.customer_id
WHERE
  orders_agg.last_order > addMonths(now64(6, 'UTC'), -12)
  OR email_agg.max_ts_1 > addMonths(now64(6, 'UTC'), -12)
SETTINGS join_use_nulls = 1, aggregate_functions_null_for_empty = 1;

