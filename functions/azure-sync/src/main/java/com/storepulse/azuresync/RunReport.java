package com.storepulse.azuresync;

import com.storepulse.sync.SyncOutcome;
import java.util.List;

/**
 * What an invocation that ran a source answers (the manual invoke's caller reads it): the
 * recorded outcome, flattened for JSON.
 *
 * @param lagSeconds now minus the newest source change the run saw; null when it saw none
 * @param failure why the run failed (never a password); null unless {@code status} is FAILED
 */
public record RunReport(
        long sourceId,
        String mode,
        String reason,
        SyncOutcome.Status status,
        long runId,
        long rowsRead,
        long rowsWritten,
        long durationMillis,
        Long lagSeconds,
        String failure,
        List<SyncOutcome.TableCounts> tables) {

    static RunReport of(SyncRequest request, SyncOutcome outcome) {
        return new RunReport(
                outcome.sourceId(),
                request.mode().name().toLowerCase(java.util.Locale.ROOT),
                request.reason().json(),
                outcome.status(),
                outcome.runId(),
                outcome.rowsRead(),
                outcome.rowsWritten(),
                outcome.duration().toMillis(),
                outcome.lag().map(java.time.Duration::toSeconds).orElse(null),
                outcome.failure().orElse(null),
                outcome.tables());
    }

    /** The run in one log line. */
    String describe() {
        return "sync of source " + sourceId + " (" + mode + " " + reason + "): " + status + ", run " + runId + ", "
                + rowsRead + " rows read, " + rowsWritten + " written in " + durationMillis + " ms"
                + (lagSeconds == null ? "" : ", lag " + lagSeconds + " s");
    }
}
