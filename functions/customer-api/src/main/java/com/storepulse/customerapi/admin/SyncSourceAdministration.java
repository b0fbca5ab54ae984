package com.storepulse.customerapi.admin;

import com.storepulse.sync.SyncSource;
import com.storepulse.sync.SyncSources;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The admin routes' view of {@link SyncSources}: what each answer shows. A password is never shown,
 * not even in the answer that registered it: only whether one is stored ({@code password: "sealed"})
 * or where it lives ({@code secretsmanager:}/{@code ssm:} reference).
 */
final class SyncSourceAdministration {

    private final SyncSources sources;

    SyncSourceAdministration(SyncSources sources) {
        this.sources = sources;
    }

    /** {@code password}: {@code "sealed"}, the reference, or null when the source has none. */
    record SourceView(
            long sourceId,
            long storeId,
            String jdbcUrl,
            String username,
            String password,
            Map<String, String> mapping,
            String cursor,
            boolean paused,
            Instant createdAt) {

        static SourceView of(SyncSource source, boolean hasSealedPassword) {
            return new SourceView(
                    source.id(),
                    source.storeId(),
                    source.jdbcUrl(),
                    source.username(),
                    source.passwordRef() != null ? source.passwordRef() : hasSealedPassword ? "sealed" : null,
                    source.mapping(),
                    source.cursor().code(),
                    source.paused(),
                    source.createdAt());
        }
    }

    record Sources(List<SourceView> sources) {}

    SourceView register(long tenantId, AdminRequests.NewSyncSource request) {
        request.check();
        SyncSource source = sources.register(
                tenantId,
                request.storeId(),
                request.jdbcUrl(),
                request.username(),
                request.password(),
                request.mapping(),
                request.cursor());
        return SourceView.of(source, sources.hasSealedPassword(source.id()));
    }

    Sources list(long tenantId) {
        return new Sources(sources.list(tenantId).stream()
                .map(source -> SourceView.of(source, sources.hasSealedPassword(source.id())))
                .toList());
    }

    SourceView setPaused(long tenantId, long sourceId, boolean paused) {
        SyncSource source = sources.setPaused(tenantId, sourceId, paused);
        return SourceView.of(source, sources.hasSealedPassword(source.id()));
    }

    void delete(long tenantId, long sourceId) {
        sources.delete(tenantId, sourceId);
    }
}
