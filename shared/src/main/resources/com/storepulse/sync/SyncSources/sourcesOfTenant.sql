SELECT sync_source_id, tenant_id, store_id, jdbc_url, username, password_ref, mapping::text AS mapping, cursor_kind,
       paused_at, created_at
FROM sync_source
WHERE tenant_id = :tenantId AND deleted_at IS NULL
ORDER BY sync_source_id
