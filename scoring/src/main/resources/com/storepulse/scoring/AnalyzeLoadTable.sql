-- Statistics before readers see the partition (autovacuum may not come by for a while); the
-- owner's to take (V20's function): ANALYZE skips a table of another role with a warning only.
SELECT storepulse_score_load_analyze(:storeId)::text AS analyzed
