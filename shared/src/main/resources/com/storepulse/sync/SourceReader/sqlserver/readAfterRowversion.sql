-- The rows after the committed ROWVERSION, up to MIN_ACTIVE_ROWVERSION() (see readFirstRowversion).
-- ROWVERSION is unique per database; the key stays as tie-breaker so every cursor is the same pair.
SELECT <columns>
FROM <table>
WHERE <cursor> >= ? AND (<cursor> > ? OR <key> > ?) AND <cursor> < MIN_ACTIVE_ROWVERSION()
ORDER BY <cursor>, <key>
