CREATE TABLE customers(customer_id BIGINT, email VARCHAR, country VARCHAR, signup_at TIMESTAMP, birth_date DATE, gender VARCHAR, device_type VARCHAR, consent_email BOOLEAN);
CREATE TABLE email_events(customer_id BIGINT, "type" VARCHAR, ts TIMESTAMP, campaign VARCHAR);
CREATE TABLE orders(order_id BIGINT, customer_id BIGINT, created_at TIMESTAMP, amount DECIMAL(12,2), category VARCHAR);
CREATE TABLE web_events(customer_id BIGINT, "type" VARCHAR, ts TIMESTAMP, category VARCHAR);

