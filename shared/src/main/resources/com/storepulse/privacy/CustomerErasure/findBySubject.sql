-- The store's erasure of this customer, if any: :subjects is the customer's keyed hash under every
-- configured key (a rotated key still finds the requests made under the former one).
SELECT erasure_id, store_id, requested_at, completed_at, completed_at <= now() AS completed, customer_found,
       orders_kept, score_rows_deleted, webhook_events_deleted
FROM customer_erasure
WHERE store_id = :storeId AND subject_hash = ANY (ARRAY(SELECT decode(x, 'hex') FROM unnest(CAST(:subjects AS text[])) AS x))
