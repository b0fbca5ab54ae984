-- Customer query API, version 4: the indexes the list, search and summary queries need beyond V1.
-- IF NOT EXISTS: the benchmark database gets these by psql before Flyway sees this file.

-- Keyset pages by recency. last_order_at is NULL for a customer without orders; the sort key is
-- COALESCE(last_order_at, '-infinity') so every row has a value and (key, customer_id) is a total
-- order the row comparison of the keyset can walk. The query must spell the same expression.
CREATE INDEX IF NOT EXISTS customer_score_store_recency_idx
    ON customer_score (store_id, (COALESCE(last_order_at, '-infinity'::timestamptz)) DESC, customer_id DESC);

-- Keyset pages by total spend (NOT NULL column, no sentinel needed).
CREATE INDEX IF NOT EXISTS customer_score_store_spend_idx
    ON customer_score (store_id, total_spend DESC, customer_id DESC);

-- Store aggregates (archetype breakdown, summary) as an index-only scan of one store's entries
-- instead of ~10k heap pages: every column those GROUP BYs read is in the index.
CREATE INDEX IF NOT EXISTS customer_score_store_aggregates_idx
    ON customer_score (store_id) INCLUDE (archetype_id, predicted_ltv, churn_risk, last_order_at);

-- q= is case-insensitive on the retailer's customer id too; V1's external-id prefix index is
-- case-sensitive (it serves upserts' exact look-ups), so search gets a lower() one.
CREATE INDEX IF NOT EXISTS dim_customer_store_external_lower_prefix_idx
    ON dim_customer (store_id, lower(external_id) text_pattern_ops);

-- Live customers per store (GET /v1/stores, summary) counted from the index alone.
CREATE INDEX IF NOT EXISTS dim_customer_store_live_idx
    ON dim_customer (store_id) WHERE deleted_at IS NULL;
