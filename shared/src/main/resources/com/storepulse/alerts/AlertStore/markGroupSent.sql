UPDATE alert_group
   SET last_sent_at = now(), flush_claimed_until = NULL
 WHERE group_key = :groupKey
