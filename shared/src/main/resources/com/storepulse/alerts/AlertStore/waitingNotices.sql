SELECT message_id, fingerprint, state, notice::text AS notice
  FROM alert_notice
 WHERE group_key = :groupKey AND notify AND batch_id IS NULL
 ORDER BY received_at, message_id
