-- One audit record (V19); without a tenant (an admin action on a store), the store's
-- tenant.
INSERT INTO audit_log (actor_kind, actor_key_id, actor_key_prefix, source_ip, tenant_id, store_id, action, target,
                       outcome, correlation_id)
VALUES (:actorKind, :actorKeyId, :actorKeyPrefix, :sourceIp,
        coalesce(:tenantId, (SELECT s.tenant_id FROM store s WHERE s.store_id = :storeId)),
        :storeId, :action, CAST(:target AS jsonb), :outcome, :correlationId)
