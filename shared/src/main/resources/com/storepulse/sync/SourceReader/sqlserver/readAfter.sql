-- The rows after the committed cursor (cursor value, key), in that order. Written as
-- "cursor >= ? AND (cursor > ? OR key > ?)" so an index on (cursor, key) is sought, not scanned;
-- rows with the cursor's own value and a greater key are the ones a batch boundary split off.
SELECT <columns>
FROM <table>
WHERE <cursor> >= ? AND (<cursor> > ? OR <key> > ?)
ORDER BY <cursor>, <key>
