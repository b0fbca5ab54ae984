-- Fresh statistics before the totals UPDATE and the foreign-key checks, so the planner sees a
-- million customers rather than an empty table (ANALYZE may run inside the load's transaction).
ANALYZE dim_customer, fact_order
