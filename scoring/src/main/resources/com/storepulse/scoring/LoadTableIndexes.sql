-- The DDL that gives a load table customer_score's primary key and indexes, read from the
-- partitioned table's own definitions (so a later migration's index is built here too, before the
-- swap, and ATTACH PARTITION only has to attach them). Widest key first (the slow sorts: the
-- leading store_id is the same in every row, so each comparison goes on to the next columns):
-- several connections take them from one queue.
SELECT 'ALTER TABLE ' || quote_ident(:load) || ' ADD ' || pg_get_constraintdef(c.oid) AS ddl, 2 AS weight
FROM pg_constraint c
WHERE c.conrelid = 'customer_score'::regclass AND c.contype IN ('p', 'u')
UNION ALL
SELECT regexp_replace(pg_get_indexdef(i.indexrelid),
                      '^CREATE (UNIQUE )?INDEX \S+ ON (ONLY )?\S+ ', 'CREATE \1INDEX ON ' || quote_ident(:load) || ' '),
       i.indnkeyatts
FROM pg_index i
WHERE i.indrelid = 'customer_score'::regclass
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
ORDER BY 2 DESC, 1
