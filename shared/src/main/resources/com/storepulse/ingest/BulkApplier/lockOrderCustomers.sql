-- Every customer the staged orders touch (the one each names now, and the one it had before),
-- locked in id order: a webhook writing one of their orders queues until this batch commits, so
-- each recomputes the totals with the other's orders committed, and two writers never deadlock.
SELECT c.customer_id
FROM dim_customer c
WHERE c.store_id = :storeId
  AND (c.external_id IN (SELECT s.customer_external_id FROM stage_order s)
       OR c.customer_id IN (SELECT o.customer_id FROM fact_order o JOIN stage_order s
                            ON o.store_id = :storeId AND o.external_id = s.external_id))
ORDER BY c.customer_id
FOR UPDATE OF c
