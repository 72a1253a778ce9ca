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
        ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
        AND (
          "type" = 'unsubscribe' AND OCTET_LENGTH("type") = OCTET_LENGTH('unsubscribe')
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
        created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
        AND NOT (
          customer_id IS NULL
        )
    )
  );

-- new_customers (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    MIN(created_at) AS first_order
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  GROUP BY
    customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
WHERE
  orders_agg.first_order > CAST('2026-10-02 00:00:00' AS TIMESTAMP);

-- one_time_buyers (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    COUNT(*) AS purchases
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  GROUP BY
    customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
WHERE
  COALESCE(orders_agg.purchases, 0) = 1;

-- repeat_buyers (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    COUNT(*) AS purchases
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  GROUP BY
    customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
WHERE
  COALESCE(orders_agg.purchases, 0) > 2;

-- active_12m (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  GROUP BY
    customer_id
), email_agg AS (
  SELECT
    customer_id,
    MAX(CASE WHEN "type" IN ('open', 'click') THEN ts END) AS max_ts_1
  FROM email_events
  WHERE
    ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP) AND "type" IN ('open', 'click')
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
  orders_agg.last_order > CAST('2025-11-01 00:00:00' AS TIMESTAMP)
  OR email_agg.max_ts_1 > CAST('2025-11-01 00:00:00' AS TIMESTAMP);

-- lapsed (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  GROUP BY
    customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
WHERE
  orders_agg.last_order <= CAST('2026-05-05 00:00:00' AS TIMESTAMP);

-- lapsed_relative (as of 2026-11-01T00:00:00)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM (
    SELECT DISTINCT
      customer_id AS customer_id
    FROM orders
    WHERE
      created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  ) AS c
), orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order,
    MIN(created_at) AS first_order,
    COUNT(*) AS purchases
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  GROUP BY
    customer_id
), population AS (
  SELECT
    CAST(SUM(
      CASE
        WHEN COALESCE(orders_agg.purchases, 0) >= 2
        THEN CAST(DATEDIFF(MICROSECOND, orders_agg.first_order, orders_agg.last_order) AS DOUBLE PRECISION) / NULLIF(COALESCE(orders_agg.purchases, 0) - 1, 0)
      END
    ) AS DOUBLE PRECISION) / NULLIF(
      COUNT(
        CASE
          WHEN COALESCE(orders_agg.purchases, 0) >= 2
          THEN CAST(DATEDIFF(MICROSECOND, orders_agg.first_order, orders_agg.last_order) AS DOUBLE PRECISION) / NULLIF(COALESCE(orders_agg.purchases, 0) - 1, 0)
        END
      ),
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
  AND DATEDIFF(MICROSECOND, orders_agg.last_order, CAST('2026-11-01 00:00:00' AS TIMESTAMP)) > 2 * population.population_1;

-- loyal (as of 2026-11-01T00:00:00)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM (
    SELECT DISTINCT
      customer_id AS customer_id
    FROM orders
    WHERE
      created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
      AND created_at > CAST('2025-11-01 00:00:00' AS TIMESTAMP)
  ) AS c
), orders_agg AS (
  SELECT
    customer_id,
    COUNT(*) AS purchases
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
  COALESCE(orders_agg.purchases, 0) >= 5;

-- vip (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    SUM(CASE WHEN created_at > CAST('2025-11-01 00:00:00' AS TIMESTAMP) THEN amount END) AS spend_365d
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
    AND created_at > CAST('2025-11-01 00:00:00' AS TIMESTAMP)
  GROUP BY
    customer_id
), rank_1 AS (
  SELECT
    c.customer_id AS customer_id,
    CUME_DIST() OVER (ORDER BY COALESCE(orders_agg.spend_365d, 0) DESC NULLS LAST) AS cume_dist
  FROM customers AS c
  LEFT JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
)
SELECT
  rank_1.customer_id
FROM rank_1
WHERE
  rank_1.cume_dist <= 0.1;

-- cart_abandoners (as of 2026-11-01T00:00:00)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM (
    SELECT DISTINCT
      customer_id AS customer_id
    FROM web_events
    WHERE
      ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
      AND (
        (
          "type" = 'add_to_cart' AND OCTET_LENGTH("type") = OCTET_LENGTH('add_to_cart')
        )
        AND ts > CAST('2026-10-31 00:00:00' AS TIMESTAMP)
      )
  ) AS c
), orders_agg AS (
  SELECT
    customer_id,
    MAX(
      CASE WHEN created_at > CAST('2026-10-31 00:00:00' AS TIMESTAMP) THEN created_at END
    ) AS max_created_at_1
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
    AND created_at > CAST('2026-10-31 00:00:00' AS TIMESTAMP)
  GROUP BY
    customer_id
), web_agg AS (
  SELECT
    customer_id,
    MAX(
      CASE
        WHEN (
          "type" = 'add_to_cart' AND OCTET_LENGTH("type") = OCTET_LENGTH('add_to_cart')
        )
        AND ts > CAST('2026-10-31 00:00:00' AS TIMESTAMP)
        THEN ts
      END
    ) AS max_ts_1
  FROM web_events
  WHERE
    ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
    AND (
      (
        "type" = 'add_to_cart' AND OCTET_LENGTH("type") = OCTET_LENGTH('add_to_cart')
      )
      AND ts > CAST('2026-10-31 00:00:00' AS TIMESTAMP)
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
  );

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
        ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
        AND (
          (
            "type" = 'open' AND OCTET_LENGTH("type") = OCTET_LENGTH('open')
          )
          AND ts > CAST('2026-10-02 00:00:00' AS TIMESTAMP)
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
        created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
        AND created_at > CAST('2026-08-03 00:00:00' AS TIMESTAMP)
        AND NOT (
          customer_id IS NULL
        )
    )
  );

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
      ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
      AND (
        "type" = 'send' AND OCTET_LENGTH("type") = OCTET_LENGTH('send')
      )
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
        ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
        AND (
          (
            "type" = 'open' AND OCTET_LENGTH("type") = OCTET_LENGTH('open')
          )
          AND NOT (
            ts IS NULL
          )
        )
        AND NOT (
          customer_id IS NULL
        )
    )
  );

-- engaged (as of 2026-11-01T00:00:00)
WITH email_agg AS (
  SELECT
    customer_id,
    COUNT(
      CASE
        WHEN (
          "type" = 'open' AND OCTET_LENGTH("type") = OCTET_LENGTH('open')
        )
        AND ts > CAST('2026-10-02 00:00:00' AS TIMESTAMP)
        THEN 1
      END
    ) AS count_email_1,
    COUNT(
      CASE
        WHEN (
          "type" = 'click' AND OCTET_LENGTH("type") = OCTET_LENGTH('click')
        )
        AND ts > CAST('2026-10-02 00:00:00' AS TIMESTAMP)
        THEN 1
      END
    ) AS count_email_2
  FROM email_events
  WHERE
    ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
    AND (
      (
        (
          "type" = 'open' AND OCTET_LENGTH("type") = OCTET_LENGTH('open')
        )
        AND ts > CAST('2026-10-02 00:00:00' AS TIMESTAMP)
      )
      OR (
        (
          "type" = 'click' AND OCTET_LENGTH("type") = OCTET_LENGTH('click')
        )
        AND ts > CAST('2026-10-02 00:00:00' AS TIMESTAMP)
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
  OR COALESCE(email_agg.count_email_2, 0) >= 1;

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
      created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
      AND (
        (
          category = 'shoes' AND OCTET_LENGTH(category) = OCTET_LENGTH('shoes')
        )
        AND created_at > CAST('2026-08-03 00:00:00' AS TIMESTAMP)
      )
      AND NOT (
        customer_id IS NULL
      )
    GROUP BY
      customer_id
    HAVING
      COUNT(*) >= 2
  );

-- high_aov (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    CAST(SUM(amount) AS DOUBLE PRECISION) / NULLIF(COUNT(amount), 0) AS avg_amount_1
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  GROUP BY
    customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
WHERE
  orders_agg.avg_amount_1 > 100;

-- declining (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    COUNT(CASE WHEN created_at > CAST('2026-08-03 00:00:00' AS TIMESTAMP) THEN 1 END) AS count_orders_1,
    COUNT(
      CASE
        WHEN created_at <= CAST('2026-08-03 00:00:00' AS TIMESTAMP)
        AND created_at > CAST('2026-05-05 00:00:00' AS TIMESTAMP)
        THEN 1
      END
    ) AS count_orders_2
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
    AND (
      created_at > CAST('2026-08-03 00:00:00' AS TIMESTAMP)
      OR (
        created_at <= CAST('2026-08-03 00:00:00' AS TIMESTAMP)
        AND created_at > CAST('2026-05-05 00:00:00' AS TIMESTAMP)
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
  COALESCE(orders_agg.count_orders_1, 0) < COALESCE(orders_agg.count_orders_2, 0);

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
  );

-- casl (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.country = 'CA' AND OCTET_LENGTH(c.country) = OCTET_LENGTH('CA');

-- can_spam (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.country = 'US' AND OCTET_LENGTH(c.country) = OCTET_LENGTH('US');

-- mobile_users (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.device_type = 'mobile' AND OCTET_LENGTH(c.device_type) = OCTET_LENGTH('mobile');

-- women_25_34 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.gender = 'female' AND OCTET_LENGTH(c.gender) = OCTET_LENGTH('female')
  )
  AND c.birth_date <= CAST('2001-11-01' AS DATE)
  AND c.birth_date > CAST('1991-11-01' AS DATE);

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
    SUM(CASE WHEN created_at > CAST('2025-11-01 00:00:00' AS TIMESTAMP) THEN amount END) AS spend_365d
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  GROUP BY
    customer_id
), rank_1 AS (
  SELECT
    c.customer_id AS customer_id,
    CUME_DIST() OVER (ORDER BY COALESCE(orders_agg.spend_365d, 0) DESC NULLS LAST) AS cume_dist
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
  AND orders_agg.last_order <= CAST('2026-05-05 00:00:00' AS TIMESTAMP)
  AND rank_1.cume_dist <= 0.1;

-- champions (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order,
    COUNT(*) AS purchases,
    SUM(amount) AS total_spent
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  GROUP BY
    customer_id
), rank_1 AS (
  SELECT
    c.customer_id AS customer_id,
    CUME_DIST() OVER (ORDER BY orders_agg.last_order DESC NULLS LAST) AS cume_dist
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
    CUME_DIST() OVER (ORDER BY COALESCE(orders_agg.purchases, 0) DESC NULLS LAST) AS cume_dist
  FROM customers AS c
  LEFT JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
), rank_3 AS (
  SELECT
    c.customer_id AS customer_id,
    CUME_DIST() OVER (ORDER BY COALESCE(orders_agg.total_spent, 0) DESC NULLS LAST) AS cume_dist
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
  (
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
    AND OCTET_LENGTH(
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
      END
    ) = OCTET_LENGTH('5')
  )
  AND (
    CASE
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
    AND OCTET_LENGTH(
      CASE
        WHEN rank_2.cume_dist <= 0.2
        THEN '5'
        WHEN rank_2.cume_dist <= 0.4
        THEN '4'
        WHEN rank_2.cume_dist <= 0.6
        THEN '3'
        WHEN rank_2.cume_dist <= 0.8
        THEN '2'
        ELSE '1'
      END
    ) = OCTET_LENGTH('5')
  )
  AND (
    CASE
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
    AND OCTET_LENGTH(
      CASE
        WHEN rank_3.cume_dist <= 0.2
        THEN '5'
        WHEN rank_3.cume_dist <= 0.4
        THEN '4'
        WHEN rank_3.cume_dist <= 0.6
        THEN '3'
        WHEN rank_3.cume_dist <= 0.8
        THEN '2'
        ELSE '1'
      END
    ) = OCTET_LENGTH('5')
  );

-- at_risk (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order,
    COUNT(*) AS purchases
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  GROUP BY
    customer_id
), rank_1 AS (
  SELECT
    c.customer_id AS customer_id,
    CUME_DIST() OVER (ORDER BY orders_agg.last_order DESC NULLS LAST) AS cume_dist
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
    CUME_DIST() OVER (ORDER BY COALESCE(orders_agg.purchases, 0) DESC NULLS LAST) AS cume_dist
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
  END IN ('4', '5');

-- above_average_spenders (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    SUM(amount) AS total_spent,
    COUNT(*) AS purchases
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  GROUP BY
    customer_id
), population AS (
  SELECT
    CAST(SUM(
      CASE
        WHEN COALESCE(orders_agg.purchases, 0) > 0
        THEN COALESCE(orders_agg.total_spent, 0)
      END
    ) AS DOUBLE PRECISION) / NULLIF(
      COUNT(
        CASE
          WHEN COALESCE(orders_agg.purchases, 0) > 0
          THEN COALESCE(orders_agg.total_spent, 0)
        END
      ),
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
  COALESCE(orders_agg.total_spent, 0) > population.population_1;

-- cart_abandoners (now)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM (
    SELECT DISTINCT
      customer_id AS customer_id
    FROM web_events
    WHERE
      ts <= CONVERT_TIMEZONE('UTC', GETDATE())
      AND (
        (
          "type" = 'add_to_cart' AND OCTET_LENGTH("type") = OCTET_LENGTH('add_to_cart')
        )
        AND ts > DATEADD(HOUR, -24, CONVERT_TIMEZONE('UTC', GETDATE()))
      )
  ) AS c
), orders_agg AS (
  SELECT
    customer_id,
    MAX(
      CASE
        WHEN created_at > DATEADD(HOUR, -24, CONVERT_TIMEZONE('UTC', GETDATE()))
        THEN created_at
      END
    ) AS max_created_at_1
  FROM orders
  WHERE
    created_at <= CONVERT_TIMEZONE('UTC', GETDATE())
    AND created_at > DATEADD(HOUR, -24, CONVERT_TIMEZONE('UTC', GETDATE()))
  GROUP BY
    customer_id
), web_agg AS (
  SELECT
    customer_id,
    MAX(
      CASE
        WHEN (
          "type" = 'add_to_cart' AND OCTET_LENGTH("type") = OCTET_LENGTH('add_to_cart')
        )
        AND ts > DATEADD(HOUR, -24, CONVERT_TIMEZONE('UTC', GETDATE()))
        THEN ts
      END
    ) AS max_ts_1
  FROM web_events
  WHERE
    ts <= CONVERT_TIMEZONE('UTC', GETDATE())
    AND (
      (
        "type" = 'add_to_cart' AND OCTET_LENGTH("type") = OCTET_LENGTH('add_to_cart')
      )
      AND ts > DATEADD(HOUR, -24, CONVERT_TIMEZONE('UTC', GETDATE()))
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
  );

-- lapsed (now)
WITH orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= CONVERT_TIMEZONE('UTC', GETDATE())
  GROUP BY
    customer_id
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
WHERE
  orders_agg.last_order <= DATEADD(DAY, -180, CONVERT_TIMEZONE('UTC', GETDATE()));

-- women_25_34 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.gender = 'female' AND OCTET_LENGTH(c.gender) = OCTET_LENGTH('female')
  )
  AND CAST(c.birth_date AS TIMESTAMP) <= DATEADD(YEAR, -25, CONVERT_TIMEZONE('UTC', GETDATE()))
  AND CAST(c.birth_date AS TIMESTAMP) > DATEADD(YEAR, -35, CONVERT_TIMEZONE('UTC', GETDATE()));

-- active_12m (now)
WITH orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= CONVERT_TIMEZONE('UTC', GETDATE())
  GROUP BY
    customer_id
), email_agg AS (
  SELECT
    customer_id,
    MAX(CASE WHEN "type" IN ('open', 'click') THEN ts END) AS max_ts_1
  FROM email_events
  WHERE
    ts <= CONVERT_TIMEZONE('UTC', GETDATE()) AND "type" IN ('open', 'click')
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
  orders_agg.last_order > DATEADD(MONTH, -12, CONVERT_TIMEZONE('UTC', GETDATE()))
  OR email_agg.max_ts_1 > DATEADD(MONTH, -12, CONVERT_TIMEZONE('UTC', GETDATE()));

