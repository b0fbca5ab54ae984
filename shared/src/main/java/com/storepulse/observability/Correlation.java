package com.storepulse.observability;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The correlation id of the current invocation: one id that ties together every log line, the
 * problem+json body and the {@code X-Correlation-Id} response header of one request, webhook or
 * sync run.
 *
 * <p>It lives in the logging context under {@code correlation_id}, the key Powertools' JSON
 * layout prints (SLF4J's MDC is Log4j's ThreadContext here). {@link InvocationScope} sets and
 * clears it; code that needs the id (for a response header) reads {@link #current()}. An API
 * Gateway request's id is chosen at the edge (com.storepulse.http.ApiGatewayExchange).
 */
public final class Correlation {

    public static final String HEADER = "X-Correlation-Id";
    /** Same name as Powertools' {@code PowertoolsLoggedFields.CORRELATION_ID}. */
    public static final String LOG_KEY = "correlation_id";

    // Ids go into logs and headers: a strict alphabet keeps log injection and header splitting out.
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private Correlation() {}

    public static void set(String correlationId) {
        MDC.put(LOG_KEY, correlationId);
    }

    public static Optional<String> current() {
        return Optional.ofNullable(MDC.get(LOG_KEY));
    }

    public static void clear() {
        MDC.remove(LOG_KEY);
    }

    /** For webhooks (the provider's delivery id) and anything else that carries its own id. */
    public static String idOrNew(String candidate) {
        return isSafe(candidate) ? candidate : newId();
    }

    public static String forSyncRun(long runId) {
        return "sync-run-" + runId;
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    public static boolean isSafe(String candidate) {
        return candidate != null && SAFE_ID.matcher(candidate).matches();
    }
}
