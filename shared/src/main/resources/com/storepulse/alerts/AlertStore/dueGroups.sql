SELECT DISTINCT n.group_key
  FROM alert_notice n JOIN alert_group g USING (group_key)
 WHERE n.notify AND n.batch_id IS NULL
   AND (g.flush_claimed_until IS NULL OR g.flush_claimed_until < now())
