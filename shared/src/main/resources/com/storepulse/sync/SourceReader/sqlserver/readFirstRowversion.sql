-- Every row of a table in ROWVERSION order, up to MIN_ACTIVE_ROWVERSION(): a transaction still
-- open holds rowversions below those of rows already committed, so reading past the lowest active
-- one could advance the cursor over a row that commits later with a smaller value (docs/sync.md).
SELECT <columns>
FROM <table>
WHERE <cursor> < MIN_ACTIVE_ROWVERSION()
ORDER BY <cursor>, <key>
