UPDATE alert_webhook_pace
   SET next_slot_at = clock_timestamp() + CAST(:pause AS interval)
 WHERE webhook = :webhook
