SELECT webhook,
       last_sent_at IS NULL OR last_sent_at + CAST(:interval AS interval) <= now() AS due,
       flush_claimed_until IS NOT NULL AND flush_claimed_until > now() AS claimed,
       greatest(0, extract(epoch FROM (last_sent_at + CAST(:interval AS interval) - now())) * 1000)::bigint AS wait_ms
  FROM alert_group
 WHERE group_key = :groupKey
   FOR UPDATE
