-- Alert notifications received before ALERT_HISTORY_RETENTION (operator data: no tenant column).
DELETE FROM alert_notice
WHERE (message_id, group_key) IN (SELECT n.message_id, n.group_key FROM alert_notice n
                                  WHERE n.received_at < now() - CAST(:keep AS interval)
                                  ORDER BY n.received_at
                                  LIMIT :batch)
