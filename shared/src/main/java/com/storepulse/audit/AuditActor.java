package com.storepulse.audit;

/**
 * Who did it: the bootstrap admin key, or a tenant's API key (its id and public prefix), and the
 * address the request came from. Never the key itself.
 *
 * @param apiKeyId  a tenant key's {@code api_key.api_key_id} (null for the admin key)
 * @param keyPrefix a tenant key's public prefix ({@code sp_live_xxxxxxxx}; null for the admin key)
 * @param tenantId  the tenant the key belongs to (null for the admin key)
 * @param sourceIp  the client's address as API Gateway saw it (null when unknown)
 */
public record AuditActor(Kind kind, Long apiKeyId, String keyPrefix, Long tenantId, String sourceIp) {

    public enum Kind {
        ADMIN("admin"),
        API_KEY("api_key");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public static AuditActor admin(String sourceIp) {
        return new AuditActor(Kind.ADMIN, null, null, null, sourceIp);
    }

    public static AuditActor apiKey(long apiKeyId, String keyPrefix, long tenantId, String sourceIp) {
        return new AuditActor(Kind.API_KEY, apiKeyId, keyPrefix, tenantId, sourceIp);
    }
}
