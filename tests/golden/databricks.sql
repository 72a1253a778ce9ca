-- leads (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND c.consent_email
  AND NOT (
    c.customer_id IN (
      SELECT
        customer_id
      FROM email_events
      WHERE
        ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
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
        created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
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
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND orders_agg.first_order > CAST('2026-10-02 00:00:00' AS TIMESTAMP_NTZ);

-- one_time_buyers (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    COUNT(*) AS purchases
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND COALESCE(orders_agg.purchases, 0) = 1;

-- repeat_buyers (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    COUNT(*) AS purchases
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND COALESCE(orders_agg.purchases, 0) > 2;

-- active_12m (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND c.customer_id IN (
    SELECT
      customer_id AS customer_id
    FROM orders
    WHERE
      created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
      AND created_at > CAST('2025-11-01 00:00:00' AS TIMESTAMP_NTZ)
    UNION ALL
    SELECT
      customer_id AS customer_id
    FROM email_events
    WHERE
      ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
      AND (
        type IN ('open', 'click') AND ts > CAST('2025-11-01 00:00:00' AS TIMESTAMP_NTZ)
      )
  );

-- lapsed (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND orders_agg.last_order <= CAST('2026-05-05 00:00:00' AS TIMESTAMP_NTZ);

-- lapsed_relative (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order,
    MIN(created_at) AS first_order,
    COUNT(*) AS purchases
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  GROUP BY
    customer_id
), population AS (
  SELECT
    CAST(SUM(
      CAST(TIMESTAMPDIFF(MICROSECOND, orders_agg.first_order, orders_agg.last_order) AS DOUBLE) / NULLIF(COALESCE(orders_agg.purchases, 0) - 1, 0)
    ) FILTER(WHERE
      COALESCE(orders_agg.purchases, 0) >= 2) AS DOUBLE) / NULLIF(
      COUNT(
        CAST(TIMESTAMPDIFF(MICROSECOND, orders_agg.first_order, orders_agg.last_order) AS DOUBLE) / NULLIF(COALESCE(orders_agg.purchases, 0) - 1, 0)
      ) FILTER(WHERE
        COALESCE(orders_agg.purchases, 0) >= 2),
      0
    ) AS population_1
  FROM customers AS c
  LEFT JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
  WHERE
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
CROSS JOIN population
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND TIMESTAMPDIFF(MICROSECOND, orders_agg.last_order, CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)) > 2 * population.population_1;

-- loyal (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND c.customer_id IN (
    SELECT
      customer_id
    FROM orders
    WHERE
      created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
      AND NOT (
        customer_id IS NULL
      )
    GROUP BY
      customer_id
    HAVING
      COUNT(*) FILTER(WHERE
        created_at > CAST('2025-11-01 00:00:00' AS TIMESTAMP_NTZ)) >= 1
      AND COUNT(*) >= 5
  );

-- vip (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    SUM(amount) AS spend_365d
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
    AND created_at > CAST('2025-11-01 00:00:00' AS TIMESTAMP_NTZ)
  GROUP BY
    customer_id
), rank_1_rows AS (
  SELECT
    c.customer_id AS customer_id,
    COALESCE(orders_agg.spend_365d, 0) AS rank_value
  FROM customers AS c
  JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
  WHERE
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
), rank_1_rest AS (
  SELECT
    t.total AS total,
    t.total - e.ranked AS unranked,
    CAST(e.at_zero + (
      t.total - e.ranked
    ) AS DOUBLE) / NULLIF(t.total, 0) AS zero_cume
  FROM (
    SELECT
      COUNT(*) AS total
    FROM customers AS c
    WHERE
      c.signup_at IS NULL
      OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  ) AS t
  CROSS JOIN (
    SELECT
      COUNT(*) AS ranked,
      COUNT(*) FILTER(WHERE
        rank_value >= 0) AS at_zero
    FROM rank_1_rows
  ) AS e
), rank_1 AS (
  SELECT
    rank_1_rows.customer_id AS customer_id,
    CAST(COUNT(*) OVER (ORDER BY rank_1_rows.rank_value DESC) + CASE WHEN rank_1_rows.rank_value <= 0 THEN rank_1_rest.unranked ELSE 0 END AS DOUBLE) / rank_1_rest.total AS cume_dist
  FROM rank_1_rows
  CROSS JOIN rank_1_rest
)
SELECT
  customer_id
FROM (
  SELECT
    customer_id
  FROM rank_1
  WHERE
    cume_dist <= 0.1
  UNION ALL
  SELECT
    c.customer_id
  FROM customers AS c
  CROSS JOIN rank_1_rest
  WHERE
    (
      c.signup_at IS NULL
      OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
    )
    AND rank_1_rest.zero_cume <= 0.1
    AND (
      c.customer_id IS NULL
      OR NOT (
        c.customer_id IN (
          SELECT
            customer_id
          FROM rank_1_rows
          WHERE
            NOT (
              customer_id IS NULL
            )
        )
      )
    )
) AS ranking_members;

-- cart_abandoners (as of 2026-11-01T00:00:00)
WITH sequence_1 AS (
  SELECT
    customer_id
  FROM (
    SELECT
      s.customer_id AS customer_id,
      MAX(s.event_at) FILTER(WHERE
        s.is_first = 1) AS latest_first,
      MAX(s.event_at) FILTER(WHERE
        s.is_first = 0) AS latest_then
    FROM (
      SELECT
        e.customer_id AS customer_id,
        e.ts AS event_at,
        1 AS is_first
      FROM web_events AS e
      WHERE
        e.ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
        AND NOT (
          e.customer_id IS NULL
        )
        AND (
          e.type = 'add_to_cart' AND e.ts > CAST('2026-10-31 00:00:00' AS TIMESTAMP_NTZ)
        )
      UNION ALL
      SELECT
        e.customer_id AS customer_id,
        e.created_at AS event_at,
        0 AS is_first
      FROM orders AS e
      WHERE
        e.created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
        AND NOT (
          e.customer_id IS NULL
        )
        AND e.created_at > CAST('2026-10-31 00:00:00' AS TIMESTAMP_NTZ)
    ) AS s
    GROUP BY
      s.customer_id
  ) AS latest
  WHERE
    NOT (
      latest_first IS NULL
    )
    AND (
      latest_then IS NULL OR latest_then < latest_first
    )
)
SELECT
  c.customer_id
FROM sequence_1
INNER JOIN customers AS c
  ON c.customer_id = sequence_1.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ);

-- abandoned_carts (as of 2026-11-01T00:00:00)
WITH sequence_1 AS (
  SELECT DISTINCT
    e.customer_id AS customer_id
  FROM web_events AS e
  WHERE
    e.ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
    AND NOT (
      e.customer_id IS NULL
    )
    AND (
      e.type = 'add_to_cart' AND e.ts > CAST('2026-10-25 00:00:00' AS TIMESTAMP_NTZ)
    )
    AND e.ts <= TIMESTAMPADD(HOUR, -24, CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ))
    AND NOT EXISTS(
      SELECT
        1
      FROM orders AS n
      WHERE
        n.customer_id = e.customer_id
        AND n.created_at > e.ts
        AND n.created_at < TIMESTAMPADD(HOUR, 24, e.ts)
        AND n.created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
    )
)
SELECT
  c.customer_id
FROM sequence_1
INNER JOIN customers AS c
  ON c.customer_id = sequence_1.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ);

-- inactive_subscribers (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND c.consent_email
  AND NOT (
    c.customer_id IN (
      SELECT
        customer_id
      FROM email_events
      WHERE
        ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
        AND (
          type = 'open' AND ts > CAST('2026-10-02 00:00:00' AS TIMESTAMP_NTZ)
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
        created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
        AND created_at > CAST('2026-08-03 00:00:00' AS TIMESTAMP_NTZ)
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
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND c.customer_id IN (
    SELECT
      customer_id
    FROM email_events
    WHERE
      ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
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
        ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
        AND (
          type = 'open' AND NOT (
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
    COUNT(*) FILTER(WHERE
      type = 'open') AS count_email_1,
    COUNT(*) FILTER(WHERE
      type = 'click') AS count_email_2
  FROM email_events
  WHERE
    ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
    AND ts > CAST('2026-10-02 00:00:00' AS TIMESTAMP_NTZ)
    AND (
      type = 'open' OR type = 'click'
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
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND (
    COALESCE(email_agg.count_email_1, 0) >= 3
    OR COALESCE(email_agg.count_email_2, 0) >= 1
  );

-- category_buyers (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
    AND (
      category = 'shoes' AND created_at > CAST('2026-08-03 00:00:00' AS TIMESTAMP_NTZ)
    )
  GROUP BY
    customer_id
  HAVING
    COUNT(*) >= 2
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ);

-- high_aov (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    CAST(SUM(amount) AS DOUBLE) / NULLIF(COUNT(amount), 0) AS avg_amount_1
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND orders_agg.avg_amount_1 > 100;

-- declining (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
    AND (
      created_at > CAST('2026-05-05 00:00:00' AS TIMESTAMP_NTZ)
      AND (
        created_at > CAST('2026-08-03 00:00:00' AS TIMESTAMP_NTZ)
        OR created_at <= CAST('2026-08-03 00:00:00' AS TIMESTAMP_NTZ)
      )
    )
  GROUP BY
    customer_id
  HAVING
    COUNT(*) FILTER(WHERE
      created_at > CAST('2026-08-03 00:00:00' AS TIMESTAMP_NTZ)) < COUNT(*) FILTER(WHERE
      created_at <= CAST('2026-08-03 00:00:00' AS TIMESTAMP_NTZ))
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ);

-- eu_gdpr (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND c.country IN (
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
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND c.country = 'CA';

-- can_spam (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND c.country = 'US';

-- mobile_users (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND c.device_type = 'mobile';

-- women_25_34 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND (
    c.gender = 'female'
    AND c.birth_date <= CAST('2001-11-01' AS DATE)
    AND c.birth_date > CAST('1991-11-01' AS DATE)
  );

-- lapsed_vips_outside_eu (as of 2026-11-01T00:00:00)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM customers AS c
  WHERE
    (
      c.signup_at IS NULL
      OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
    )
    AND NOT COALESCE(
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
      created_at > CAST('2025-11-01 00:00:00' AS TIMESTAMP_NTZ)) AS spend_365d
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  GROUP BY
    customer_id
), rank_1_rows AS (
  SELECT
    c.customer_id AS customer_id,
    COALESCE(orders_agg.spend_365d, 0) AS rank_value
  FROM customers AS c
  JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
  WHERE
    (
      c.signup_at IS NULL
      OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
    )
    AND COALESCE(orders_agg.spend_365d, 0) <> 0
), rank_1_rest AS (
  SELECT
    t.total AS total,
    t.total - e.ranked AS unranked,
    CAST(e.at_zero + (
      t.total - e.ranked
    ) AS DOUBLE) / NULLIF(t.total, 0) AS zero_cume
  FROM (
    SELECT
      COUNT(*) AS total
    FROM customers AS c
    WHERE
      c.signup_at IS NULL
      OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  ) AS t
  CROSS JOIN (
    SELECT
      COUNT(*) AS ranked,
      COUNT(*) FILTER(WHERE
        rank_value >= 0) AS at_zero
    FROM rank_1_rows
  ) AS e
), rank_1 AS (
  SELECT
    rank_1_rows.customer_id AS customer_id,
    CAST(COUNT(*) OVER (ORDER BY rank_1_rows.rank_value DESC) + CASE WHEN rank_1_rows.rank_value <= 0 THEN rank_1_rest.unranked ELSE 0 END AS DOUBLE) / rank_1_rest.total AS cume_dist
  FROM rank_1_rows
  CROSS JOIN rank_1_rest
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
LEFT JOIN rank_1
  ON rank_1.customer_id = c.customer_id
CROSS JOIN rank_1_rest
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND (
    c.customer_id IN (
      SELECT
        customer_id
      FROM candidates
    )
    AND orders_agg.last_order <= CAST('2026-05-05 00:00:00' AS TIMESTAMP_NTZ)
    AND COALESCE(rank_1.cume_dist, rank_1_rest.zero_cume) <= 0.1
  );

-- champions (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order,
    COUNT(*) AS purchases,
    SUM(amount) AS total_spent
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  GROUP BY
    customer_id
), rank_1 AS (
  SELECT
    c.customer_id AS customer_id,
    CUME_DIST() OVER (ORDER BY orders_agg.last_order DESC) AS cume_dist
  FROM customers AS c
  JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
  WHERE
    (
      c.signup_at IS NULL
      OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
    )
    AND NOT (
      orders_agg.last_order IS NULL
    )
), rank_2_rows AS (
  SELECT
    c.customer_id AS customer_id,
    COALESCE(orders_agg.purchases, 0) AS rank_value
  FROM customers AS c
  JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
  WHERE
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
), rank_2_rest AS (
  SELECT
    t.total AS total,
    t.total - e.ranked AS unranked,
    CAST(e.at_zero + (
      t.total - e.ranked
    ) AS DOUBLE) / NULLIF(t.total, 0) AS zero_cume
  FROM (
    SELECT
      COUNT(*) AS total
    FROM customers AS c
    WHERE
      c.signup_at IS NULL
      OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  ) AS t
  CROSS JOIN (
    SELECT
      COUNT(*) AS ranked,
      COUNT(*) FILTER(WHERE
        rank_value >= 0) AS at_zero
    FROM rank_2_rows
  ) AS e
), rank_2 AS (
  SELECT
    rank_2_rows.customer_id AS customer_id,
    CAST(COUNT(*) OVER (ORDER BY rank_2_rows.rank_value DESC) + CASE WHEN rank_2_rows.rank_value <= 0 THEN rank_2_rest.unranked ELSE 0 END AS DOUBLE) / rank_2_rest.total AS cume_dist
  FROM rank_2_rows
  CROSS JOIN rank_2_rest
), rank_3_rows AS (
  SELECT
    c.customer_id AS customer_id,
    COALESCE(orders_agg.total_spent, 0) AS rank_value
  FROM customers AS c
  JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
  WHERE
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
), rank_3_rest AS (
  SELECT
    t.total AS total,
    t.total - e.ranked AS unranked,
    CAST(e.at_zero + (
      t.total - e.ranked
    ) AS DOUBLE) / NULLIF(t.total, 0) AS zero_cume
  FROM (
    SELECT
      COUNT(*) AS total
    FROM customers AS c
    WHERE
      c.signup_at IS NULL
      OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  ) AS t
  CROSS JOIN (
    SELECT
      COUNT(*) AS ranked,
      COUNT(*) FILTER(WHERE
        rank_value >= 0) AS at_zero
    FROM rank_3_rows
  ) AS e
), rank_3 AS (
  SELECT
    rank_3_rows.customer_id AS customer_id,
    CAST(COUNT(*) OVER (ORDER BY rank_3_rows.rank_value DESC) + CASE WHEN rank_3_rows.rank_value <= 0 THEN rank_3_rest.unranked ELSE 0 END AS DOUBLE) / rank_3_rest.total AS cume_dist
  FROM rank_3_rows
  CROSS JOIN rank_3_rest
)
SELECT
  rank_1.customer_id
FROM rank_1
LEFT JOIN rank_3
  ON rank_3.customer_id = rank_1.customer_id
CROSS JOIN rank_3_rest
WHERE
  rank_1.cume_dist <= 0.2
  AND rank_1.customer_id IN (
    SELECT
      customer_id
    FROM rank_2
    WHERE
      cume_dist <= 0.2
  )
  AND COALESCE(rank_3.cume_dist, rank_3_rest.zero_cume) <= 0.2;

-- at_risk (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order,
    COUNT(*) AS purchases
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  GROUP BY
    customer_id
), rank_1 AS (
  SELECT
    c.customer_id AS customer_id,
    CUME_DIST() OVER (ORDER BY orders_agg.last_order DESC) AS cume_dist
  FROM customers AS c
  JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
  WHERE
    (
      c.signup_at IS NULL
      OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
    )
    AND NOT (
      orders_agg.last_order IS NULL
    )
), rank_2_rows AS (
  SELECT
    c.customer_id AS customer_id,
    COALESCE(orders_agg.purchases, 0) AS rank_value
  FROM customers AS c
  JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
  WHERE
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
), rank_2_rest AS (
  SELECT
    t.total AS total,
    t.total - e.ranked AS unranked,
    CAST(e.at_zero + (
      t.total - e.ranked
    ) AS DOUBLE) / NULLIF(t.total, 0) AS zero_cume
  FROM (
    SELECT
      COUNT(*) AS total
    FROM customers AS c
    WHERE
      c.signup_at IS NULL
      OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  ) AS t
  CROSS JOIN (
    SELECT
      COUNT(*) AS ranked,
      COUNT(*) FILTER(WHERE
        rank_value >= 0) AS at_zero
    FROM rank_2_rows
  ) AS e
), rank_2 AS (
  SELECT
    rank_2_rows.customer_id AS customer_id,
    CAST(COUNT(*) OVER (ORDER BY rank_2_rows.rank_value DESC) + CASE WHEN rank_2_rows.rank_value <= 0 THEN rank_2_rest.unranked ELSE 0 END AS DOUBLE) / rank_2_rest.total AS cume_dist
  FROM rank_2_rows
  CROSS JOIN rank_2_rest
)
SELECT
  rank_2.customer_id
FROM rank_2
LEFT JOIN rank_1
  ON rank_1.customer_id = rank_2.customer_id
CROSS JOIN rank_2_rest
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
    WHEN COALESCE(rank_2.cume_dist, rank_2_rest.zero_cume) <= 0.2
    THEN '5'
    WHEN COALESCE(rank_2.cume_dist, rank_2_rest.zero_cume) <= 0.4
    THEN '4'
    WHEN COALESCE(rank_2.cume_dist, rank_2_rest.zero_cume) <= 0.6
    THEN '3'
    WHEN COALESCE(rank_2.cume_dist, rank_2_rest.zero_cume) <= 0.8
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
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  GROUP BY
    customer_id
), population AS (
  SELECT
    CAST(SUM(COALESCE(orders_agg.total_spent, 0)) FILTER(WHERE
      COALESCE(orders_agg.purchases, 0) > 0) AS DOUBLE) / NULLIF(
      COUNT(COALESCE(orders_agg.total_spent, 0)) FILTER(WHERE
        COALESCE(orders_agg.purchases, 0) > 0),
      0
    ) AS population_1
  FROM customers AS c
  LEFT JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
  WHERE
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg
  ON orders_agg.customer_id = c.customer_id
CROSS JOIN population
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND COALESCE(orders_agg.total_spent, 0) > population.population_1;

-- bought_this_month (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
    AND (
      created_at >= CAST('2026-10-31 23:00:00' AS TIMESTAMP_NTZ)
      AND (
        created_at >= CAST('2026-10-31 23:00:00' AS TIMESTAMP_NTZ)
        AND created_at < CAST('2026-11-30 23:00:00' AS TIMESTAMP_NTZ)
      )
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ);

-- birthday_week (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND (
    (
      MONTH(c.birth_date) = 11
      AND DAYOFMONTH(c.birth_date) >= 2
      AND DAYOFMONTH(c.birth_date) < 9
    )
    AND c.birth_date < CAST('2026-01-01' AS DATE)
  );

-- category_explorers (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
    AND created_at > CAST('2025-11-01 00:00:00' AS TIMESTAMP_NTZ)
  GROUP BY
    customer_id
  HAVING
    COUNT(DISTINCT category) >= 3
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ);

-- shoe_fans (as of 2026-11-01T00:00:00)
WITH orders_most_frequent_1 AS (
  SELECT
    customer_id,
    trait_value
  FROM (
    SELECT
      customer_id,
      trait_value,
      ROW_NUMBER() OVER (
        PARTITION BY customer_id
        ORDER BY trait_events DESC, trait_latest DESC, trait_value DESC
      ) AS trait_rank
    FROM (
      SELECT
        customer_id,
        category AS trait_value,
        COUNT(*) AS trait_events,
        MAX(created_at) AS trait_latest
      FROM orders
      WHERE
        created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
        AND NOT (
          category IS NULL
        )
      GROUP BY
        customer_id,
        category
    ) AS trait_rows
  ) AS ranked
  WHERE
    trait_rank = 1
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_most_frequent_1
  ON orders_most_frequent_1.customer_id = c.customer_id
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND orders_most_frequent_1.trait_value = 'shoes';

-- recent_shoe_buyers (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
    AND created_at > CAST('2026-10-02 00:00:00' AS TIMESTAMP_NTZ)
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
  )
  AND c.customer_id IN (
    SELECT
      customer_id
    FROM orders
    WHERE
      created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
      AND NOT (
        category IS NULL
      )
      AND NOT (
        customer_id IS NULL
      )
    GROUP BY
      customer_id
    HAVING
      MAX(created_at) FILTER(WHERE
        category = 'shoes') = MAX(created_at)
      AND (
        MAX(created_at) FILTER(WHERE
          category > 'shoes') IS NULL
        OR MAX(created_at) FILTER(WHERE
          category > 'shoes') < MAX(created_at) FILTER(WHERE
          category = 'shoes')
      )
  );

-- loyal_weekly (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ)
    AND (
      created_at >= CAST('2026-09-27 22:00:00' AS TIMESTAMP_NTZ)
      AND created_at < CAST('2026-10-25 23:00:00' AS TIMESTAMP_NTZ)
    )
  GROUP BY
    customer_id
  HAVING
    (
      IF(
        COUNT(*) FILTER(WHERE
          created_at >= CAST('2026-10-18 22:00:00' AS TIMESTAMP_NTZ)
          AND created_at < CAST('2026-10-25 23:00:00' AS TIMESTAMP_NTZ)) >= 1,
        1,
        0
      ) + IF(
        COUNT(*) FILTER(WHERE
          created_at >= CAST('2026-10-11 22:00:00' AS TIMESTAMP_NTZ)
          AND created_at < CAST('2026-10-18 22:00:00' AS TIMESTAMP_NTZ)) >= 1,
        1,
        0
      ) + IF(
        COUNT(*) FILTER(WHERE
          created_at >= CAST('2026-10-04 22:00:00' AS TIMESTAMP_NTZ)
          AND created_at < CAST('2026-10-11 22:00:00' AS TIMESTAMP_NTZ)) >= 1,
        1,
        0
      ) + IF(
        COUNT(*) FILTER(WHERE
          created_at >= CAST('2026-09-27 22:00:00' AS TIMESTAMP_NTZ)
          AND created_at < CAST('2026-10-04 22:00:00' AS TIMESTAMP_NTZ)) >= 1,
        1,
        0
      )
    ) >= 3
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP_NTZ);

-- cart_abandoners (now)
WITH sequence_1 AS (
  SELECT
    customer_id
  FROM (
    SELECT
      s.customer_id AS customer_id,
      MAX(s.event_at) FILTER(WHERE
        s.is_first = 1) AS latest_first,
      MAX(s.event_at) FILTER(WHERE
        s.is_first = 0) AS latest_then
    FROM (
      SELECT
        e.customer_id AS customer_id,
        e.ts AS event_at,
        1 AS is_first
      FROM web_events AS e
      WHERE
        e.ts <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        AND NOT (
          e.customer_id IS NULL
        )
        AND (
          e.type = 'add_to_cart'
          AND e.ts > TIMESTAMPADD(
            HOUR,
            -24,
            CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
          )
        )
      UNION ALL
      SELECT
        e.customer_id AS customer_id,
        e.created_at AS event_at,
        0 AS is_first
      FROM orders AS e
      WHERE
        e.created_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        AND NOT (
          e.customer_id IS NULL
        )
        AND e.created_at > TIMESTAMPADD(
          HOUR,
          -24,
          CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        )
    ) AS s
    GROUP BY
      s.customer_id
  ) AS latest
  WHERE
    NOT (
      latest_first IS NULL
    )
    AND (
      latest_then IS NULL OR latest_then < latest_first
    )
)
SELECT
  c.customer_id
FROM sequence_1
INNER JOIN customers AS c
  ON c.customer_id = sequence_1.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ);

-- lapsed (now)
WITH orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
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
    OR c.signup_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
  )
  AND orders_agg.last_order <= TIMESTAMPADD(
    DAY,
    -180,
    CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
  );

-- women_25_34 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
  )
  AND (
    c.gender = 'female'
    AND CAST(c.birth_date AS TIMESTAMP_NTZ) <= TIMESTAMPADD(
      YEAR,
      -25,
      CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
    )
    AND CAST(c.birth_date AS TIMESTAMP_NTZ) > TIMESTAMPADD(
      YEAR,
      -35,
      CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
    )
  );

-- active_12m (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
  )
  AND c.customer_id IN (
    SELECT
      customer_id AS customer_id
    FROM orders
    WHERE
      created_at <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
      AND created_at > TIMESTAMPADD(
        MONTH,
        -12,
        CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
      )
    UNION ALL
    SELECT
      customer_id AS customer_id
    FROM email_events
    WHERE
      ts <= CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
      AND (
        type IN ('open', 'click')
        AND ts > TIMESTAMPADD(
          MONTH,
          -12,
          CAST(TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE()) AS TIMESTAMP_NTZ)
        )
      )
  );

