-- Scoring, version 6: customer_score is list-partitioned by store, so a full rescoring can load a
-- store's new rows into a table of their own, index it, and swap it in for the old partition in a
-- short transaction (StoreScoringService; docs/scoring.md "Writing a full rescoring"). Index
-- maintenance on the live table and the per-row foreign key check were most of the write time.
--
-- What stays the same for readers: the columns, the CHECKs and every index definition (now
-- partitioned indexes: each store partition has its own copy, same names on the parent). What
-- changes:
-- * primary key (customer_id, store_id): a partitioned table's keys must include the partition
--   key. customer_id leads, so look-ups by customer (detail, delete, upsert) use it; customer_id
--   stays unique because store_id is its customer's store by construction.
-- * no foreign key to dim_customer. Its per-row check cost ~2.3 s per 200,000 written rows, and
--   dropping a partition that carries one takes an ACCESS EXCLUSIVE lock on dim_customer, which
--   every API request reads. Deleting a customer still deletes their score: the statement-level
--   trigger below does what ON DELETE CASCADE did. A full rescoring removes, inside its swap
--   transaction, rows of customers deleted while it ran.
-- * a DEFAULT partition holds rows of stores that have no partition of their own yet (rows
--   written by other tools or test fixtures); a full rescoring moves its store out of it.

ALTER TABLE customer_score RENAME TO customer_score_v5;
ALTER INDEX customer_score_pkey RENAME TO customer_score_v5_pkey;
ALTER INDEX customer_score_store_ltv_idx RENAME TO customer_score_v5_ltv_idx;
ALTER INDEX customer_score_store_churn_idx RENAME TO customer_score_v5_churn_idx;
ALTER INDEX customer_score_store_archetype_idx RENAME TO customer_score_v5_archetype_idx;
ALTER INDEX customer_score_segments_gin_idx RENAME TO customer_score_v5_segments_idx;
ALTER INDEX customer_score_store_recency_idx RENAME TO customer_score_v5_recency_idx;
ALTER INDEX customer_score_store_spend_idx RENAME TO customer_score_v5_spend_idx;
ALTER INDEX customer_score_store_aggregates_idx RENAME TO customer_score_v5_aggregates_idx;

-- Same columns, NOT NULLs, defaults and CHECK constraints (names included) as V1 + V3.
CREATE TABLE customer_score (LIKE customer_score_v5 INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
    PARTITION BY LIST (store_id);
CREATE TABLE customer_score_default PARTITION OF customer_score DEFAULT;

-- One partition per store that has scores (customer_score_p<store_id>), then the rows.
DO $$
DECLARE
    s bigint;
BEGIN
    FOR s IN SELECT DISTINCT store_id FROM customer_score_v5 ORDER BY 1 LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF customer_score FOR VALUES IN (%s)', 'customer_score_p' || s, s);
    END LOOP;
END
$$;
INSERT INTO customer_score SELECT * FROM customer_score_v5 ORDER BY store_id, customer_id;
DROP TABLE customer_score_v5;

-- The V1 + V4 indexes, as partitioned indexes (built on every partition, present or future).
ALTER TABLE customer_score ADD CONSTRAINT customer_score_pkey PRIMARY KEY (customer_id, store_id);
CREATE INDEX customer_score_store_ltv_idx       ON customer_score (store_id, predicted_ltv DESC, customer_id DESC);
CREATE INDEX customer_score_store_churn_idx     ON customer_score (store_id, churn_risk DESC, customer_id DESC);
CREATE INDEX customer_score_store_archetype_idx ON customer_score (store_id, archetype_id, predicted_ltv DESC, customer_id DESC);
CREATE INDEX customer_score_segments_gin_idx    ON customer_score USING gin (segments jsonb_path_ops);
CREATE INDEX customer_score_store_recency_idx
    ON customer_score (store_id, (COALESCE(last_order_at, '-infinity'::timestamptz)) DESC, customer_id DESC);
CREATE INDEX customer_score_store_spend_idx     ON customer_score (store_id, total_spend DESC, customer_id DESC);
CREATE INDEX customer_score_store_aggregates_idx
    ON customer_score (store_id) INCLUDE (archetype_id, predicted_ltv, churn_risk, last_order_at);

-- ON DELETE CASCADE, as a trigger: one DELETE per statement on dim_customer, pruned to the
-- deleted customers' stores' partitions through (customer_id, store_id).
CREATE FUNCTION customer_score_delete_with_customer() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM customer_score s
    USING deleted_customers d
    WHERE s.customer_id = d.customer_id
      AND s.store_id = d.store_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER dim_customer_delete_scores
    AFTER DELETE ON dim_customer
    REFERENCING OLD TABLE AS deleted_customers
    FOR EACH STATEMENT EXECUTE FUNCTION customer_score_delete_with_customer();

ANALYZE customer_score;
