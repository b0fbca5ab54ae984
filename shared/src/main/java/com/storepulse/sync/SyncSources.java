package com.storepulse.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.storepulse.config.SecretResolver;
import com.storepulse.crypto.SecretBox;
import com.storepulse.errors.FieldError;
import com.storepulse.errors.NotFoundException;
import com.storepulse.errors.UnknownStoreException;
import com.storepulse.errors.ValidationException;
import com.storepulse.json.Json;
import com.storepulse.stores.TenantStores;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * The registry of sync sources, for the admin routes (customer-api) and the scheduler (azure-sync).
 * A plain password is sealed with {@link SecretBox} under {@code sync-password:<id>}, as webhook
 * secrets are; a {@code secretsmanager:}/{@code ssm:} reference is kept as given and resolved at
 * run time through the {@link SecretResolver}, as is a username given as a reference. No answer,
 * record or message carries a password. SQL beside it in {@code SyncSources/*.sql}.
 */
public final class SyncSources {

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final TypeReference<Map<String, String>> MAPPING = new TypeReference<>() {};

    private final Jdbi jdbi;
    private final SecretBox box;
    private final SecretResolver resolver;
    private final Clock clock;

    public SyncSources(Jdbi jdbi, SecretBox box, SecretResolver resolver, Clock clock) {
        this.jdbi = jdbi;
        this.box = box;
        this.resolver = resolver;
        this.clock = clock;
    }

    /** Ids of the sources that are neither paused nor deleted: one queue message each. */
    public List<Long> activeSourceIds() {
        return jdbi.withHandle(
                h -> h.createQuery(sql("activeSourceIds")).mapTo(Long.class).list());
    }

    /**
     * Registers a source of the tenant's store. {@code cursor} may be null (the dialect's default:
     * {@code rowversion} on SQL Server, else {@code modifiedAt}); {@code username} and {@code
     * password} may be {@code secretsmanager:}/{@code ssm:} references. Throws {@link
     * ValidationException} for bad input and {@link UnknownStoreException} when the store is not
     * the tenant's.
     */
    public SyncSource register(
            long tenantId,
            long storeId,
            String jdbcUrl,
            String username,
            String password,
            Map<String, String> mapping,
            String cursor) {
        List<FieldError> errors = new ArrayList<>();
        SourceDialect dialect = null;
        if (jdbcUrl == null || jdbcUrl.isBlank() || jdbcUrl.length() > 2000) {
            errors.add(new FieldError("jdbcUrl", "is required, at most 2000 characters"));
        } else {
            try {
                dialect = SourceDialect.of(jdbcUrl);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("jdbcUrl", e.getMessage()));
            }
            if (jdbcUrl.toLowerCase(Locale.ROOT).contains("password")) {
                errors.add(new FieldError("jdbcUrl", "must not carry a password: give it in the password field"));
            }
        }
        if (username != null && (username.isBlank() || username.length() > 200)) {
            errors.add(new FieldError("username", "must have 1 to 200 characters when given"));
        }
        if (password != null && (password.isEmpty() || password.length() > 1000)) {
            errors.add(new FieldError("password", "must have 1 to 1000 characters when given"));
        }
        if (isReference(username) && !validReference(username)) {
            errors.add(new FieldError("username", "a reference must be secretsmanager:NAME[#key] or ssm:/path[#key]"));
        }
        if (isReference(password) && !validReference(password)) {
            errors.add(new FieldError("password", "a reference must be secretsmanager:NAME[#key] or ssm:/path[#key]"));
        }
        CursorKind cursorKind = null;
        if (cursor != null) {
            cursorKind = CursorKind.fromCode(cursor).orElse(null);
            if (cursorKind == null) {
                errors.add(new FieldError("cursor", "must be rowversion or modifiedAt"));
            } else if (cursorKind == CursorKind.ROWVERSION && dialect == SourceDialect.MARIADB) {
                errors.add(new FieldError("cursor", "MariaDB/MySQL have no ROWVERSION: use modifiedAt"));
            }
        }
        SyncMapping checkedMapping = null;
        if (dialect != null) {
            try {
                checkedMapping = SyncMapping.of(mapping == null ? Map.of() : mapping, dialect);
            } catch (ValidationException e) {
                errors.addAll(e.fieldErrors());
            }
        }
        if (!errors.isEmpty()) {
            throw ValidationException.of(errors);
        }
        CursorKind kind = cursorKind != null ? cursorKind : CursorKind.defaultFor(dialect);
        String mappingJson = Json.write(checkedMapping.asMap());
        return jdbi.inTransaction(h -> {
            TenantStores.requireStoreOfTenant(h, tenantId, storeId);
            long id = h.createQuery(sql("nextSourceId")).mapTo(Long.class).one();
            boolean passwordIsReference = isReference(password);
            return h.createQuery(sql("insertSource"))
                    .bind("sourceId", id)
                    .bind("tenantId", tenantId)
                    .bind("storeId", storeId)
                    .bind("jdbcUrl", jdbcUrl)
                    .bind("username", username)
                    .bind(
                            "passwordSealed",
                            password == null || passwordIsReference
                                    ? null
                                    : box.seal(password.getBytes(StandardCharsets.UTF_8), sealContext(id)))
                    .bind("passwordRef", passwordIsReference ? password : null)
                    .bind("mapping", mappingJson)
                    .bind("cursorKind", kind.code())
                    .bind("now", clock.instant().atOffset(ZoneOffset.UTC))
                    .map(SyncSources::source)
                    .one();
        });
    }

    /** The tenant's sources, deleted ones left out. */
    public List<SyncSource> list(long tenantId) {
        return jdbi.withHandle(h -> h.createQuery(sql("sourcesOfTenant"))
                .bind("tenantId", tenantId)
                .map(SyncSources::source)
                .list());
    }

    /** Pauses or resumes; {@link NotFoundException} when not the tenant's. */
    public SyncSource setPaused(long tenantId, long sourceId, boolean paused) {
        return jdbi.withHandle(h -> h.createQuery(sql("setPaused"))
                        .bind("tenantId", tenantId)
                        .bind("sourceId", sourceId)
                        .bind("paused", paused)
                        .bind("now", clock.instant().atOffset(ZoneOffset.UTC))
                        .map(SyncSources::source)
                        .findOne())
                .orElseThrow(() -> notFound(tenantId, sourceId));
    }

    /** Deletes (soft: its runs stay in the ledger, its sealed password goes); {@link NotFoundException} when not the tenant's. */
    public void delete(long tenantId, long sourceId) {
        int deleted = jdbi.withHandle(h -> h.createUpdate(sql("deleteSource"))
                .bind("tenantId", tenantId)
                .bind("sourceId", sourceId)
                .bind("now", clock.instant().atOffset(ZoneOffset.UTC))
                .execute());
        if (deleted == 0) {
            throw notFound(tenantId, sourceId);
        }
    }

    /** The source if it exists and is neither paused nor deleted. */
    public Optional<SyncSource> active(long sourceId) {
        return jdbi.withHandle(h -> h.createQuery(sql("activeSource"))
                .bind("sourceId", sourceId)
                .map(SyncSources::source)
                .findOne());
    }

    /** Whether a password is stored sealed (for the admin view: that one exists, never what it is). */
    public boolean hasSealedPassword(long sourceId) {
        return jdbi.withHandle(h -> h.createQuery(sql("hasSealedPassword"))
                .bind("sourceId", sourceId)
                .mapTo(Boolean.class)
                .findOne()
                .orElse(false));
    }

    /**
     * How to connect to it, secrets resolved now (never cached: a rotated secret is picked up).
     * Throws {@link com.storepulse.config.ConfigurationException} when a reference cannot be resolved.
     */
    public SourceConnections.SourceLogin login(SyncSource source) {
        String password;
        if (source.passwordRef() != null) {
            password = resolve(source.passwordRef());
        } else {
            byte[] sealed = jdbi.withHandle(h -> h.createQuery(sql("sealedPassword"))
                    .bind("sourceId", source.id())
                    .mapTo(byte[].class)
                    .findOne()
                    .orElse(null));
            password = sealed == null
                    ? null
                    : new String(box.open(sealed, sealContext(source.id())), StandardCharsets.UTF_8);
        }
        String username = isReference(source.username()) ? resolve(source.username()) : source.username();
        return new SourceConnections.SourceLogin(source.jdbcUrl(), username, password);
    }

    private String resolve(String reference) {
        return resolver.resolve(reference)
                .orElseThrow(() -> new com.storepulse.config.ConfigurationException(
                        "cannot resolve " + reference + " (no resolver for it)"));
    }

    private static boolean isReference(String value) {
        return value != null && (value.startsWith("secretsmanager:") || value.startsWith("ssm:"));
    }

    private static boolean validReference(String value) {
        String rest = value.substring(value.indexOf(':') + 1);
        int hash = rest.lastIndexOf('#');
        String name = hash < 0 ? rest : rest.substring(0, hash);
        return !name.isBlank() && (hash < 0 || hash < rest.length() - 1);
    }

    private static String sealContext(long sourceId) {
        return "sync-password:" + sourceId;
    }

    private static NotFoundException notFound(long tenantId, long sourceId) {
        return new NotFoundException("No sync source " + sourceId + " in tenant " + tenantId);
    }

    private static SyncSource source(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws SQLException {
        Map<String, String> mapping;
        try {
            mapping = Json.mapper().readValue(rs.getString("mapping"), MAPPING);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sync_source.mapping is not a JSON object of names", e);
        }
        OffsetDateTime paused = rs.getObject("paused_at", OffsetDateTime.class);
        return new SyncSource(
                rs.getLong("sync_source_id"),
                rs.getLong("tenant_id"),
                rs.getLong("store_id"),
                rs.getString("jdbc_url"),
                rs.getString("username"),
                rs.getString("password_ref"),
                mapping,
                CursorKind.fromCode(rs.getString("cursor_kind")).orElseThrow(),
                paused != null,
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static String sql(String name) {
        return SQL.locate(SyncSources.class, name);
    }
}
