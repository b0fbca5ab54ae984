-- The archetype reference data (11 rows).
SELECT archetype_id, code, name, description FROM dim_archetype ORDER BY archetype_id
