-- A batch's own time limit instead of the pool's per-request statement_timeout: the staging COPY
-- stays open while the batch's rows stream from the source, and PostgreSQL counts that wait.
SELECT set_config('statement_timeout', CAST(:millis AS text) || 'ms', true)
