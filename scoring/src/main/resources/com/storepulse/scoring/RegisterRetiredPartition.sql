-- Every full rescoring registers what it replaced, with or without a kept table: a walk pinned at
-- a version before it finds here where that version's rows are (none: expired).
INSERT INTO customer_score_retired_partition (store_id, first_version, retired_version, has_table)
VALUES (:storeId, :firstVersion, :version, :hasTable)
