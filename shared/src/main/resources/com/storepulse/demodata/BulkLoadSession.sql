-- A bulk load runs far longer than a request may: lift the pool's statement timeout for this
-- transaction only, and give index builds room.
SET LOCAL statement_timeout = 0;
SET LOCAL maintenance_work_mem = '512MB';
-- Customer ids are assigned by the loader (orders refer to them in the same COPY stream), so no
-- one else may insert customers or orders meanwhile.
LOCK TABLE dim_customer, fact_order IN SHARE ROW EXCLUSIVE MODE;
