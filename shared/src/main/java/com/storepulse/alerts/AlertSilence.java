package com.storepulse.alerts;

import java.time.Instant;
import java.util.Optional;

/**
 * A silence: notices of a fingerprint, or of names matching a pattern ({@code *}, {@code ?}), are
 * recorded but not posted until {@link #endsAt}. A resolved notice owed for a firing that Slack
 * was told about is still posted.
 *
 * @param id the row's id; 0 for a silence from configuration ({@value AlertSilences#SETTING})
 */
public record AlertSilence(
        long id,
        Optional<String> fingerprint,
        Optional<String> namePattern,
        Instant endsAt,
        String comment,
        String createdBy,
        Instant createdAt) {

    public boolean mutes(AlertNotice notice, Instant now) {
        if (!endsAt.isAfter(now)) {
            return false;
        }
        return fingerprint.map(f -> f.equals(notice.fingerprint())).orElse(false)
                || namePattern
                        .map(p -> AlertRouting.glob(p).matcher(notice.name()).matches())
                        .orElse(false);
    }
}
