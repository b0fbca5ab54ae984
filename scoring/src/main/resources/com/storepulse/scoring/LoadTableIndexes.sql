-- The DDL that gives a load table customer_score's primary key and indexes, read from the
-- partitioned table's own definitions (so a later migration's index is built here too, before the
-- swap, and ATTACH PARTITION only has to attach them). Widest key first (the slow sorts: the
-- leading store_id is the same in every row, so each comparison goes on to the next columns):
-- several connections take them from one queue, each building one with BuildLoadIndex.sql (V20's
-- owner function, which runs only a statement of this list).
SELECT ddl FROM storepulse_score_load_indexes(:storeId) ORDER BY weight DESC, ddl
