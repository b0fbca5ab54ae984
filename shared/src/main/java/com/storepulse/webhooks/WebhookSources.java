package com.storepulse.webhooks;

import com.storepulse.crypto.SecretBox;
import com.storepulse.db.TenantScope;
import com.storepulse.errors.FieldError;
import com.storepulse.errors.NotFoundException;
import com.storepulse.errors.ValidationException;
import com.storepulse.stores.TenantStores;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * The registry of webhook sources and their keys, for the admin routes (customer-api) and the
 * intake (webhook-intake) alike. SQL beside it in {@code WebhookSources/*.sql}.
 *
 * <p>HMAC secrets are sealed with {@link SecretBox} under the row's id ({@code webhook-secret:<id>})
 * and shown once, in the answer that created them. Rotation adds a key and gives the live keys of
 * the same kind an expiry ({@link #DEFAULT_ROTATION_OVERLAP} unless the caller names one): until
 * then old and new both verify. A revoked key stops verifying at once.
 */
public final class WebhookSources {

    public static final Duration DEFAULT_ROTATION_OVERLAP = Duration.ofHours(24);
    public static final Duration MAX_ROTATION_OVERLAP = Duration.ofDays(30);

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final Map<String, String> LOCATED = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    private final Jdbi jdbi;
    private final SecretBox box;
    private final Clock clock;

    public WebhookSources(Jdbi jdbi, SecretBox box, Clock clock) {
        this.jdbi = jdbi;
        this.box = box;
        this.clock = clock;
    }

    /** A new source and its one-time secret (null when the source has only an Ed25519 key). */
    public record Registered(WebhookSource source, List<SecretInfo> secrets, String secret) {}

    /** A key added by rotation, and its one-time secret (null for an Ed25519 key). */
    public record Rotated(SecretInfo added, String secret) {}

    /** A source with what may be shown of its keys. */
    public record SourceView(WebhookSource source, List<SecretInfo> secrets) {}

    /** The active source and the keys that verify now, opened. */
    public record ActiveSource(WebhookSource source, List<SigningKey> keys) {}

    /**
     * Registers a source. {@code publicKey} ({@code whpk_...}, Standard Webhooks only) makes it an
     * Ed25519 source; otherwise an HMAC secret is generated, or {@code secret} is taken (Shopify and
     * Stripe: the sender's own signing secret).
     */
    public Registered register(
            long tenantId, long storeId, String schemeCode, String name, String publicKey, String secret) {
        List<FieldError> errors = registrationErrors(schemeCode, name, publicKey, secret);
        if (!errors.isEmpty()) {
            throw ValidationException.of(errors);
        }
        WebhookScheme scheme = WebhookScheme.fromCode(schemeCode).orElseThrow();
        byte[] rawPublicKey = publicKey == null ? null : WebhookKeys.parsePublicKey("publicKey", publicKey);
        return jdbi.inTransaction(h -> {
            TenantStores.requireStoreOfTenant(h, tenantId, storeId);
            WebhookSource source = h.createQuery(sql("insertSource"))
                    .bind("sourceId", newSourceId())
                    .bind("tenantId", tenantId)
                    .bind("storeId", storeId)
                    .bind("scheme", scheme.code())
                    .bind("name", name.strip())
                    .map(WebhookSources::source)
                    .one();
            if (rawPublicKey != null) {
                return new Registered(source, List.of(insertPublicKey(h, source.sourceId(), rawPublicKey)), null);
            }
            String issued = secret != null ? secret : WebhookKeys.newSecret();
            return new Registered(source, List.of(insertHmac(h, source.sourceId(), issued)), issued);
        });
    }

    /**
     * Every rule the fields of a registration break, all at once, one error per field (empty: the
     * fields are valid; whether the store is the tenant's needs the database). The admin route adds
     * these to its own checks of the body, so one 400 names every bad field.
     */
    public static List<FieldError> registrationErrors(String schemeCode, String name, String publicKey, String secret) {
        List<FieldError> errors = new ArrayList<>();
        Optional<WebhookScheme> scheme = WebhookScheme.fromCode(schemeCode);
        if (scheme.isEmpty()) {
            errors.add(new FieldError("scheme", "must be one of standard-webhooks, shopify, stripe"));
        }
        if (name == null || name.isBlank() || name.length() > 200) {
            errors.add(new FieldError("name", "is required, at most 200 characters"));
        }
        errors.addAll(keyErrors(scheme.orElse(null), publicKey, secret));
        return errors;
    }

    /**
     * What is wrong with a key given for a source of {@code scheme} (null: unknown, so the rules that
     * depend on it are not checked): a public key of another scheme or not {@code whpk_} + 32 bytes, a
     * secret the scheme cannot use, both at once. At most one error per field.
     */
    private static List<FieldError> keyErrors(WebhookScheme scheme, String publicKey, String secret) {
        List<FieldError> errors = new ArrayList<>();
        if (publicKey != null) {
            if (scheme != null && scheme != WebhookScheme.STANDARD_WEBHOOKS) {
                errors.add(new FieldError("publicKey", "only a standard-webhooks source verifies Ed25519 (v1a)"));
            } else {
                try {
                    WebhookKeys.parsePublicKey("publicKey", publicKey);
                } catch (ValidationException malformed) {
                    errors.addAll(malformed.fieldErrors());
                }
            }
        }
        if (publicKey != null && secret != null) {
            errors.add(new FieldError("secret", "give either publicKey or secret"));
        } else if (secret != null && scheme != null && !WebhookKeys.isValidSecret(scheme, secret)) {
            errors.add(new FieldError("secret", secretRule(scheme)));
        }
        return errors;
    }

    /**
     * Installs a source with a fixed id whose one live key is {@code secret} (the local stack's demo
     * source): created if missing, its earlier keys revoked, so each start's secret is the one that
     * verifies, whatever data key sealed the earlier ones.
     */
    public void install(
            String sourceId, long tenantId, long storeId, WebhookScheme scheme, String name, String secret) {
        // As the tenant it belongs to (row-level security).
        TenantScope.run(
                tenantId,
                () -> jdbi.useTransaction(h -> {
                    h.createUpdate(sql("upsertFixedSource"))
                            .bind("sourceId", sourceId)
                            .bind("tenantId", tenantId)
                            .bind("storeId", storeId)
                            .bind("scheme", scheme.code())
                            .bind("name", name)
                            .execute();
                    h.createUpdate(
                                    "UPDATE webhook_secret SET revoked_at = now() WHERE source_id = :sourceId AND revoked_at IS NULL")
                            .bind("sourceId", sourceId)
                            .execute();
                    insertHmac(h, sourceId, secret);
                }));
    }

    /**
     * Rotation: adds a key and lets the source's live keys of the same kind expire after {@code
     * overlap} (null: {@link #DEFAULT_ROTATION_OVERLAP}).
     */
    public Rotated addSecret(long tenantId, String sourceId, Duration overlap, String publicKey, String secret) {
        Duration keep = overlap == null ? DEFAULT_ROTATION_OVERLAP : overlap;
        return jdbi.inTransaction(h -> {
            WebhookSource source = sourceOfTenant(h, tenantId, sourceId);
            if (source.revokedAt() != null) {
                throw new NotFoundException("No webhook source " + sourceId);
            }
            List<FieldError> errors = new ArrayList<>();
            if (keep.isNegative() || keep.compareTo(MAX_ROTATION_OVERLAP) > 0) {
                errors.add(new FieldError(
                        "expireCurrentAfterSeconds", "must be between 0 and " + MAX_ROTATION_OVERLAP.toSeconds()));
            }
            errors.addAll(keyErrors(source.scheme(), publicKey, secret));
            if (!errors.isEmpty()) {
                throw ValidationException.of(errors);
            }
            SigningKey.Kind kind = publicKey != null ? SigningKey.Kind.ED25519 : SigningKey.Kind.HMAC;
            h.createUpdate(sql("expireLiveSecrets"))
                    .bind("sourceId", sourceId)
                    .bind("kind", kind.code())
                    .bind("expiresAt", utc(clock.instant().plus(keep)))
                    .execute();
            if (publicKey != null) {
                return new Rotated(
                        insertPublicKey(h, sourceId, WebhookKeys.parsePublicKey("publicKey", publicKey)), null);
            }
            String issued = secret != null ? secret : WebhookKeys.newSecret();
            return new Rotated(insertHmac(h, sourceId, issued), issued);
        });
    }

    /** Revokes one key at once; {@link NotFoundException} if the tenant has no such live key. */
    public void revokeSecret(long tenantId, String sourceId, long secretId) {
        if (!isSourceId(sourceId)) {
            throw new NotFoundException("No webhook source with that id in tenant " + tenantId);
        }
        boolean revoked = jdbi.withHandle(h -> h.createQuery(sql("revokeSecret"))
                .bind("tenantId", tenantId)
                .bind("sourceId", sourceId)
                .bind("secretId", secretId)
                .mapTo(Long.class)
                .findOne()
                .isPresent());
        if (!revoked) {
            throw new NotFoundException("No live key " + secretId + " of webhook source " + sourceId);
        }
    }

    /** The tenant's sources, oldest first, with their keys' metadata. */
    public List<SourceView> list(long tenantId) {
        return jdbi.withHandle(h -> {
            List<WebhookSource> sources = h.createQuery(sql("sourcesOfTenant"))
                    .bind("tenantId", tenantId)
                    .map(WebhookSources::source)
                    .list();
            Map<String, List<SecretInfo>> secrets = new LinkedHashMap<>();
            sources.forEach(s -> secrets.put(s.sourceId(), new ArrayList<>()));
            h.createQuery(sql("secretsOfSources"))
                    .bind(
                            "sourceIds",
                            sources.stream().map(WebhookSource::sourceId).toArray(String[]::new))
                    .map((rs, ctx) -> Map.entry(rs.getString("source_id"), secretInfo(rs)))
                    .forEach(e -> secrets.get(e.getKey()).add(e.getValue()));
            return sources.stream()
                    .map(s -> new SourceView(s, List.copyOf(secrets.get(s.sourceId()))))
                    .toList();
        });
    }

    /** The source if active, with the keys that verify now; empty for an unknown or revoked source. */
    public Optional<ActiveSource> active(String sourceId) {
        if (!isSourceId(sourceId)) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> h.createQuery(sql("activeSource"))
                .bind("sourceId", sourceId)
                .bind("now", utc(clock.instant()))
                .scanResultSet((rows, ctx) -> {
                    ResultSet rs = rows.get();
                    if (!rs.next()) {
                        return Optional.<ActiveSource>empty();
                    }
                    WebhookSource source = source(rs, ctx);
                    List<SigningKey> keys = new ArrayList<>();
                    do {
                        rs.getLong("secret_id");
                        if (!rs.wasNull()) {
                            keys.add(signingKey(rs));
                        }
                    } while (rs.next());
                    return Optional.of(new ActiveSource(source, List.copyOf(keys)));
                }));
    }

    private SigningKey signingKey(ResultSet rs) throws SQLException {
        long id = rs.getLong("secret_id");
        if ("ed25519".equals(rs.getString("kind"))) {
            return new SigningKey(id, SigningKey.Kind.ED25519, rs.getBytes("public_key"));
        }
        return new SigningKey(id, SigningKey.Kind.HMAC, box.open(rs.getBytes("sealed"), context(id)));
    }

    private SecretInfo insertHmac(Handle h, String sourceId, String secret) {
        long id = h.createQuery(sql("nextSecretId")).mapTo(Long.class).one();
        return h.createQuery(sql("insertSecret"))
                .bind("secretId", id)
                .bind("sourceId", sourceId)
                .bind("kind", SigningKey.Kind.HMAC.code())
                .bind("sealed", box.seal(secret.getBytes(StandardCharsets.UTF_8), context(id)))
                .bind("publicKey", (byte[]) null)
                .bind("expiresAt", (OffsetDateTime) null)
                .map((rs, ctx) -> secretInfo(rs))
                .one();
    }

    private static SecretInfo insertPublicKey(Handle h, String sourceId, byte[] publicKey) {
        long id = h.createQuery(sql("nextSecretId")).mapTo(Long.class).one();
        return h.createQuery(sql("insertSecret"))
                .bind("secretId", id)
                .bind("sourceId", sourceId)
                .bind("kind", SigningKey.Kind.ED25519.code())
                .bind("sealed", (byte[]) null)
                .bind("publicKey", publicKey)
                .bind("expiresAt", (OffsetDateTime) null)
                .map((rs, ctx) -> secretInfo(rs))
                .one();
    }

    private static WebhookSource sourceOfTenant(Handle h, long tenantId, String sourceId) {
        if (!isSourceId(sourceId)) {
            throw new NotFoundException("No webhook source with that id in tenant " + tenantId);
        }
        return h.createQuery(sql("sourceOfTenant"))
                .bind("tenantId", tenantId)
                .bind("sourceId", sourceId)
                .map(WebhookSources::source)
                .findOne()
                .orElseThrow(() -> new NotFoundException("No webhook source " + sourceId + " in tenant " + tenantId));
    }

    /**
     * Whether {@code sourceId} could name a source: what a path carries is any text (a NUL among
     * it, which PostgreSQL refuses in a text parameter), and no source has such an id.
     */
    public static boolean isSourceId(String sourceId) {
        return sourceId != null && sourceId.matches("[A-Za-z0-9_-]{1,64}");
    }

    private static String secretRule(WebhookScheme scheme) {
        return scheme == WebhookScheme.STANDARD_WEBHOOKS
                ? "must be whsec_ followed by base64 of at least 16 bytes"
                : "must be 16 to 200 printable characters";
    }

    static String context(long secretId) {
        return "webhook-secret:" + secretId;
    }

    private static String newSourceId() {
        StringBuilder id = new StringBuilder("src_");
        for (int i = 0; i < 20; i++) {
            id.append(ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)]);
        }
        return id.toString();
    }

    private static WebhookSource source(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws SQLException {
        return new WebhookSource(
                rs.getString("source_id"),
                rs.getLong("tenant_id"),
                rs.getLong("store_id"),
                WebhookScheme.fromCode(rs.getString("scheme")).orElseThrow(),
                rs.getString("name"),
                instant(rs, "created_at"),
                instant(rs, "revoked_at"));
    }

    private static SecretInfo secretInfo(ResultSet rs) throws SQLException {
        byte[] publicKey = rs.getBytes("public_key");
        return new SecretInfo(
                rs.getLong("secret_id"),
                rs.getString("kind"),
                publicKey == null ? null : WebhookKeys.formatPublicKey(publicKey),
                instant(rs, "created_at"),
                instant(rs, "expires_at"),
                instant(rs, "revoked_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Located once per name (a request runs several statements; locating builds paths each time). */
    private static String sql(String name) {
        return LOCATED.computeIfAbsent(name, n -> SQL.locate(WebhookSources.class, n));
    }
}
