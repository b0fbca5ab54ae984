-- A kept former partition past the retention, once its registration is deleted (ScoreVersions;
-- V20's owner function: DDL).
SELECT storepulse_score_kept_drop(:storeId, :version)::text AS dropped
