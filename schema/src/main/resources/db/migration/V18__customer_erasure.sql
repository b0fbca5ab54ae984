-- Customer erasure, version 18 (docs/privacy.md): a data subject's erasure request, the
-- suppression that keeps the customer from coming back, and the erased customer's anonymous row.
--
-- 1. dim_customer.erased_at: the row of an erased customer stays, anonymous, so that the orders
--    that point at it keep the store's order figures whole: its personal columns are null, its
--    external_id is a random "erased:" token (unique, and linked to nothing), deleted_at is set.
-- 2. customer_erasure: one row per (store, customer) ever erased: the request a caller polls.
--    subject_hash is HMAC-SHA256 under SUPPRESSION_HASH_KEY of the store id and the retailer's
--    customer id (com.storepulse.privacy.SubjectHashes), never the id itself; it makes a repeated
--    erasure of the same customer answer the same request. completed_at is set in the erasing
--    transaction to when every cached copy has expired at the latest, and moved back to the
--    moment the cache confirmed the deletion.
-- 3. customer_suppression: what the webhooks and the sync check before they bring a customer in.
--    key_id (the first 4 bytes of SHA-256 of the key) says which hash key made the entry.
-- 4. customer_suppressed / store_suppressions: the check, in one round trip. Each takes the
--    store's ingest lock (advisory, class 23570, hashtext of the store id as text) in shared
--    mode first; an erasure takes it exclusively. A writer and an erasure of the same store
--    therefore take turns, and the look-up, being a later statement of a volatile function, sees
--    every erasure committed before the lock was granted: a change cannot slip in between an
--    erasure's scrub and its suppression entry.

ALTER TABLE dim_customer ADD COLUMN erased_at timestamptz;
ALTER TABLE dim_customer ADD CONSTRAINT dim_customer_erased_is_anonymous CHECK (
    erased_at IS NULL
    OR (deleted_at IS NOT NULL AND email IS NULL AND first_name IS NULL AND last_name IS NULL
        AND country IS NULL AND signed_up_at IS NULL AND external_id LIKE 'erased:%'));

CREATE TABLE customer_erasure (
    erasure_id             uuid        PRIMARY KEY,
    store_id               bigint      NOT NULL REFERENCES store (store_id),
    subject_hash           bytea       NOT NULL CHECK (length(subject_hash) = 32),
    requested_at           timestamptz NOT NULL DEFAULT now(),
    -- the API key that asked (api_key.api_key_id); keys are revoked, never deleted
    requested_by           bigint,
    completed_at           timestamptz NOT NULL,
    customer_found         boolean     NOT NULL,
    orders_kept            integer     NOT NULL DEFAULT 0,
    score_rows_deleted     integer     NOT NULL DEFAULT 0,
    webhook_events_deleted integer     NOT NULL DEFAULT 0,
    CONSTRAINT customer_erasure_subject_uk UNIQUE (store_id, subject_hash)
);

CREATE TABLE customer_suppression (
    store_id      bigint      NOT NULL REFERENCES store (store_id),
    subject_hash  bytea       NOT NULL CHECK (length(subject_hash) = 32),
    key_id        bytea       NOT NULL CHECK (length(key_id) = 4),
    erasure_id    uuid        NOT NULL REFERENCES customer_erasure (erasure_id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, subject_hash)
);

-- A webhook delivery's check: is any of p_subjects (the customer's hash under each configured
-- key) suppressed in the store? p_subjects NULL asks whether the store has any suppression at all
-- (a function without the hash key fails closed when it has).
CREATE FUNCTION customer_suppressed(p_store_id bigint, p_subjects bytea[]) RETURNS boolean
    LANGUAGE plpgsql VOLATILE AS
$$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(23570, hashtext(CAST(p_store_id AS text)));
    RETURN EXISTS (SELECT 1 FROM customer_suppression s
                   WHERE s.store_id = p_store_id
                     AND (p_subjects IS NULL OR s.subject_hash = ANY (p_subjects)));
END
$$;

-- A sync batch's check: every suppressed hash of the store (usually none), read under the lock.
CREATE FUNCTION store_suppressions(p_store_id bigint) RETURNS SETOF bytea
    LANGUAGE plpgsql VOLATILE AS
$$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(23570, hashtext(CAST(p_store_id AS text)));
    RETURN QUERY SELECT s.subject_hash FROM customer_suppression s WHERE s.store_id = p_store_id;
END
$$;
