-- The rows after the committed cursor (cursor value, key), in that order; the form lets an index
-- on (cursor, key) be used (see sqlserver/readAfter.sql).
SELECT <columns>
FROM <table>
WHERE <cursor> >= ? AND (<cursor> > ? OR <key> > ?)
ORDER BY <cursor>, <key>
