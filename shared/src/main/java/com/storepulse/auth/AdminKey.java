package com.storepulse.auth;

import com.storepulse.config.Settings;
import com.storepulse.errors.DependencyUnavailableException;
import com.storepulse.errors.DependencyUnavailableException.Dependency;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bootstrap admin key from the setting {@code STOREPULSE_ADMIN_API_KEY} (usually a
 * {@code secretsmanager:} or {@code ssm:} reference, resolved on first use through
 * {@link Settings}, never at init, so it is not in a SnapStart snapshot).
 *
 * <p>It must be at least {@value #MIN_LENGTH} characters and must not look like a tenant key
 * ({@code sp_live_...}): tenant-format keys are never compared with it, so tenant traffic never
 * needs the admin secret. A shorter or tenant-format value disables the admin routes (logged).
 * The comparison hashes both sides and compares the digests in constant time, so neither the
 * content nor the length of the admin key leaks through timing.
 */
public final class AdminKey {

    public static final String SETTING = "STOREPULSE_ADMIN_API_KEY";
    public static final int MIN_LENGTH = 32;

    /** The caller the admin key stands for: no tenant, no key row, admin only. */
    public static final Caller ADMIN = new Caller(0, 0, "admin", Set.of(), Set.of(), 0, 0, true);

    private static final Logger LOG = LoggerFactory.getLogger(AdminKey.class);

    private final Settings settings;

    public AdminKey(Settings settings) {
        this.settings = settings;
    }

    /** Whether {@code presented} is the admin key. False when none (or an unusable one) is configured. */
    public boolean matches(String presented) {
        if (presented == null || presented.startsWith(ApiKeys.PREFIX_START)) {
            return false;
        }
        Optional<String> configured = configured();
        return configured.isPresent()
                && MessageDigest.isEqual(ApiKeys.sha256(configured.get()), ApiKeys.sha256(presented));
    }

    private Optional<String> configured() {
        Optional<String> value;
        try {
            value = settings.get(SETTING);
        } catch (RuntimeException e) {
            // The secret store is unreachable: say so, rather than 401 a correct admin key.
            LOG.warn("cannot resolve {}: {}", SETTING, e.getClass().getSimpleName());
            throw new DependencyUnavailableException(
                    Dependency.SECRETS, "The admin key cannot be checked right now; try again later.", e);
        }
        if (value.isEmpty()) {
            return value;
        }
        String key = value.get();
        if (key.length() < MIN_LENGTH || key.startsWith(ApiKeys.PREFIX_START)) {
            LOG.warn(
                    "{} is shorter than {} characters or looks like a tenant key: admin routes are disabled",
                    SETTING,
                    MIN_LENGTH);
            return Optional.empty();
        }
        return value;
    }
}
