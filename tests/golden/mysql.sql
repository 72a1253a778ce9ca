-- leads (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND c.consent_email
  AND NOT (
    c.customer_id IN (
      SELECT
        customer_id
      FROM email_events
      WHERE
        ts <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
        AND CAST(type AS BINARY) = CAST('unsubscribe' AS BINARY)
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
        created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
    created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND orders_agg.first_order > CAST('2026-10-02 00:00:00.000000' AS DATETIME(6));

-- one_time_buyers (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    COUNT(*) AS purchases
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND COALESCE(orders_agg.purchases, 0) = 1;

-- repeat_buyers (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    COUNT(*) AS purchases
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND COALESCE(orders_agg.purchases, 0) > 2;

-- active_12m (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND c.customer_id IN (
    SELECT
      customer_id AS customer_id
    FROM orders
    WHERE
      created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
      AND created_at > CAST('2025-11-01 00:00:00.000000' AS DATETIME(6))
    UNION ALL
    SELECT
      customer_id AS customer_id
    FROM email_events
    WHERE
      ts <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
      AND (
        (
          CAST(type AS BINARY) = CAST('open' AS BINARY)
          OR CAST(type AS BINARY) = CAST('click' AS BINARY)
        )
        AND ts > CAST('2025-11-01 00:00:00.000000' AS DATETIME(6))
      )
  );

-- lapsed (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND orders_agg.last_order <= CAST('2026-05-05 00:00:00.000000' AS DATETIME(6));

-- lapsed_relative (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order,
    MIN(created_at) AS first_order,
    COUNT(*) AS purchases
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  GROUP BY
    customer_id
), population AS (
  SELECT
    CAST(SUM(
      CASE
        WHEN COALESCE(orders_agg.purchases, 0) >= 2
        THEN CAST(TIMESTAMPDIFF(MICROSECOND, orders_agg.first_order, orders_agg.last_order) AS DOUBLE) / NULLIF(COALESCE(orders_agg.purchases, 0) - 1, 0)
      END
    ) AS DOUBLE) / NULLIF(
      COUNT(
        CASE
          WHEN COALESCE(orders_agg.purchases, 0) >= 2
          THEN CAST(TIMESTAMPDIFF(MICROSECOND, orders_agg.first_order, orders_agg.last_order) AS DOUBLE) / NULLIF(COALESCE(orders_agg.purchases, 0) - 1, 0)
        END
      ),
      0
    ) AS population_1
  FROM customers AS c
  LEFT JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
  WHERE
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND TIMESTAMPDIFF(
    MICROSECOND,
    orders_agg.last_order,
    CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  ) > 2 * population.population_1;

-- loyal (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND c.customer_id IN (
    SELECT
      customer_id
    FROM orders
    WHERE
      created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
      AND NOT (
        customer_id IS NULL
      )
    GROUP BY
      customer_id
    HAVING
      COUNT(
        CASE WHEN created_at > CAST('2025-11-01 00:00:00.000000' AS DATETIME(6)) THEN 1 END
      ) >= 1
      AND COUNT(*) >= 5
  );

-- vip (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    SUM(amount) AS spend_365d
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
    AND created_at > CAST('2025-11-01 00:00:00.000000' AS DATETIME(6))
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
      OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  ) AS t
  CROSS JOIN (
    SELECT
      COUNT(*) AS ranked,
      COALESCE(SUM(CASE WHEN rank_value >= 0 THEN 1 ELSE 0 END), 0) AS at_zero
    FROM rank_1_rows
  ) AS e
), rank_1 AS (
  SELECT
    rank_1_rows.customer_id AS customer_id,
    CAST(COUNT(*) OVER (ORDER BY rank_1_rows.rank_value DESC) + CASE WHEN rank_1_rows.rank_value <= 0 THEN rank_1_rest.unranked ELSE 0 END AS DOUBLE) / rank_1_rest.total AS `cume_dist`
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
    `cume_dist` <= 0.1
  UNION ALL
  SELECT
    c.customer_id
  FROM customers AS c
  CROSS JOIN rank_1_rest
  WHERE
    (
      c.signup_at IS NULL
      OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
      MAX(CASE WHEN s.is_first = 1 THEN s.event_at END) AS latest_first,
      MAX(CASE WHEN s.is_first = 0 THEN s.event_at END) AS latest_then
    FROM (
      SELECT
        e.customer_id AS customer_id,
        e.ts AS event_at,
        1 AS is_first
      FROM web_events AS e
      WHERE
        e.ts <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
        AND NOT (
          e.customer_id IS NULL
        )
        AND (
          CAST(e.type AS BINARY) = CAST('add_to_cart' AS BINARY)
          AND e.ts > CAST('2026-10-31 00:00:00.000000' AS DATETIME(6))
        )
      UNION ALL
      SELECT
        e.customer_id AS customer_id,
        e.created_at AS event_at,
        0 AS is_first
      FROM orders AS e
      WHERE
        e.created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
        AND NOT (
          e.customer_id IS NULL
        )
        AND e.created_at > CAST('2026-10-31 00:00:00.000000' AS DATETIME(6))
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
  OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6));

-- abandoned_carts (as of 2026-11-01T00:00:00)
WITH sequence_1 AS (
  SELECT DISTINCT
    e.customer_id AS customer_id
  FROM web_events AS e
  WHERE
    e.ts <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
    AND NOT (
      e.customer_id IS NULL
    )
    AND (
      CAST(e.type AS BINARY) = CAST('add_to_cart' AS BINARY)
      AND e.ts > CAST('2026-10-25 00:00:00.000000' AS DATETIME(6))
    )
    AND e.ts <= DATE_ADD(CAST('2026-11-01 00:00:00.000000' AS DATETIME(6)), INTERVAL -24 HOUR)
    AND NOT EXISTS(
      SELECT
        1
      FROM orders AS n
      WHERE
        n.customer_id = e.customer_id
        AND n.created_at > e.ts
        AND n.created_at < DATE_ADD(e.ts, INTERVAL 24 HOUR)
        AND n.created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
    )
)
SELECT
  c.customer_id
FROM sequence_1
INNER JOIN customers AS c
  ON c.customer_id = sequence_1.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6));

-- inactive_subscribers (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND c.consent_email
  AND NOT (
    c.customer_id IN (
      SELECT
        customer_id
      FROM email_events
      WHERE
        ts <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
        AND (
          CAST(type AS BINARY) = CAST('open' AS BINARY)
          AND ts > CAST('2026-10-02 00:00:00.000000' AS DATETIME(6))
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
        created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
        AND created_at > CAST('2026-08-03 00:00:00.000000' AS DATETIME(6))
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND c.customer_id IN (
    SELECT
      customer_id
    FROM email_events
    WHERE
      ts <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
      AND CAST(type AS BINARY) = CAST('send' AS BINARY)
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
        ts <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
        AND (
          CAST(type AS BINARY) = CAST('open' AS BINARY) AND NOT (
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
    COUNT(CASE WHEN CAST(type AS BINARY) = CAST('open' AS BINARY) THEN 1 END) AS count_email_1,
    COUNT(CASE WHEN CAST(type AS BINARY) = CAST('click' AS BINARY) THEN 1 END) AS count_email_2
  FROM email_events
  WHERE
    ts <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
    AND ts > CAST('2026-10-02 00:00:00.000000' AS DATETIME(6))
    AND (
      CAST(type AS BINARY) = CAST('open' AS BINARY)
      OR CAST(type AS BINARY) = CAST('click' AS BINARY)
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
    created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
    AND (
      CAST(category AS BINARY) = CAST('shoes' AS BINARY)
      AND created_at > CAST('2026-08-03 00:00:00.000000' AS DATETIME(6))
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
  OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6));

-- high_aov (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    CAST(SUM(amount) AS DOUBLE) / NULLIF(COUNT(amount), 0) AS avg_amount_1
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
    created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
    AND (
      created_at > CAST('2026-05-05 00:00:00.000000' AS DATETIME(6))
      AND (
        created_at > CAST('2026-08-03 00:00:00.000000' AS DATETIME(6))
        OR created_at <= CAST('2026-08-03 00:00:00.000000' AS DATETIME(6))
      )
    )
  GROUP BY
    customer_id
  HAVING
    COUNT(
      CASE WHEN created_at > CAST('2026-08-03 00:00:00.000000' AS DATETIME(6)) THEN 1 END
    ) < COUNT(
      CASE
        WHEN created_at <= CAST('2026-08-03 00:00:00.000000' AS DATETIME(6))
        THEN 1
      END
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6));

-- eu_gdpr (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND (
    CAST(c.country AS BINARY) = CAST('AT' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('BE' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('BG' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('HR' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('CY' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('CZ' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('DK' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('EE' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('FI' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('FR' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('DE' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('GR' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('HU' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('IE' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('IT' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('LV' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('LT' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('LU' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('MT' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('NL' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('PL' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('PT' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('RO' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('SK' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('SI' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('ES' AS BINARY)
    OR CAST(c.country AS BINARY) = CAST('SE' AS BINARY)
  );

-- casl (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND CAST(c.country AS BINARY) = CAST('CA' AS BINARY);

-- can_spam (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND CAST(c.country AS BINARY) = CAST('US' AS BINARY);

-- mobile_users (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND CAST(c.device_type AS BINARY) = CAST('mobile' AS BINARY);

-- women_25_34 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND (
    CAST(c.gender AS BINARY) = CAST('female' AS BINARY)
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
      OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
    )
    AND NOT COALESCE(
      CAST(c.country AS BINARY) = CAST('AT' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('BE' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('BG' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('HR' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('CY' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('CZ' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('DK' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('EE' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('FI' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('FR' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('DE' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('GR' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('HU' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('IE' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('IT' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('LV' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('LT' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('LU' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('MT' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('NL' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('PL' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('PT' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('RO' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('SK' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('SI' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('ES' AS BINARY)
      OR CAST(c.country AS BINARY) = CAST('SE' AS BINARY),
      FALSE
    )
), orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order,
    SUM(
      CASE
        WHEN created_at > CAST('2025-11-01 00:00:00.000000' AS DATETIME(6))
        THEN amount
      END
    ) AS spend_365d
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
      OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
      OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  ) AS t
  CROSS JOIN (
    SELECT
      COUNT(*) AS ranked,
      COALESCE(SUM(CASE WHEN rank_value >= 0 THEN 1 ELSE 0 END), 0) AS at_zero
    FROM rank_1_rows
  ) AS e
), rank_1 AS (
  SELECT
    rank_1_rows.customer_id AS customer_id,
    CAST(COUNT(*) OVER (ORDER BY rank_1_rows.rank_value DESC) + CASE WHEN rank_1_rows.rank_value <= 0 THEN rank_1_rest.unranked ELSE 0 END AS DOUBLE) / rank_1_rest.total AS `cume_dist`
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND (
    c.customer_id IN (
      SELECT
        customer_id
      FROM candidates
    )
    AND orders_agg.last_order <= CAST('2026-05-05 00:00:00.000000' AS DATETIME(6))
    AND COALESCE(rank_1.`cume_dist`, rank_1_rest.zero_cume) <= 0.1
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
    created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  GROUP BY
    customer_id
), rank_1 AS (
  SELECT
    c.customer_id AS customer_id,
    CUME_DIST() OVER (ORDER BY orders_agg.last_order DESC) AS `cume_dist`
  FROM customers AS c
  JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
  WHERE
    (
      c.signup_at IS NULL
      OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
      OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  ) AS t
  CROSS JOIN (
    SELECT
      COUNT(*) AS ranked,
      COALESCE(SUM(CASE WHEN rank_value >= 0 THEN 1 ELSE 0 END), 0) AS at_zero
    FROM rank_2_rows
  ) AS e
), rank_2 AS (
  SELECT
    rank_2_rows.customer_id AS customer_id,
    CAST(COUNT(*) OVER (ORDER BY rank_2_rows.rank_value DESC) + CASE WHEN rank_2_rows.rank_value <= 0 THEN rank_2_rest.unranked ELSE 0 END AS DOUBLE) / rank_2_rest.total AS `cume_dist`
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
      OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  ) AS t
  CROSS JOIN (
    SELECT
      COUNT(*) AS ranked,
      COALESCE(SUM(CASE WHEN rank_value >= 0 THEN 1 ELSE 0 END), 0) AS at_zero
    FROM rank_3_rows
  ) AS e
), rank_3 AS (
  SELECT
    rank_3_rows.customer_id AS customer_id,
    CAST(COUNT(*) OVER (ORDER BY rank_3_rows.rank_value DESC) + CASE WHEN rank_3_rows.rank_value <= 0 THEN rank_3_rest.unranked ELSE 0 END AS DOUBLE) / rank_3_rest.total AS `cume_dist`
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
  rank_1.`cume_dist` <= 0.2
  AND rank_1.customer_id IN (
    SELECT
      customer_id
    FROM rank_2
    WHERE
      `cume_dist` <= 0.2
  )
  AND COALESCE(rank_3.`cume_dist`, rank_3_rest.zero_cume) <= 0.2;

-- at_risk (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order,
    COUNT(*) AS purchases
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  GROUP BY
    customer_id
), rank_1 AS (
  SELECT
    c.customer_id AS customer_id,
    CUME_DIST() OVER (ORDER BY orders_agg.last_order DESC) AS `cume_dist`
  FROM customers AS c
  JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
  WHERE
    (
      c.signup_at IS NULL
      OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
      OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  ) AS t
  CROSS JOIN (
    SELECT
      COUNT(*) AS ranked,
      COALESCE(SUM(CASE WHEN rank_value >= 0 THEN 1 ELSE 0 END), 0) AS at_zero
    FROM rank_2_rows
  ) AS e
), rank_2 AS (
  SELECT
    rank_2_rows.customer_id AS customer_id,
    CAST(COUNT(*) OVER (ORDER BY rank_2_rows.rank_value DESC) + CASE WHEN rank_2_rows.rank_value <= 0 THEN rank_2_rest.unranked ELSE 0 END AS DOUBLE) / rank_2_rest.total AS `cume_dist`
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
  (
    CAST(CASE
      WHEN rank_1.`cume_dist` <= 0.2
      THEN '5'
      WHEN rank_1.`cume_dist` <= 0.4
      THEN '4'
      WHEN rank_1.`cume_dist` <= 0.6
      THEN '3'
      WHEN rank_1.`cume_dist` <= 0.8
      THEN '2'
      ELSE '1'
    END AS BINARY) = CAST('1' AS BINARY)
    OR CAST(CASE
      WHEN rank_1.`cume_dist` <= 0.2
      THEN '5'
      WHEN rank_1.`cume_dist` <= 0.4
      THEN '4'
      WHEN rank_1.`cume_dist` <= 0.6
      THEN '3'
      WHEN rank_1.`cume_dist` <= 0.8
      THEN '2'
      ELSE '1'
    END AS BINARY) = CAST('2' AS BINARY)
  )
  AND (
    CAST(CASE
      WHEN COALESCE(rank_2.`cume_dist`, rank_2_rest.zero_cume) <= 0.2
      THEN '5'
      WHEN COALESCE(rank_2.`cume_dist`, rank_2_rest.zero_cume) <= 0.4
      THEN '4'
      WHEN COALESCE(rank_2.`cume_dist`, rank_2_rest.zero_cume) <= 0.6
      THEN '3'
      WHEN COALESCE(rank_2.`cume_dist`, rank_2_rest.zero_cume) <= 0.8
      THEN '2'
      ELSE '1'
    END AS BINARY) = CAST('4' AS BINARY)
    OR CAST(CASE
      WHEN COALESCE(rank_2.`cume_dist`, rank_2_rest.zero_cume) <= 0.2
      THEN '5'
      WHEN COALESCE(rank_2.`cume_dist`, rank_2_rest.zero_cume) <= 0.4
      THEN '4'
      WHEN COALESCE(rank_2.`cume_dist`, rank_2_rest.zero_cume) <= 0.6
      THEN '3'
      WHEN COALESCE(rank_2.`cume_dist`, rank_2_rest.zero_cume) <= 0.8
      THEN '2'
      ELSE '1'
    END AS BINARY) = CAST('5' AS BINARY)
  );

-- above_average_spenders (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    SUM(amount) AS total_spent,
    COUNT(*) AS purchases
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  GROUP BY
    customer_id
), population AS (
  SELECT
    CAST(SUM(
      CASE
        WHEN COALESCE(orders_agg.purchases, 0) > 0
        THEN COALESCE(orders_agg.total_spent, 0)
      END
    ) AS DOUBLE) / NULLIF(
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
  WHERE
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
    created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
    AND (
      created_at >= CAST('2026-10-31 23:00:00.000000' AS DATETIME(6))
      AND (
        created_at >= CAST('2026-10-31 23:00:00.000000' AS DATETIME(6))
        AND created_at < CAST('2026-11-30 23:00:00.000000' AS DATETIME(6))
      )
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6));

-- birthday_week (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
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
    created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
    AND created_at > CAST('2025-11-01 00:00:00.000000' AS DATETIME(6))
  GROUP BY
    customer_id
  HAVING
    COUNT(DISTINCT CAST(category AS BINARY)) >= 3
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6));

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
        ORDER BY trait_events DESC, trait_latest DESC, CAST(trait_value AS BINARY) DESC
      ) AS trait_rank
    FROM (
      SELECT
        customer_id,
        category AS trait_value,
        COUNT(*) AS trait_events,
        MAX(created_at) AS trait_latest
      FROM orders
      WHERE
        created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
        AND NOT (
          category IS NULL
        )
      GROUP BY
        customer_id,
        category,
        CAST(category AS BINARY)
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
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND CAST(orders_most_frequent_1.trait_value AS BINARY) = CAST('shoes' AS BINARY);

-- recent_shoe_buyers (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
    AND created_at > CAST('2026-10-02 00:00:00.000000' AS DATETIME(6))
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  (
    c.signup_at IS NULL
    OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
  )
  AND c.customer_id IN (
    SELECT
      customer_id
    FROM orders
    WHERE
      created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
      AND NOT (
        category IS NULL
      )
      AND NOT (
        customer_id IS NULL
      )
    GROUP BY
      customer_id
    HAVING
      MAX(CASE WHEN CAST(category AS BINARY) = CAST('shoes' AS BINARY) THEN created_at END) = MAX(created_at)
      AND (
        MAX(CASE WHEN CAST(category AS BINARY) > CAST('shoes' AS BINARY) THEN created_at END) IS NULL
        OR MAX(CASE WHEN CAST(category AS BINARY) > CAST('shoes' AS BINARY) THEN created_at END) < MAX(CASE WHEN CAST(category AS BINARY) = CAST('shoes' AS BINARY) THEN created_at END)
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
    created_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6))
    AND (
      created_at >= CAST('2026-09-27 22:00:00.000000' AS DATETIME(6))
      AND created_at < CAST('2026-10-25 23:00:00.000000' AS DATETIME(6))
    )
  GROUP BY
    customer_id
  HAVING
    (
      IF(
        COUNT(
          CASE
            WHEN created_at >= CAST('2026-10-18 22:00:00.000000' AS DATETIME(6))
            AND created_at < CAST('2026-10-25 23:00:00.000000' AS DATETIME(6))
            THEN 1
          END
        ) >= 1,
        1,
        0
      ) + IF(
        COUNT(
          CASE
            WHEN created_at >= CAST('2026-10-11 22:00:00.000000' AS DATETIME(6))
            AND created_at < CAST('2026-10-18 22:00:00.000000' AS DATETIME(6))
            THEN 1
          END
        ) >= 1,
        1,
        0
      ) + IF(
        COUNT(
          CASE
            WHEN created_at >= CAST('2026-10-04 22:00:00.000000' AS DATETIME(6))
            AND created_at < CAST('2026-10-11 22:00:00.000000' AS DATETIME(6))
            THEN 1
          END
        ) >= 1,
        1,
        0
      ) + IF(
        COUNT(
          CASE
            WHEN created_at >= CAST('2026-09-27 22:00:00.000000' AS DATETIME(6))
            AND created_at < CAST('2026-10-04 22:00:00.000000' AS DATETIME(6))
            THEN 1
          END
        ) >= 1,
        1,
        0
      )
    ) >= 3
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL
  OR c.signup_at <= CAST('2026-11-01 00:00:00.000000' AS DATETIME(6));

-- cart_abandoners (now)
WITH sequence_1 AS (
  SELECT
    customer_id
  FROM (
    SELECT
      s.customer_id AS customer_id,
      MAX(CASE WHEN s.is_first = 1 THEN s.event_at END) AS latest_first,
      MAX(CASE WHEN s.is_first = 0 THEN s.event_at END) AS latest_then
    FROM (
      SELECT
        e.customer_id AS customer_id,
        e.ts AS event_at,
        1 AS is_first
      FROM web_events AS e
      WHERE
        e.ts <= UTC_TIMESTAMP(6)
        AND NOT (
          e.customer_id IS NULL
        )
        AND (
          CAST(e.type AS BINARY) = CAST('add_to_cart' AS BINARY)
          AND e.ts > DATE_ADD(UTC_TIMESTAMP(6), INTERVAL -24 HOUR)
        )
      UNION ALL
      SELECT
        e.customer_id AS customer_id,
        e.created_at AS event_at,
        0 AS is_first
      FROM orders AS e
      WHERE
        e.created_at <= UTC_TIMESTAMP(6)
        AND NOT (
          e.customer_id IS NULL
        )
        AND e.created_at > DATE_ADD(UTC_TIMESTAMP(6), INTERVAL -24 HOUR)
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
  c.signup_at IS NULL OR c.signup_at <= UTC_TIMESTAMP(6);

-- lapsed (now)
WITH orders_agg AS (
  SELECT
    customer_id,
    MAX(created_at) AS last_order
  FROM orders
  WHERE
    created_at <= UTC_TIMESTAMP(6)
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
    c.signup_at IS NULL OR c.signup_at <= UTC_TIMESTAMP(6)
  )
  AND orders_agg.last_order <= DATE_ADD(UTC_TIMESTAMP(6), INTERVAL -180 DAY);

-- women_25_34 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= UTC_TIMESTAMP(6)
  )
  AND (
    CAST(c.gender AS BINARY) = CAST('female' AS BINARY)
    AND CAST(c.birth_date AS DATETIME(6)) <= DATE_ADD(UTC_TIMESTAMP(6), INTERVAL -25 YEAR)
    AND CAST(c.birth_date AS DATETIME(6)) > DATE_ADD(UTC_TIMESTAMP(6), INTERVAL -35 YEAR)
  );

-- active_12m (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= UTC_TIMESTAMP(6)
  )
  AND c.customer_id IN (
    SELECT
      customer_id AS customer_id
    FROM orders
    WHERE
      created_at <= UTC_TIMESTAMP(6)
      AND created_at > DATE_ADD(UTC_TIMESTAMP(6), INTERVAL -12 MONTH)
    UNION ALL
    SELECT
      customer_id AS customer_id
    FROM email_events
    WHERE
      ts <= UTC_TIMESTAMP(6)
      AND (
        (
          CAST(type AS BINARY) = CAST('open' AS BINARY)
          OR CAST(type AS BINARY) = CAST('click' AS BINARY)
        )
        AND ts > DATE_ADD(UTC_TIMESTAMP(6), INTERVAL -12 MONTH)
      )
  );

