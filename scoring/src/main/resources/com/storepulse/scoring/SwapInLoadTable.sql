-- A full rescoring's swap, second half (V20's owner function: DDL): the load table drops the rows
-- of customers deleted or soft-deleted since the histories were read (the old partition lost
-- theirs, by trigger or incremental run; the new one must not bring them back), gets the
-- partitions' row-level security and becomes the store's partition. How many rows it dropped.
SELECT storepulse_score_swap_in(:storeId) AS gone
