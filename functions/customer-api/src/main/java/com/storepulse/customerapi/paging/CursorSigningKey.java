package com.storepulse.customerapi.paging;

import com.storepulse.config.ConfigurationException;
import com.storepulse.config.Settings;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.function.Supplier;

/**
 * The HMAC key cursors are signed with, from {@code CURSOR_SIGNING_KEY} (plain text of at least 32
 * characters, or a {@code secretsmanager:}/{@code ssm:} reference that {@link Settings} resolves).
 *
 * <p>Read on first use, not at start-up, so a secret never lands in a SnapStart snapshot. When the
 * setting is absent (laptop, tests) a random key is made for this process: cursors then work
 * within one process only and are rejected (400) after a restart or by another instance. Every
 * deployed environment must set it, and every instance must share it.
 */
public final class CursorSigningKey implements Supplier<byte[]> {

    public static final String SETTING = "CURSOR_SIGNING_KEY";
    static final int MIN_LENGTH = 32;
    private static final System.Logger LOG = System.getLogger(CursorSigningKey.class.getName());

    private final Settings settings;
    private volatile byte[] key;

    public CursorSigningKey(Settings settings) {
        this.settings = settings;
    }

    @Override
    public byte[] get() {
        byte[] current = key;
        if (current == null) {
            synchronized (this) {
                if (key == null) {
                    key = load();
                }
                current = key;
            }
        }
        return current;
    }

    private byte[] load() {
        return settings.get(SETTING)
                .map(value -> {
                    if (value.length() < MIN_LENGTH) {
                        throw new ConfigurationException(
                                "setting " + SETTING + " must be at least " + MIN_LENGTH + " characters");
                    }
                    return value.getBytes(StandardCharsets.UTF_8);
                })
                .orElseGet(() -> {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            SETTING + " is not set: cursors are signed with a random key of this "
                                    + "process and will not survive a restart or work on another instance");
                    byte[] random = new byte[32];
                    new SecureRandom().nextBytes(random);
                    return random;
                });
    }
}
