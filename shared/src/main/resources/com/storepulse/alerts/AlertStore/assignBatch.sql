UPDATE alert_notice
   SET batch_id = :batchId
 WHERE group_key = :groupKey AND notify AND batch_id IS NULL AND message_id = ANY(:messageIds)
