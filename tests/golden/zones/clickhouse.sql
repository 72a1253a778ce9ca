-- signup_at in this month (as of 2026-11-01T00:00:00)
-- ClickHouse 23+ cannot read times on the clocks of each customer's own zone (the attribute 'time_zone'): it takes only a zone written into the query;

-- signup_at in this month (now)
-- ClickHouse 23+ cannot read times on the clocks of each customer's own zone (the attribute 'time_zone'): it takes only a zone written into the query;

-- signup_at in 2026-03 (as of 2026-11-01T00:00:00)
-- ClickHouse 23+ cannot read times on the clocks of each customer's own zone (the attribute 'time_zone'): it takes only a zone written into the query;

-- signup_at in 2026-03 (now)
-- ClickHouse 23+ cannot read times on the clocks of each customer's own zone (the attribute 'time_zone'): it takes only a zone written into the query;

-- birth_date in year to date (as of 2026-11-01T00:00:00)
-- ClickHouse 23+ cannot read times on the clocks of each customer's own zone (the attribute 'time_zone'): it takes only a zone written into the query;

-- birth_date in year to date (now)
-- ClickHouse 23+ cannot read times on the clocks of each customer's own zone (the attribute 'time_zone'): it takes only a zone written into the query;

-- hour(signup_at) < 9 (as of 2026-11-01T00:00:00)
-- ClickHouse 23+ cannot read times on the clocks of each customer's own zone (the attribute 'time_zone'): it takes only a zone written into the query;

-- hour(signup_at) < 9 (now)
-- ClickHouse 23+ cannot read times on the clocks of each customer's own zone (the attribute 'time_zone'): it takes only a zone written into the query;

-- count(orders where created_at in today) > 0 (as of 2026-11-01T00:00:00)
-- ClickHouse 23+ cannot read times on the clocks of each customer's own zone (the attribute 'time_zone'): it takes only a zone written into the query;

-- count(orders where created_at in today) > 0 (now)
-- ClickHouse 23+ cannot read times on the clocks of each customer's own zone (the attribute 'time_zone'): it takes only a zone written into the query;

-- anniversary(birth_date) in next 7 days (as of 2026-11-01T00:00:00)
-- ClickHouse 23+ cannot read times on the clocks of each customer's own zone (the attribute 'time_zone'): it takes only a zone written into the query;

-- anniversary(birth_date) in next 7 days (now)
-- ClickHouse 23+ cannot read times on the clocks of each customer's own zone (the attribute 'time_zone'): it takes only a zone written into the query;

-- active_days(orders) >= 2 (as of 2026-11-01T00:00:00)
-- ClickHouse 23+ cannot read times on the clocks of each customer's own zone (the attribute 'time_zone'): it takes only a zone written into the query;

-- active_days(orders) >= 2 (now)
-- ClickHouse 23+ cannot read times on the clocks of each customer's own zone (the attribute 'time_zone'): it takes only a zone written into the query;

-- count(orders) >= 1 in 2 of last 3 weeks (as of 2026-11-01T00:00:00)
-- ClickHouse 23+ cannot read times on the clocks of each customer's own zone (the attribute 'time_zone'): it takes only a zone written into the query;

-- count(orders) >= 1 in 2 of last 3 weeks (now)
-- ClickHouse 23+ cannot read times on the clocks of each customer's own zone (the attribute 'time_zone'): it takes only a zone written into the query;

