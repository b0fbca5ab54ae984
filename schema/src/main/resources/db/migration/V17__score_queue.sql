-- The rescoring queue, version 17 (docs/scoring.md "Queued rescoring", docs/webhooks.md "Scores"):
-- group commit of the webhook intake's incremental rescorings.
--
-- 1. score_pending: a customer whose change is committed and whose scores are not rewritten yet.
--    A writer inserts its changed customers in the transaction that applies the change, so the
--    queue entry is exactly as durable as the change. A batch deletes the store's entries and
--    rescores those customers in one transaction under the store's scoring lock. A queue, not a
--    ledger: rows live milliseconds, so there are no foreign keys to check on every insert (the
--    ids come from the same transaction's writes) and no uniqueness (a customer queued twice is
--    rescored once).
-- 2. score_queue_take(store, own customers, limit): one call per writer, after its change
--    committed, in the transaction that will run the batch if there is one to run. Either a batch
--    of another writer has rescored the caller's customers (it answers NULL: the caller commits
--    and is done; a lock it holds goes with the commit), or the caller holds the store's scoring
--    lock (transaction-scoped, the key of BeginScoringBatch.sql: class 23566, hashtext of the
--    store id as text) and the answer is the customers it has taken off the queue, its own among
--    them, to rescore in that transaction. How it decides, in turn:
--    a. the scoring lock is free: take it and the queue (a lone writer never waits);
--    b. a batch is running, and nobody is lined up to run the next one: line up (the "next batch"
--       lock, class 23567, same key, held only until the queue is taken), wait for the scoring
--       lock, take the queue: every writer that queued meanwhile is in this batch;
--    c. someone is lined up: wait for the scoring lock in shared mode, which queues behind the
--       lined-up writer's request, so the wait ends when its batch has committed; then look
--       whether the customers are still queued (if that batch began before they were, try again).
--    After 4 rounds without an answer it waits for the scoring lock itself. A function, not
--    statements sent one by one: each look needs a snapshot taken after the wait before it (a
--    volatile function's statements each get one; a statement sent by the caller has its snapshot
--    from before its own lock wait), and a waiting writer costs one round trip.

CREATE TABLE score_pending (
    pending_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id     bigint      NOT NULL,
    customer_id  bigint      NOT NULL,
    queued_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX score_pending_store_customer_idx ON score_pending (store_id, customer_id);

CREATE FUNCTION score_queue_take(p_store_id bigint, p_own bigint[], p_limit integer) RETURNS bigint[]
    LANGUAGE plpgsql VOLATILE AS
$$
DECLARE
    k     integer := hashtext(CAST(p_store_id AS text));
    taken bigint[];
BEGIN
    FOR round IN 1..4 LOOP
        -- a. free: this writer's batch, now
        IF pg_try_advisory_xact_lock(23566, k) THEN
            RETURN score_queue_drain(p_store_id, p_own, p_limit);
        END IF;
        -- b. line up for the next batch (session level, so it ends right after the queue is taken;
        --    ended on an error too, never kept by the pooled connection)
        IF pg_try_advisory_lock(23567, k) THEN
            BEGIN
                PERFORM pg_advisory_xact_lock(23566, k);
                taken := score_queue_drain(p_store_id, p_own, p_limit);
                PERFORM pg_advisory_unlock(23567, k);
            EXCEPTION WHEN OTHERS THEN
                PERFORM pg_advisory_unlock(23567, k);
                RAISE;
            END;
            RETURN taken;
        END IF;
        -- c. wait behind the lined-up writer until its batch has committed, holding nothing after
        BEGIN
            PERFORM pg_advisory_lock_shared(23566, k);
            PERFORM pg_advisory_unlock_shared(23566, k);
        EXCEPTION WHEN OTHERS THEN
            PERFORM pg_advisory_unlock_shared(23566, k);
            RAISE;
        END;
        IF NOT EXISTS (SELECT 1 FROM score_pending WHERE store_id = p_store_id AND customer_id = ANY (p_own)) THEN
            RETURN NULL;
        END IF;
    END LOOP;
    PERFORM pg_advisory_xact_lock(23566, k);
    RETURN score_queue_drain(p_store_id, p_own, p_limit);
END
$$;

-- score_queue_take's last step, under the store's scoring lock: the batch's transaction gets its
-- own time limit (not the pool's per-request one) and an asynchronous commit. The latter is safe:
-- the batch deletes its queue entries in the same transaction, so a crash that loses its commit
-- loses the deletes too and the customers are queued again; the changes themselves were committed
-- synchronously before they were queued. Takes the caller's entries and at most p_limit others;
-- entries committed after the DELETE began stay queued for the next batch. NULL if none is left.
CREATE FUNCTION score_queue_drain(p_store_id bigint, p_own bigint[], p_limit integer) RETURNS bigint[]
    LANGUAGE plpgsql VOLATILE AS
$$
DECLARE
    taken bigint[];
BEGIN
    PERFORM set_config('statement_timeout', '600s', true), set_config('synchronous_commit', 'off', true);
    WITH gone AS (
        DELETE FROM score_pending
        WHERE store_id = p_store_id
          AND (customer_id = ANY (p_own)
               OR pending_id IN (SELECT pending_id FROM score_pending WHERE store_id = p_store_id LIMIT p_limit))
        RETURNING customer_id)
    SELECT array_agg(DISTINCT customer_id) INTO taken FROM gone;
    RETURN taken;
END
$$;
