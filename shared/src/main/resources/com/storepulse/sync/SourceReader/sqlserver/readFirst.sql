-- Every row of a table in cursor order, streamed (the connection's selectMethod=cursor and adaptive
-- buffering). <columns>, <table>, <cursor> and <key> are quoted identifiers from SyncMapping.
-- READ COMMITTED (RCSI on Azure SQL): never NOLOCK, whose dirty reads could advance the cursor past
-- a row that is later rolled back.
SELECT <columns>
FROM <table>
ORDER BY <cursor>, <key>
