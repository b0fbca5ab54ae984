-- Rows of customers deleted or soft-deleted since the histories were read: the old partition lost
-- theirs (trigger, incremental run); the new one must not bring them back.
DELETE FROM <load> l
WHERE NOT EXISTS (SELECT 1 FROM dim_customer c
                  WHERE c.customer_id = l.customer_id AND c.store_id = :storeId AND c.deleted_at IS NULL)
