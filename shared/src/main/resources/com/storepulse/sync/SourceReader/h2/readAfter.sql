-- The rows after the committed cursor (cursor value, key), in that order (see sqlserver/readAfter.sql).
SELECT <columns>
FROM <table>
WHERE <cursor> >= ? AND (<cursor> > ? OR <key> > ?)
ORDER BY <cursor>, <key>
