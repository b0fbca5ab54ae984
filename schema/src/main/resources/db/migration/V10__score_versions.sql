-- Scores, version 10: score versions, so a keyset walk of the customer list reads one snapshot of
-- a store's scores from its first page to its last (docs/api.md "What a walk guarantees while
-- scores change", docs/scoring.md "Score versions").
--
-- * store_scoring_state.score_version: a per-store counter, bumped by every rescoring (full or
--   incremental) in the transaction that writes its rows. partition_version: the version of the
--   full rescoring that loaded the store's current partition (every current row is at least it).
-- * customer_score.score_version: the version that wrote the row. Adding a column with a constant
--   default rewrites nothing (existing rows read it as 0).
-- * customer_score_retired: row versions an incremental rescoring replaced or removed, and rows a
--   full rescoring moved out of the default partition, copied in the same transaction with the
--   version that retired them. A row is valid at version G when score_version <= G < retired_version.
-- * customer_score_retired_partition: one row per full rescoring, for the partition it replaced.
--   The old partition is kept, detached and renamed customer_score_p<store>_r<retired_version> (no
--   rows copied); has_table is false when the store had no partition of its own (its rows, if
--   any, were in the default partition and went to customer_score_retired).
-- Retired rows and kept partitions are dropped by the store's next rescoring once older than the
-- cursor lifetime plus a margin (ScoreVersions.RETENTION); no scheduled job.

ALTER TABLE store_scoring_state
    ADD COLUMN score_version     bigint NOT NULL DEFAULT 0,
    ADD COLUMN partition_version bigint NOT NULL DEFAULT 0;

ALTER TABLE customer_score ADD COLUMN score_version bigint NOT NULL DEFAULT 0;

CREATE TABLE customer_score_retired (
    LIKE customer_score INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
    retired_version bigint      NOT NULL,
    retired_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, customer_id, retired_version),
    CONSTRAINT customer_score_retired_versions CHECK (score_version < retired_version)
);
-- The list's sort orders, as on customer_score: a pinned page walks these like the live ones.
CREATE INDEX customer_score_retired_ltv_idx     ON customer_score_retired (store_id, predicted_ltv DESC, customer_id DESC);
CREATE INDEX customer_score_retired_churn_idx   ON customer_score_retired (store_id, churn_risk DESC, customer_id DESC);
CREATE INDEX customer_score_retired_recency_idx
    ON customer_score_retired (store_id, (COALESCE(last_order_at, '-infinity'::timestamptz)) DESC, customer_id DESC);
CREATE INDEX customer_score_retired_spend_idx   ON customer_score_retired (store_id, total_spend DESC, customer_id DESC);
-- Retention: the store's expired rows.
CREATE INDEX customer_score_retired_age_idx     ON customer_score_retired (store_id, retired_at);

CREATE TABLE customer_score_retired_partition (
    store_id        bigint      NOT NULL,
    -- the version that loaded it (0: loaded before V10) and the one that replaced it
    first_version   bigint      NOT NULL,
    retired_version bigint      NOT NULL,
    has_table       boolean     NOT NULL,
    retired_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, retired_version),
    CONSTRAINT customer_score_retired_partition_versions CHECK (first_version < retired_version)
);

-- Deleting a customer deletes their retired rows too (their kept-partition rows are never served:
-- every page joins dim_customer; they go with the partition, within RETENTION).
CREATE OR REPLACE FUNCTION customer_score_delete_with_customer() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM customer_score s
    USING deleted_customers d
    WHERE s.customer_id = d.customer_id
      AND s.store_id = d.store_id;
    DELETE FROM customer_score_retired r
    USING deleted_customers d
    WHERE r.customer_id = d.customer_id
      AND r.store_id = d.store_id;
    RETURN NULL;
END
$$;
