-- Each store that has ever synced: its last successful run and its latest run's outcome.
-- Numbered by store id; the page never shows the store's id or name.
SELECT row_number() OVER (ORDER BY store_id) AS ordinal,
       max(finished_at) FILTER (WHERE status = 'completed') AS last_success_at,
       (array_agg(status ORDER BY started_at DESC))[1] AS latest_status
  FROM sync_run
 WHERE store_id IS NOT NULL
 GROUP BY store_id
 ORDER BY store_id
 LIMIT 200
