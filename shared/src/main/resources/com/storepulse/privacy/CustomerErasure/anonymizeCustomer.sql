-- What is left of an erased customer: the row the orders point at, without anything personal (V18's
-- dim_customer_erased_is_anonymous checks it). Soft-deleted, so lists, counts and scoring leave it
-- out (the store_live_customers trigger counts it out in this transaction); order_count,
-- total_spend and the order dates stay, as the orders do.
UPDATE dim_customer
SET external_id       = :token,
    email             = NULL,
    first_name        = NULL,
    last_name         = NULL,
    country           = NULL,
    signed_up_at      = NULL,
    source_updated_at = NULL,
    deleted_at        = coalesce(deleted_at, now()),
    erased_at         = now(),
    updated_at        = now()
WHERE store_id = :storeId AND customer_id = :customerId
