-- For one transaction of a full rescoring: its own time limit instead of the pool's per-request
-- statement_timeout; no wait for the WAL flush at commit (a crash may lose the last run, which is
-- then simply run again; it cannot leave a half-swapped store: the swap is one transaction);
-- memory for index builds in this session only (the sort of a million index entries fits in it).
-- :parallelWorkers: PostgreSQL's own parallel index build when the run uses one connection; 0
-- when it builds indexes on several connections at once.
SELECT set_config('statement_timeout', '600s', true) AS statement_timeout,
       set_config('synchronous_commit', 'off', true) AS synchronous_commit,
       set_config('maintenance_work_mem', '256MB', true) AS maintenance_work_mem,
       set_config('max_parallel_maintenance_workers', :parallelWorkers, true) AS max_parallel_maintenance_workers
