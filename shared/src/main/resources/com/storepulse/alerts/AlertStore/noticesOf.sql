SELECT group_key, batch_id, notify
  FROM alert_notice
 WHERE message_id = :messageId
