-- Every row of a table in cursor order, streamed at the statement's fetch size. <columns>, <table>,
-- <cursor> and <key> are quoted identifiers from SyncMapping.
SELECT <columns>
FROM <table>
ORDER BY <cursor>, <key>
