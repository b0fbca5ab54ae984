package com.storepulse.status;

import com.storepulse.health.HealthCheck;
import com.storepulse.health.HealthReport;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * Builds the public {@link StatusReport}: the API (it answered), the database and the cache
 * (from {@link HealthCheck}), sync freshness ({@code sync_run}) and incidents
 * ({@code alert_incident}, written by the alert fan-out). Built at most once per {@link #ttl}
 * per instance, so load on the page costs at most one health check and two small queries every
 * few seconds, however many ask. If the database is down the page still answers, saying so.
 */
public final class StatusBoard {

    public static final Duration HISTORY = Duration.ofDays(7);
    /** A source whose last success is older than this is shown as delayed. */
    public static final Duration STALE = Duration.ofHours(1);

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();

    /** What a runbook anchor's incidents affect, in words a customer understands. */
    static final Map<String, String> AFFECTS = Map.ofEntries(
            Map.entry("api-errors", "API errors"),
            Map.entry("slow-api", "API response times"),
            Map.entry("webhook-errors", "Webhook intake"),
            Map.entry("webhook-signature-failures", "Webhook intake"),
            Map.entry("sync-failed", "Data sync"),
            Map.entry("sync-dead-letters", "Data sync"),
            Map.entry("sync-source-lagging", "Data sync"),
            Map.entry("cache-down", "API response times"),
            Map.entry("usage-flush-failing", "Usage reporting"),
            Map.entry("throttling", "API capacity"),
            Map.entry("alerts-not-delivered", "Internal monitoring"));

    /** The component a runbook anchor's incidents affect, if the status page knows the anchor. */
    public static Optional<String> component(String runbook) {
        return Optional.ofNullable(AFFECTS.get(runbook));
    }

    private final HealthCheck health;
    private final Jdbi jdbi;
    private final Duration ttl;
    private final InstantSource clock;
    private StatusReport cached;

    public StatusBoard(HealthCheck health, Jdbi jdbi, Duration ttl, InstantSource clock) {
        this.health = health;
        this.jdbi = jdbi;
        this.ttl = ttl;
        this.clock = clock;
    }

    public Duration ttl() {
        return ttl;
    }

    /** The report, rebuilt when the cached one is older than the TTL. */
    public synchronized StatusReport report() {
        Instant now = clock.instant();
        if (cached == null || !cached.generatedAt().plus(ttl).isAfter(now)) {
            cached = build(now);
        }
        return cached;
    }

    private StatusReport build(Instant now) {
        HealthReport h = health.check();
        boolean databaseUp = h.database() == HealthReport.Component.UP;
        List<StatusReport.Component> components = new ArrayList<>();
        components.add(new StatusReport.Component("API", "operational"));
        components.add(new StatusReport.Component("Database", databaseUp ? "operational" : "down"));
        components.add(new StatusReport.Component(
                "Cache", h.cache() == HealthReport.Component.DOWN ? "degraded" : "operational"));
        List<StatusReport.SyncSource> sources = new ArrayList<>();
        List<StatusReport.Incident> open = new ArrayList<>();
        List<StatusReport.Incident> recent = new ArrayList<>();
        if (databaseUp) {
            try {
                jdbi.useHandle(handle -> {
                    handle.createQuery(SQL.locate(StatusBoard.class, "syncSources"))
                            .map((rs, ctx) -> {
                                Optional<Instant> last = Optional.ofNullable(
                                                rs.getObject("last_success_at", OffsetDateTime.class))
                                        .map(OffsetDateTime::toInstant);
                                Optional<Long> age = last.map(t ->
                                        Math.max(0, Duration.between(t, now).toSeconds()));
                                String status = last.isEmpty()
                                        ? "never synced"
                                        : age.get() > STALE.toSeconds() ? "delayed" : "operational";
                                if ("failed".equals(rs.getString("latest_status")) && "operational".equals(status)) {
                                    status = "retrying";
                                }
                                return new StatusReport.SyncSource(
                                        "Source " + rs.getLong("ordinal"), last, age, status);
                            })
                            .forEach(sources::add);
                    handle.createQuery(SQL.locate(StatusBoard.class, "incidents"))
                            .bind("window", HISTORY.toString())
                            .map((rs, ctx) -> new StatusReport.Incident(
                                    rs.getString("severity"),
                                    AFFECTS.getOrDefault(rs.getString("runbook"), "Service"),
                                    rs.getObject("started_at", OffsetDateTime.class)
                                            .toInstant(),
                                    Optional.ofNullable(rs.getObject("resolved_at", OffsetDateTime.class))
                                            .map(OffsetDateTime::toInstant)))
                            .forEach(i -> (i.resolvedAt().isEmpty() ? open : recent).add(i));
                });
            } catch (RuntimeException e) {
                components.set(1, new StatusReport.Component("Database", "degraded"));
            }
        }
        String overall = !databaseUp || open.stream().anyMatch(i -> "P0".equals(i.severity()))
                ? "major outage"
                : !open.isEmpty() || components.stream().anyMatch(c -> !"operational".equals(c.status()))
                        ? "degraded"
                        : "operational";
        return new StatusReport(now, overall, components, sources, open, recent);
    }
}
