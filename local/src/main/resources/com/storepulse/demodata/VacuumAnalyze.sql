VACUUM (ANALYZE) dim_customer, fact_order
