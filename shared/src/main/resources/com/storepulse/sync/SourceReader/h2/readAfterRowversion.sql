-- The rows after the committed BINARY(8) stand-in for ROWVERSION (see readFirstRowversion).
SELECT <columns>
FROM <table>
WHERE <cursor> >= ? AND (<cursor> > ? OR <key> > ?)
ORDER BY <cursor>, <key>
