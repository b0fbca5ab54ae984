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
