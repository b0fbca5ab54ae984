-- A bulk load runs far longer than a request may: lift the pool's statement timeout for this
-- transaction only. Give the customer-totals aggregate (one group per customer), the foreign-key
-- checks and the index builds memory, so they do not spill to disk.
SET LOCAL statement_timeout = 0;
SET LOCAL work_mem = '256MB';
SET LOCAL maintenance_work_mem = '512MB';
-- Customer ids are assigned by the loader (orders refer to them in the same COPY stream), so no
-- one else may insert customers or orders meanwhile.
LOCK TABLE dim_customer, fact_order IN SHARE ROW EXCLUSIVE MODE;
