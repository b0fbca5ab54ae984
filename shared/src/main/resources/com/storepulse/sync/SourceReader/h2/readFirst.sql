-- Every row of a table in cursor order. <columns>, <table>, <cursor> and <key> are quoted
-- identifiers from SyncMapping (H2 in MODE=MSSQLServer takes [brackets]).
SELECT <columns>
FROM <table>
ORDER BY <cursor>, <key>
