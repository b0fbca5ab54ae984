package com.storepulse.health;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * The body of {@code GET /health}: overall status, each dependency, the deployed version and
 * when it was checked. Serialize it with {@code Json.mapper()}; answer with {@link #httpStatus()}.
 */
public record HealthReport(Status status, Component database, Component cache, String version, Instant checkedAt) {

    /** ok: everything up. degraded: serving, without the cache. down: cannot serve (503). */
    public enum Status {
        OK,
        DEGRADED,
        DOWN;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One dependency: up, down, or disabled (not configured, e.g. no REDIS_URL). */
    public enum Component {
        UP,
        DOWN,
        DISABLED;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** 503 when the database is down (a load balancer or alarm should act), else 200. */
    @JsonIgnore
    public int httpStatus() {
        return status == Status.DOWN ? 503 : 200;
    }

    @JsonIgnore
    public boolean httpOk() {
        return httpStatus() == 200;
    }
}
