-- Soft delete: the ledger keeps its runs; the sealed password is dropped at once.
UPDATE sync_source
SET deleted_at = :now, password_sealed = NULL
WHERE sync_source_id = :sourceId AND tenant_id = :tenantId AND deleted_at IS NULL
