COPY dim_customer (customer_id, store_id, external_id, email, first_name, last_name, country, signed_up_at) FROM STDIN
