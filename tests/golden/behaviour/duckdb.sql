-- last(orders.category) = "shoes" (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  )
  AND c.customer_id IN (
    SELECT
      customer_id
    FROM orders
    WHERE
      created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
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

-- first(orders.amount where category is present) > 50 (as of 2026-11-01T00:00:00)
WITH orders_first_1 AS (
  SELECT
    customer_id,
    trait_value
  FROM (
    SELECT
      customer_id,
      trait_value,
      ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY trait_latest ASC, trait_value ASC) AS trait_rank
    FROM (
      SELECT
        customer_id,
        amount AS trait_value,
        created_at AS trait_latest
      FROM orders
      WHERE
        created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
        AND NOT (
          amount IS NULL
        )
        AND NOT (
          category IS NULL
        )
    ) AS trait_rows
  ) AS ranked
  WHERE
    trait_rank = 1
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_first_1
  ON orders_first_1.customer_id = c.customer_id
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  )
  AND orders_first_1.trait_value > 50;

-- most_frequent(web.category where type = "view") = "shoes" (as of 2026-11-01T00:00:00)
WITH web_most_frequent_1 AS (
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
        MAX(ts) AS trait_latest
      FROM web_events
      WHERE
        ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
        AND NOT (
          category IS NULL
        )
        AND type = 'view'
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
LEFT JOIN web_most_frequent_1
  ON web_most_frequent_1.customer_id = c.customer_id
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  )
  AND web_most_frequent_1.trait_value = 'shoes';

-- count(distinct orders.category where created_at < 365d) >= 3 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
    AND created_at > CAST('2025-11-01 00:00:00' AS TIMESTAMP)
  GROUP BY
    customer_id
  HAVING
    COUNT(DISTINCT category) >= 3
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP);

-- active_days(web where ts < 30d) >= 4 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT
    customer_id AS customer_id
  FROM web_events
  WHERE
    ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
    AND ts > CAST('2026-10-02 00:00:00' AS TIMESTAMP)
  GROUP BY
    customer_id
  HAVING
    COUNT(DISTINCT CAST(TIMEZONE('Europe/Warsaw', TIMEZONE('UTC', ts)) AS DATE)) >= 4
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP);

-- split("spring24") < 10% (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  )
  AND CAST('0x' || SUBSTR(MD5('spring24:' || CAST(c.customer_id AS TEXT)), 1, 8) AS BIGINT) < 429496730;

-- not split("spring24") between 10% and 55% (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  )
  AND NOT (
    CAST('0x' || SUBSTR(MD5('spring24:' || CAST(c.customer_id AS TEXT)), 1, 8) AS BIGINT) >= 429496730
    AND CAST('0x' || SUBSTR(MD5('spring24:' || CAST(c.customer_id AS TEXT)), 1, 8) AS BIGINT) <= 2362232012
  );

-- count(orders where created_at < signup_at + 1mo) >= 2 (as of 2026-11-01T00:00:00)
WITH anchors_1 AS (
  SELECT
    c.customer_id AS anchor_key,
    c.signup_at AS anchor_1
  FROM customers AS c
  WHERE
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
), orders_agg_1 AS (
  SELECT
    e.customer_id AS customer_id,
    COUNT(*) AS count_orders_1
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
    AND e.created_at < anchor.anchor_1 + INTERVAL '1' MONTH
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
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  )
  AND COALESCE(orders_agg_1.count_orders_1, 0) >= 2;

-- count(orders where created_at > last_click) > 0 and last(web.category where ts >= signup_at) = "shoes" (as of 2026-11-01T00:00:00)
WITH email_agg AS (
  SELECT
    customer_id,
    MAX(ts) AS last_click
  FROM email_events
  WHERE
    ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP) AND type = 'click'
  GROUP BY
    customer_id
), anchors_1 AS (
  SELECT
    c.customer_id AS anchor_key,
    email_agg.last_click AS anchor_1,
    c.signup_at AS anchor_2
  FROM customers AS c
  LEFT JOIN email_agg
    ON email_agg.customer_id = c.customer_id
  WHERE
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
), orders_agg_1 AS (
  SELECT
    e.customer_id AS customer_id,
    COUNT(*) AS count_orders_1
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
    AND e.created_at > anchor.anchor_1
  GROUP BY
    e.customer_id
), web_last_1 AS (
  SELECT
    customer_id,
    trait_value
  FROM (
    SELECT
      customer_id,
      trait_value,
      ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY trait_latest DESC, trait_value DESC) AS trait_rank
    FROM (
      SELECT
        e.customer_id AS customer_id,
        e.category AS trait_value,
        e.ts AS trait_latest
      FROM web_events AS e
      JOIN anchors_1 AS anchor
        ON anchor.anchor_key = e.customer_id
      WHERE
        e.ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
        AND NOT (
          e.category IS NULL
        )
        AND e.ts >= anchor.anchor_2
    ) AS trait_rows
  ) AS ranked
  WHERE
    trait_rank = 1
)
SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN orders_agg_1
  ON orders_agg_1.customer_id = c.customer_id
LEFT JOIN web_last_1
  ON web_last_1.customer_id = c.customer_id
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  )
  AND (
    COALESCE(orders_agg_1.count_orders_1, 0) > 0 AND web_last_1.trait_value = 'shoes'
  );

-- sum(orders.amount where created_at < first_order + 30d and created_at > last_open) > 100 (as of 2026-11-01T00:00:00)
WITH orders_agg AS (
  SELECT
    customer_id,
    MIN(created_at) AS first_order
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  GROUP BY
    customer_id
), email_agg AS (
  SELECT
    customer_id,
    MAX(ts) AS last_open
  FROM email_events
  WHERE
    ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP) AND type = 'open'
  GROUP BY
    customer_id
), anchors_1 AS (
  SELECT
    c.customer_id AS anchor_key,
    orders_agg.first_order AS anchor_1,
    email_agg.last_open AS anchor_2
  FROM customers AS c
  LEFT JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
  LEFT JOIN email_agg
    ON email_agg.customer_id = c.customer_id
  WHERE
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
), orders_agg_1 AS (
  SELECT
    e.customer_id AS customer_id,
    SUM(e.amount) AS sum_amount_1
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
    AND e.created_at < anchor.anchor_1 + INTERVAL '30' DAY
    AND e.created_at > anchor.anchor_2
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
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  )
  AND COALESCE(orders_agg_1.sum_amount_1, 0) > 100;

-- email where type = "click" then orders within 7d without email where type = "unsubscribe" (as of 2026-11-01T00:00:00)
WITH sequence_1_first AS (
  SELECT DISTINCT
    e.customer_id AS customer_id,
    e.ts AS first_at
  FROM email_events AS e
  WHERE
    e.ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
    AND NOT (
      e.customer_id IS NULL
    )
    AND e.type = 'click'
), sequence_1 AS (
  SELECT DISTINCT
    f.customer_id AS customer_id
  FROM sequence_1_first AS f
  LEFT JOIN (
    SELECT
      f.customer_id AS customer_id,
      f.first_at AS first_at,
      MIN(e.created_at) AS next_at
    FROM sequence_1_first AS f
    INNER JOIN orders AS e
      ON e.customer_id = f.customer_id
    WHERE
      e.created_at > f.first_at
      AND e.created_at < f.first_at + INTERVAL '7' DAY
      AND e.created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
      AND NOT (
        e.customer_id IS NULL
      )
    GROUP BY
      f.customer_id,
      f.first_at
  ) AS followed
    ON followed.customer_id = f.customer_id AND followed.first_at = f.first_at
  LEFT JOIN (
    SELECT
      f.customer_id AS customer_id,
      f.first_at AS first_at,
      MIN(e.ts) AS next_at
    FROM sequence_1_first AS f
    INNER JOIN email_events AS e
      ON e.customer_id = f.customer_id
    WHERE
      e.ts > f.first_at
      AND e.ts < f.first_at + INTERVAL '7' DAY
      AND e.ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
      AND NOT (
        e.customer_id IS NULL
      )
      AND e.type = 'unsubscribe'
    GROUP BY
      f.customer_id,
      f.first_at
  ) AS crossed
    ON crossed.customer_id = f.customer_id AND crossed.first_at = f.first_at
  WHERE
    NOT (
      followed.next_at IS NULL
    )
    AND (
      crossed.next_at IS NULL OR crossed.next_at >= followed.next_at
    )
)
SELECT
  c.customer_id
FROM sequence_1
INNER JOIN customers AS c
  ON c.customer_id = sequence_1.customer_id
WHERE
  c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP);

-- web where type = "add_to_cart" and ts < 7d then no orders within 1mo (as of 2026-11-01T00:00:00)
WITH sequence_1 AS (
  SELECT DISTINCT
    e.customer_id AS customer_id
  FROM web_events AS e
  WHERE
    e.ts <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
    AND NOT (
      e.customer_id IS NULL
    )
    AND (
      e.type = 'add_to_cart' AND e.ts > CAST('2026-10-25 00:00:00' AS TIMESTAMP)
    )
    AND e.ts + INTERVAL '1' MONTH <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
    AND NOT EXISTS(
      SELECT
        1
      FROM orders AS n
      WHERE
        n.customer_id = e.customer_id
        AND n.created_at > e.ts
        AND n.created_at < e.ts + INTERVAL '1' MONTH
        AND n.created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
    )
)
SELECT
  c.customer_id
FROM sequence_1
INNER JOIN customers AS c
  ON c.customer_id = sequence_1.customer_id
WHERE
  c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP);

-- country = "DE" and not consent_email (examples/history/schema.yaml, as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT
    entity.customer_id AS customer_id,
    entity.email AS email,
    CASE WHEN winner.customer_id IS NULL THEN entity.country ELSE winner.country END AS country,
    entity.signup_at AS signup_at,
    CASE
      WHEN winner.customer_id IS NULL
      THEN entity.consent_email
      ELSE winner.consent_email
    END AS consent_email
  FROM customers AS entity
  LEFT JOIN (
    SELECT
      customer_id,
      country,
      consent_email
    FROM (
      SELECT
        customer_id,
        country,
        consent_email,
        ROW_NUMBER() OVER (
          PARTITION BY customer_id
          ORDER BY valid_from DESC, CASE WHEN country IS NULL THEN 0 ELSE 1 END DESC, country DESC, CASE WHEN consent_email IS NULL THEN 0 ELSE 1 END DESC, consent_email DESC
        ) AS history_rank
      FROM customer_history
      WHERE
        valid_from <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
        AND (
          valid_to IS NULL OR valid_to > CAST('2026-11-01 00:00:00' AS TIMESTAMP)
        )
    ) AS ranked
    WHERE
      history_rank = 1
  ) AS winner
    ON winner.customer_id = entity.customer_id
) AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  )
  AND (
    c.country = 'DE' AND NOT COALESCE(c.consent_email, FALSE)
  );

-- count(orders where country = "DE") >= 1 (examples/history/schema.yaml, as of 2026-11-01T00:00:00)
WITH anchors_1 AS (
  SELECT
    c.customer_id AS anchor_key,
    c.country AS anchor_1
  FROM (
    SELECT
      entity.customer_id AS customer_id,
      entity.email AS email,
      CASE WHEN winner.customer_id IS NULL THEN entity.country ELSE winner.country END AS country,
      entity.signup_at AS signup_at,
      CASE
        WHEN winner.customer_id IS NULL
        THEN entity.consent_email
        ELSE winner.consent_email
      END AS consent_email
    FROM customers AS entity
    LEFT JOIN (
      SELECT
        customer_id,
        country,
        consent_email
      FROM (
        SELECT
          customer_id,
          country,
          consent_email,
          ROW_NUMBER() OVER (
            PARTITION BY customer_id
            ORDER BY valid_from DESC, CASE WHEN country IS NULL THEN 0 ELSE 1 END DESC, country DESC, CASE WHEN consent_email IS NULL THEN 0 ELSE 1 END DESC, consent_email DESC
          ) AS history_rank
        FROM customer_history
        WHERE
          valid_from <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
          AND (
            valid_to IS NULL OR valid_to > CAST('2026-11-01 00:00:00' AS TIMESTAMP)
          )
      ) AS ranked
      WHERE
        history_rank = 1
    ) AS winner
      ON winner.customer_id = entity.customer_id
  ) AS c
  WHERE
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
), orders_agg_1 AS (
  SELECT
    e.customer_id AS customer_id,
    COUNT(*) AS count_orders_1
  FROM orders AS e
  JOIN anchors_1 AS anchor
    ON anchor.anchor_key = e.customer_id
  WHERE
    e.created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
    AND anchor.anchor_1 = 'DE'
  GROUP BY
    e.customer_id
)
SELECT
  c.customer_id
FROM (
  SELECT
    entity.customer_id AS customer_id,
    entity.email AS email,
    CASE WHEN winner.customer_id IS NULL THEN entity.country ELSE winner.country END AS country,
    entity.signup_at AS signup_at,
    CASE
      WHEN winner.customer_id IS NULL
      THEN entity.consent_email
      ELSE winner.consent_email
    END AS consent_email
  FROM customers AS entity
  LEFT JOIN (
    SELECT
      customer_id,
      country,
      consent_email
    FROM (
      SELECT
        customer_id,
        country,
        consent_email,
        ROW_NUMBER() OVER (
          PARTITION BY customer_id
          ORDER BY valid_from DESC, CASE WHEN country IS NULL THEN 0 ELSE 1 END DESC, country DESC, CASE WHEN consent_email IS NULL THEN 0 ELSE 1 END DESC, consent_email DESC
        ) AS history_rank
      FROM customer_history
      WHERE
        valid_from <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
        AND (
          valid_to IS NULL OR valid_to > CAST('2026-11-01 00:00:00' AS TIMESTAMP)
        )
    ) AS ranked
    WHERE
      history_rank = 1
  ) AS winner
    ON winner.customer_id = entity.customer_id
) AS c
LEFT JOIN orders_agg_1
  ON orders_agg_1.customer_id = c.customer_id
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  )
  AND COALESCE(orders_agg_1.count_orders_1, 0) >= 1;

-- top 10% by purchases and country in EU (examples/history/schema.yaml, as of 2026-11-01T00:00:00)
WITH candidates AS (
  SELECT
    c.customer_id
  FROM (
    SELECT
      entity.customer_id AS customer_id,
      entity.email AS email,
      CASE WHEN winner.customer_id IS NULL THEN entity.country ELSE winner.country END AS country,
      entity.signup_at AS signup_at,
      CASE
        WHEN winner.customer_id IS NULL
        THEN entity.consent_email
        ELSE winner.consent_email
      END AS consent_email
    FROM customers AS entity
    LEFT JOIN (
      SELECT
        customer_id,
        country,
        consent_email
      FROM (
        SELECT
          customer_id,
          country,
          consent_email,
          ROW_NUMBER() OVER (
            PARTITION BY customer_id
            ORDER BY valid_from DESC, CASE WHEN country IS NULL THEN 0 ELSE 1 END DESC, country DESC, CASE WHEN consent_email IS NULL THEN 0 ELSE 1 END DESC, consent_email DESC
          ) AS history_rank
        FROM customer_history
        WHERE
          valid_from <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
          AND (
            valid_to IS NULL OR valid_to > CAST('2026-11-01 00:00:00' AS TIMESTAMP)
          )
      ) AS ranked
      WHERE
        history_rank = 1
    ) AS winner
      ON winner.customer_id = entity.customer_id
  ) AS c
  WHERE
    (
      c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
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
    )
), orders_agg AS (
  SELECT
    customer_id,
    COUNT(*) AS purchases
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
  GROUP BY
    customer_id
), rank_1_rows AS (
  SELECT
    c.customer_id AS customer_id,
    COALESCE(orders_agg.purchases, 0) AS rank_value
  FROM (
    SELECT
      entity.customer_id AS customer_id,
      entity.email AS email,
      CASE WHEN winner.customer_id IS NULL THEN entity.country ELSE winner.country END AS country,
      entity.signup_at AS signup_at,
      CASE
        WHEN winner.customer_id IS NULL
        THEN entity.consent_email
        ELSE winner.consent_email
      END AS consent_email
    FROM customers AS entity
    LEFT JOIN (
      SELECT
        customer_id,
        country,
        consent_email
      FROM (
        SELECT
          customer_id,
          country,
          consent_email,
          ROW_NUMBER() OVER (
            PARTITION BY customer_id
            ORDER BY valid_from DESC, CASE WHEN country IS NULL THEN 0 ELSE 1 END DESC, country DESC, CASE WHEN consent_email IS NULL THEN 0 ELSE 1 END DESC, consent_email DESC
          ) AS history_rank
        FROM customer_history
        WHERE
          valid_from <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
          AND (
            valid_to IS NULL OR valid_to > CAST('2026-11-01 00:00:00' AS TIMESTAMP)
          )
      ) AS ranked
      WHERE
        history_rank = 1
    ) AS winner
      ON winner.customer_id = entity.customer_id
  ) AS c
  JOIN orders_agg
    ON orders_agg.customer_id = c.customer_id
  WHERE
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
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
    FROM (
      SELECT
        entity.customer_id AS customer_id,
        entity.email AS email,
        CASE WHEN winner.customer_id IS NULL THEN entity.country ELSE winner.country END AS country,
        entity.signup_at AS signup_at,
        CASE
          WHEN winner.customer_id IS NULL
          THEN entity.consent_email
          ELSE winner.consent_email
        END AS consent_email
      FROM customers AS entity
      LEFT JOIN (
        SELECT
          customer_id,
          country,
          consent_email
        FROM (
          SELECT
            customer_id,
            country,
            consent_email,
            ROW_NUMBER() OVER (
              PARTITION BY customer_id
              ORDER BY valid_from DESC, CASE WHEN country IS NULL THEN 0 ELSE 1 END DESC, country DESC, CASE WHEN consent_email IS NULL THEN 0 ELSE 1 END DESC, consent_email DESC
            ) AS history_rank
          FROM customer_history
          WHERE
            valid_from <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
            AND (
              valid_to IS NULL OR valid_to > CAST('2026-11-01 00:00:00' AS TIMESTAMP)
            )
        ) AS ranked
        WHERE
          history_rank = 1
      ) AS winner
        ON winner.customer_id = entity.customer_id
    ) AS c
    WHERE
      c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
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
FROM (
  SELECT
    entity.customer_id AS customer_id,
    entity.email AS email,
    CASE WHEN winner.customer_id IS NULL THEN entity.country ELSE winner.country END AS country,
    entity.signup_at AS signup_at,
    CASE
      WHEN winner.customer_id IS NULL
      THEN entity.consent_email
      ELSE winner.consent_email
    END AS consent_email
  FROM customers AS entity
  LEFT JOIN (
    SELECT
      customer_id,
      country,
      consent_email
    FROM (
      SELECT
        customer_id,
        country,
        consent_email,
        ROW_NUMBER() OVER (
          PARTITION BY customer_id
          ORDER BY valid_from DESC, CASE WHEN country IS NULL THEN 0 ELSE 1 END DESC, country DESC, CASE WHEN consent_email IS NULL THEN 0 ELSE 1 END DESC, consent_email DESC
        ) AS history_rank
      FROM customer_history
      WHERE
        valid_from <= CAST('2026-11-01 00:00:00' AS TIMESTAMP)
        AND (
          valid_to IS NULL OR valid_to > CAST('2026-11-01 00:00:00' AS TIMESTAMP)
        )
    ) AS ranked
    WHERE
      history_rank = 1
  ) AS winner
    ON winner.customer_id = entity.customer_id
) AS c
LEFT JOIN rank_1
  ON rank_1.customer_id = c.customer_id
CROSS JOIN rank_1_rest
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
    AND COALESCE(rank_1.cume_dist, rank_1_rest.zero_cume) <= 0.1
  );

