-- The tests' stand-in for SQL Server's ROWVERSION: a BINARY(8) column the test sets, in cursor
-- order. H2 has no MIN_ACTIVE_ROWVERSION(), so nothing bounds the read (see sqlserver/).
SELECT <columns>
FROM <table>
ORDER BY <cursor>, <key>
