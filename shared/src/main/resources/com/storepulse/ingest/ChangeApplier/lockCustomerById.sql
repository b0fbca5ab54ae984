SELECT customer_id FROM dim_customer WHERE customer_id = :customerId FOR UPDATE
