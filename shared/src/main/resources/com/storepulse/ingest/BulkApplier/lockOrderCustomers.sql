-- Every customer the staged orders touch (the one each names now, and the one it had before),
-- locked in id order: a webhook writing one of their orders queues until this batch commits, so
-- each recomputes the totals with the other's orders committed, and two writers never deadlock.
-- Each look-up goes through an index from a staged row, and the locked rows are read by primary
-- key: the batch's cost never grows with the store.
SELECT c.customer_id
FROM dim_customer c
WHERE c.customer_id = ANY (ARRAY(
        SELECT (SELECT d.customer_id FROM dim_customer d
                WHERE d.store_id = :storeId AND d.external_id = s.customer_external_id)
        FROM stage_order s
        UNION
        SELECT (SELECT o.customer_id FROM fact_order o WHERE o.store_id = :storeId AND o.external_id = s.external_id)
        FROM stage_order s))
ORDER BY c.customer_id
FOR UPDATE OF c
