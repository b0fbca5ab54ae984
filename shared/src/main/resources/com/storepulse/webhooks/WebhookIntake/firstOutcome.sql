SELECT outcome::text FROM webhook_event WHERE store_id = :storeId AND source = :source AND external_event_id = :eventId
