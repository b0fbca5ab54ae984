-- The placeholder this transaction inserted for a stale order's customer: nothing else refers to it
-- (it is not committed, and the stale order was not written).
DELETE FROM dim_customer WHERE customer_id = :customerId AND source_updated_at IS NULL
