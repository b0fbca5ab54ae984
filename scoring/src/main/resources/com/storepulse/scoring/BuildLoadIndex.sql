-- One statement of LoadTableIndexes.sql, run by V20's owner function (the load table is the owner's).
SELECT storepulse_score_load_build(:storeId, :ddl)::text AS built
