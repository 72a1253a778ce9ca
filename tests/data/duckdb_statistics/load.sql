COPY customers FROM 'duckdb_statistics/customers.csv' (FORMAT 'csv', allow_quoted_nulls false, quote '"', delimiter ',', header 1);
COPY email_events FROM 'duckdb_statistics/email_events.csv' (FORMAT 'csv', allow_quoted_nulls false, quote '"', delimiter ',', header 1);
COPY orders FROM 'duckdb_statistics/orders.csv' (FORMAT 'csv', allow_quoted_nulls false, quote '"', delimiter ',', header 1);
COPY web_events FROM 'duckdb_statistics/web_events.csv' (FORMAT 'csv', allow_quoted_nulls false, quote '"', delimiter ',', header 1);
