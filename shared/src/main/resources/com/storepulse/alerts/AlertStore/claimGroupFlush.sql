UPDATE alert_group
   SET flush_claimed_until = last_sent_at + CAST(:interval AS interval) + CAST(:grace AS interval)
 WHERE group_key = :groupKey
