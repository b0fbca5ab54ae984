-- Whether a run of the source failed after its last completed run before :runId: the completed run
-- :runId then ends that failure streak (its alert is resolved).
SELECT EXISTS (
    SELECT 1
      FROM sync_run f
     WHERE f.sync_source_id = :sourceId
       AND f.sync_run_id < :runId
       AND f.status = 'failed'
       AND f.sync_run_id > coalesce((SELECT max(c.sync_run_id)
                                       FROM sync_run c
                                      WHERE c.sync_source_id = :sourceId
                                        AND c.sync_run_id < :runId
                                        AND c.status = 'completed'), 0))
