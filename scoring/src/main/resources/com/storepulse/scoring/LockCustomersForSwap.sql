-- The swap's first step: no customer can be deleted (or soft-deleted) until it commits, while
-- readers carry on. Customers deleted before this point are all visible to SwapInLoadTable.sql;
-- later ones wait and then hit the new partition through dim_customer_delete_scores.
LOCK TABLE dim_customer IN SHARE ROW EXCLUSIVE MODE
