COPY stage_customer (external_id, email, first_name, last_name, signed_up_at, source_updated_at, is_deleted) FROM STDIN
