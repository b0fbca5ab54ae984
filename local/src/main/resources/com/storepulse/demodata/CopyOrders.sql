COPY fact_order (store_id, external_id, customer_id, date_key, ordered_at, kind, amount, currency, fx_rate_to_store, item_count, channel) FROM STDIN
