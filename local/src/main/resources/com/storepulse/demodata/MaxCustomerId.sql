SELECT coalesce(max(customer_id), 0) FROM dim_customer
