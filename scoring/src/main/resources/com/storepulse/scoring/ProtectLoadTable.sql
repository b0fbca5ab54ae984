-- Row-level security for the new table (V20's function; V21's policy): it becomes a store's
-- partition, or a kept one read by name, and a table created by LIKE copies no policy.
SELECT storepulse_protect_score_table(CAST(:load AS regclass))::text AS protected
