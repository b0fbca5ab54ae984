-- A queued rescoring's first statement, in the transaction that runs the batch if there is one to
-- run (V17's score_queue_take): NULL when another writer's batch has rescored :own, else the
-- customers taken off the store's queue (:own among them, at most :limit entries besides), with
-- the store's scoring lock held until this transaction ends.
SELECT score_queue_take(:storeId, CAST(:own AS bigint[]), :limit) AS taken
