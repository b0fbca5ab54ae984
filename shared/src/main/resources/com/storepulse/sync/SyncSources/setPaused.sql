-- Pauses (keeping the first pause time) or resumes a live source of the tenant.
UPDATE sync_source
SET paused_at = CASE WHEN :paused THEN COALESCE(paused_at, :now) END
WHERE sync_source_id = :sourceId AND tenant_id = :tenantId AND deleted_at IS NULL
RETURNING sync_source_id, tenant_id, store_id, jdbc_url, username, password_ref, mapping::text AS mapping, cursor_kind,
          paused_at, created_at
