COPY stage_order (external_id, customer_external_id, ordered_at, amount, currency, kind, source_updated_at, is_deleted) FROM STDIN
