-- The raw webhook events that name the customer (SubjectEvents). Their ids stop deduplicating: a
-- replayed event is received again and refused by the suppression entry.
DELETE FROM webhook_event WHERE store_id = :storeId AND webhook_event_id = ANY (:ids)
