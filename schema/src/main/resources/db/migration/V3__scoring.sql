-- Scoring, version 3: what the scorer needs beyond V1's model_fit and customer_score.

-- The refit rule compares new orders with the data the fit saw; a pooled fit names its stores.
ALTER TABLE model_fit
    ADD COLUMN purchase_days     bigint,
    ADD COLUMN pooled_store_ids  bigint[],
    ADD COLUMN l2_penalty        double precision NOT NULL DEFAULT 0;

-- One row per store: the fit and the RFM breakpoints of the last full rescoring, which an
-- incremental rescoring reuses so a few customers are scored on the same store-wide scale.
CREATE TABLE store_scoring_state (
    store_id          bigint      PRIMARY KEY REFERENCES store (store_id),
    model_fit_id      bigint      NOT NULL REFERENCES model_fit (model_fit_id),
    rfm_breakpoints   jsonb       NOT NULL,
    as_of             timestamptz NOT NULL,
    customers_scored  integer     NOT NULL,
    updated_at        timestamptz NOT NULL DEFAULT now()
);

-- customer_score is rewritten in bulk (a million rows per large store). Its foreign keys to the
-- small tables cost a trigger call per written row, more than half the insert time measured here
-- (EXPLAIN ANALYZE, 100,000 rows: 1.5 s of 2.7 s). The scorer is the only writer and guarantees
-- them itself: store_id comes from dim_customer, model_fit_id is inserted first in the same
-- transaction, archetype_id comes from a fixed enum (kept by a CHECK). The foreign key to
-- dim_customer stays: deleting a customer must cascade to their score.
ALTER TABLE customer_score
    DROP CONSTRAINT customer_score_store_id_fkey,
    DROP CONSTRAINT customer_score_archetype_id_fkey,
    DROP CONSTRAINT customer_score_model_fit_id_fkey,
    ADD CONSTRAINT customer_score_archetype_id_range CHECK (archetype_id BETWEEN 1 AND 11);
