-- signup_at in this month (as of 2026-11-01T00:00:00)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of each customer's zone (Europe/Warsaw without one): it knows no IANA time zones;

-- signup_at in this month (now)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of each customer's zone (Europe/Warsaw without one): it knows no IANA time zones;

-- signup_at in 2026-03 (as of 2026-11-01T00:00:00)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of each customer's zone (Europe/Warsaw without one): it knows no IANA time zones;

-- signup_at in 2026-03 (now)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of each customer's zone (Europe/Warsaw without one): it knows no IANA time zones;

-- birth_date in year to date (as of 2026-11-01T00:00:00)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of each customer's zone (Europe/Warsaw without one): it knows no IANA time zones;

-- birth_date in year to date (now)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of each customer's zone (Europe/Warsaw without one): it knows no IANA time zones;

-- hour(signup_at) < 9 (as of 2026-11-01T00:00:00)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of each customer's zone (Europe/Warsaw without one): it knows no IANA time zones;

-- hour(signup_at) < 9 (now)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of each customer's zone (Europe/Warsaw without one): it knows no IANA time zones;

-- count(orders where created_at in today) > 0 (as of 2026-11-01T00:00:00)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of each customer's zone (Europe/Warsaw without one): it knows no IANA time zones;

-- count(orders where created_at in today) > 0 (now)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of each customer's zone (Europe/Warsaw without one): it knows no IANA time zones;

-- anniversary(birth_date) in next 7 days (as of 2026-11-01T00:00:00)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of each customer's zone (Europe/Warsaw without one): it knows no IANA time zones;

-- anniversary(birth_date) in next 7 days (now)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of each customer's zone (Europe/Warsaw without one): it knows no IANA time zones;

-- active_days(orders) >= 2 (as of 2026-11-01T00:00:00)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of each customer's zone (Europe/Warsaw without one): it knows no IANA time zones;

-- active_days(orders) >= 2 (now)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of each customer's zone (Europe/Warsaw without one): it knows no IANA time zones;

-- count(orders) >= 1 in 2 of last 3 weeks (as of 2026-11-01T00:00:00)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of each customer's zone (Europe/Warsaw without one): it knows no IANA time zones;

-- count(orders) >= 1 in 2 of last 3 weeks (now)
-- Microsoft SQL Server 2017+ / Azure SQL cannot read a time on the clocks of each customer's zone (Europe/Warsaw without one): it knows no IANA time zones;

