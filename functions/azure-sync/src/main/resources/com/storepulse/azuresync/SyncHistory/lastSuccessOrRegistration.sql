-- For each source: the end of its last completed run, else when it was registered.
SELECT s.sync_source_id AS source_id,
       coalesce(max(r.finished_at) FILTER (WHERE r.status = 'completed'), s.created_at) AS since
  FROM sync_source s
  LEFT JOIN sync_run r ON r.sync_source_id = s.sync_source_id
 WHERE s.sync_source_id = ANY(:ids)
 GROUP BY s.sync_source_id, s.created_at
