-- variant: filter
SELECT customer_id FROM customers
WHERE country IN ('AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE')
  AND (signup_at IS NULL OR signup_at <= TIMESTAMP '2026-11-01 00:00:00')
