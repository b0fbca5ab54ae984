-- The loader wrote explicit customer ids; move the identity past them.
SELECT setval(pg_get_serial_sequence('dim_customer', 'customer_id'), (SELECT max(customer_id) FROM dim_customer))
