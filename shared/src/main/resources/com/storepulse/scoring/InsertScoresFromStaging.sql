-- Rows arrive sorted by customer_id (the scorer sorts them), which keeps the primary key's
-- inserts local.
INSERT INTO customer_score SELECT * FROM customer_score_staging
