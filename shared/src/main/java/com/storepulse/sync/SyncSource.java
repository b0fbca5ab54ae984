package com.storepulse.sync;

import java.time.Instant;
import java.util.Map;

/**
 * A registered source as it may be shown: never its password. {@code username} is shown only when
 * it is a secret reference or plain text the retailer gave; {@code passwordRef} is the reference
 * ({@code secretsmanager:}/{@code ssm:}) when the password is one, else null (a sealed password).
 *
 * @param mapping table and column names differing from the default layout (docs/sync.md), may be empty
 */
public record SyncSource(
        long id,
        long tenantId,
        long storeId,
        String jdbcUrl,
        String username,
        String passwordRef,
        Map<String, String> mapping,
        CursorKind cursor,
        boolean paused,
        Instant createdAt) {

    public SyncSource {
        mapping = Map.copyOf(mapping);
    }

    /** The dialect its URL names. */
    public SourceDialect dialect() {
        return SourceDialect.of(jdbcUrl);
    }

    /** A JDBC URL with any {@code password=} property blanked, for logs and answers. */
    public static String redactedUrl(String jdbcUrl) {
        return jdbcUrl == null ? null : jdbcUrl.replaceAll("(?i)(password\\s*=)[^;&]*", "$1***");
    }
}
