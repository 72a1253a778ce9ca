-- last_order in this month (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS DATETIME2)
    AND (
      created_at >= CAST('2026-10-31 23:00:00' AS DATETIME2)
      AND (
        created_at >= CAST('2026-10-31 23:00:00' AS DATETIME2)
        AND created_at < CAST('2026-11-30 23:00:00' AS DATETIME2)
      )
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS DATETIME2);

-- last_order in this month (now)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of Europe/Warsaw: it knows no IANA time zones;

-- signup_at in last 3 weeks (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS DATETIME2)
  )
  AND (
    c.signup_at >= CAST('2026-10-04 22:00:00' AS DATETIME2)
    AND c.signup_at < CAST('2026-10-25 23:00:00' AS DATETIME2)
  );

-- signup_at in last 3 weeks (now)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of Europe/Warsaw: it knows no IANA time zones;

-- birth_date in year to date (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS DATETIME2)
  )
  AND (
    c.birth_date >= CAST('2026-01-01' AS DATE)
    AND c.birth_date < CAST('2026-11-02' AS DATE)
  );

-- birth_date in year to date (now)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of Europe/Warsaw: it knows no IANA time zones;

-- signup_at in 2026-03 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS DATETIME2)
  )
  AND (
    c.signup_at >= CAST('2026-02-28 23:00:00' AS DATETIME2)
    AND c.signup_at < CAST('2026-03-31 22:00:00' AS DATETIME2)
  );

-- signup_at in 2026-03 (now)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= SYSUTCDATETIME()
  )
  AND (
    c.signup_at >= CAST('2026-02-28 23:00:00' AS DATETIME2)
    AND c.signup_at < CAST('2026-03-31 22:00:00' AS DATETIME2)
  );

-- weekday(last_order) >= 6 and hour(signup_at) < 9 (as of 2026-11-01T00:00:00)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of Europe/Warsaw: it knows no IANA time zones;

-- weekday(last_order) >= 6 and hour(signup_at) < 9 (now)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of Europe/Warsaw: it knows no IANA time zones;

-- count(orders where created_at in today) > 0 (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM (
  SELECT DISTINCT
    customer_id AS customer_id
  FROM orders
  WHERE
    created_at <= CAST('2026-11-01 00:00:00' AS DATETIME2)
    AND (
      created_at >= CAST('2026-10-31 23:00:00' AS DATETIME2)
      AND created_at < CAST('2026-11-01 23:00:00' AS DATETIME2)
    )
) AS recent_keys
INNER JOIN customers AS c
  ON c.customer_id = recent_keys.customer_id
WHERE
  c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS DATETIME2);

-- count(orders where created_at in today) > 0 (now)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of Europe/Warsaw: it knows no IANA time zones;

-- anniversary(birth_date) in next 7 days (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS DATETIME2)
  )
  AND (
    (
      DATEPART(month, c.birth_date) = 11
      AND DATEPART(day, c.birth_date) >= 2
      AND DATEPART(day, c.birth_date) < 9
    )
    AND c.birth_date < CAST('2026-01-01' AS DATE)
  );

-- anniversary(birth_date) in next 7 days (now)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of Europe/Warsaw: it knows no IANA time zones;

-- anniversary(signup_at) in today (as of 2026-11-01T00:00:00)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of Europe/Warsaw: it knows no IANA time zones;

-- anniversary(signup_at) in today (now)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of Europe/Warsaw: it knows no IANA time zones;

-- signup_at in next month (as of 2026-11-01T00:00:00)
SELECT
  c.customer_id
FROM customers AS c
WHERE
  (
    c.signup_at IS NULL OR c.signup_at <= CAST('2026-11-01 00:00:00' AS DATETIME2)
  )
  AND (
    c.signup_at >= CAST('2026-11-30 23:00:00' AS DATETIME2)
    AND c.signup_at < CAST('2026-12-31 23:00:00' AS DATETIME2)
  );

-- signup_at in next month (now)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of Europe/Warsaw: it knows no IANA time zones;

