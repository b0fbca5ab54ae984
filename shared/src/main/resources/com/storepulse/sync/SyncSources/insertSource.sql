INSERT INTO sync_source (sync_source_id, tenant_id, store_id, jdbc_url, username, password_sealed, password_ref, mapping,
                         cursor_kind, created_at)
VALUES (:sourceId, :tenantId, :storeId, :jdbcUrl, :username, :passwordSealed, :passwordRef, CAST(:mapping AS jsonb),
        :cursorKind, :now)
RETURNING sync_source_id, tenant_id, store_id, jdbc_url, username, password_ref, mapping::text AS mapping, cursor_kind,
          paused_at, created_at
