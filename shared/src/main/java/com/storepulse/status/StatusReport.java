package com.storepulse.status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the public status page shows ({@code GET /status}, {@code GET /status.json}): component
 * health, each sync source's freshness, open incidents and the last 7 days of incidents. Nothing
 * of a tenant: sync sources are numbered, incidents are labelled by what they affect (from their
 * runbook anchor), never by an alarm's or app alert's own text.
 */
public record StatusReport(
        Instant generatedAt,
        String overall,
        List<Component> components,
        List<SyncSource> syncSources,
        List<Incident> openIncidents,
        List<Incident> recentIncidents) {

    /** {@code operational}, {@code degraded} or {@code down}. */
    public record Component(String name, String status) {}

    /** A sync source by number: when it last succeeded and how long ago. */
    public record SyncSource(String name, Optional<Instant> lastSuccessAt, Optional<Long> ageSeconds, String status) {}

    /** An incident: severity, what it affects, when it started and (if it has) ended. */
    public record Incident(String severity, String affects, Instant startedAt, Optional<Instant> resolvedAt) {}
}
