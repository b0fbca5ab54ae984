SELECT nextval(pg_get_serial_sequence('tenant', 'tenant_id'))
