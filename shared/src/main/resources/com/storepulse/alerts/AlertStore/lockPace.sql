-- The webhook's turn: held (row lock) while its post is in flight, so posts to one webhook never
-- overlap and each starts at least the spacing after the previous one ended.
SELECT greatest(0, extract(epoch FROM (next_slot_at - clock_timestamp())) * 1000)::bigint AS wait_ms
  FROM alert_webhook_pace
 WHERE webhook = :webhook
   FOR UPDATE
