-- Runs left 'running' by a holder of the lock that died (the caller holds the lock now, so none of
-- them is alive). Their committed batches stay; the new run goes on from the cursor they left.
UPDATE sync_run
SET status = 'abandoned', finished_at = now(), error = 'the run stopped without finishing (process ended)'
WHERE sync_source_id = :sourceId AND status = 'running'
