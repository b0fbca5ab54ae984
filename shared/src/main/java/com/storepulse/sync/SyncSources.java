package com.storepulse.sync;

import com.storepulse.config.SecretResolver;
import com.storepulse.crypto.SecretBox;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The registry of sync sources, for the admin routes (customer-api) and the scheduler (azure-sync).
 * A plain password is sealed with {@link SecretBox} under {@code sync-password:<id>}, as webhook
 * secrets are; a {@code secretsmanager:}/{@code ssm:} reference is kept as given and resolved at
 * run time through the {@link SecretResolver}. SQL beside it in {@code SyncSources/*.sql}.
 */
public final class SyncSources {

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
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Registers a source of the tenant's store. {@code cursor} may be null (the dialect's default);
     * throws {@link com.storepulse.errors.ValidationException} for bad input and {@link
     * com.storepulse.errors.UnknownStoreException} when the store is not the tenant's.
     */
    public SyncSource register(
            long tenantId,
            long storeId,
            String jdbcUrl,
            String username,
            String password,
            Map<String, String> mapping,
            String cursor) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The tenant's sources, deleted ones left out. */
    public List<SyncSource> list(long tenantId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Pauses or resumes; {@link com.storepulse.errors.NotFoundException} when not the tenant's. */
    public SyncSource setPaused(long tenantId, long sourceId, boolean paused) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Deletes (soft: its runs stay in the ledger); {@link com.storepulse.errors.NotFoundException} when not the tenant's. */
    public void delete(long tenantId, long sourceId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The source if it exists and is neither paused nor deleted. */
    public Optional<SyncSource> active(long sourceId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** How to connect to it, secrets resolved now (never cached: a rotated secret is picked up). */
    public SourceConnections.SourceLogin login(SyncSource source) {
        throw new UnsupportedOperationException("not yet");
    }
}
