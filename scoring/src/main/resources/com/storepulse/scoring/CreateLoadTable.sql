-- A store's next partition, loaded and indexed apart from the live one. LIKE copies the columns,
-- NOT NULLs, defaults and CHECKs; the extra CHECK lets ATTACH PARTITION skip scanning the rows.
-- Created in a transaction of its own: LIKE locks customer_score (ACCESS SHARE) until commit, and
-- a run that held that lock until its swap could deadlock with another store's swap.
CREATE TABLE <load> (LIKE customer_score INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
                     CONSTRAINT customer_score_partition_store CHECK (store_id = <storeId>))
