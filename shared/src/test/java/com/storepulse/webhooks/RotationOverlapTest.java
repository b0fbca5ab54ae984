package com.storepulse.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.storepulse.errors.SignatureInvalidException;
import com.storepulse.testing.MutableClock;
import com.storepulse.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A rotation without an overlap keeps the old secret for the default 24 hours (docs/webhooks.md,
 * "Secret rotation"), measured on the intake's injected clock: valid a minute before, refused a
 * minute after.
 */
class RotationOverlapTest {

    @Test
    void theOldSecretVerifiesFor24HoursAfterARotationWithoutAnOverlap() {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        IntakeFixture fixture = new IntakeFixture(TestDatabase.shared(), clock);
        Instant rotatedAt = clock.instant();
        WebhookSources.Rotated rotated =
                fixture.sources.addSecret(fixture.tenantId, fixture.sourceId, null, null, null);
        String oldSecret = fixture.secret;
        String newSecret = rotated.secret();

        Map<Long, SecretInfo> keys = fixture.sources.list(fixture.tenantId).getFirst().secrets().stream()
                .collect(Collectors.toMap(SecretInfo::secretId, Function.identity()));
        long oldId = keys.keySet().stream()
                .filter(id -> id != rotated.added().secretId())
                .findFirst()
                .orElseThrow();
        assertEquals(rotatedAt.plus(Duration.ofHours(24)), keys.get(oldId).expiresAt(), "the old key's expiry");
        assertNull(keys.get(rotated.added().secretId()).expiresAt(), "the new key does not expire");

        clock.advance(Duration.ofHours(23).plusMinutes(59));
        assertEquals(
                "applied",
                fixture.send(oldSecret, "old-2359", IntakeFixture.customerCreated("c1", "2026-05-01T11:00:00Z"))
                        .status(),
                "the old secret at 23h59m");
        assertEquals(
                "applied",
                fixture.send(newSecret, "new-2359", IntakeFixture.customerCreated("c2", "2026-05-01T11:00:00Z"))
                        .status());

        clock.advance(Duration.ofMinutes(2));
        SignatureInvalidException refused = assertThrows(
                SignatureInvalidException.class,
                () -> fixture.send(oldSecret, "old-2401", IntakeFixture.customerCreated("c3", "2026-05-01T11:00:00Z")),
                "the old secret at 24h01m");
        assertEquals("No signature in webhook-signature matches a key of this source", refused.getMessage());
        assertEquals(
                "applied",
                fixture.send(newSecret, "new-2401", IntakeFixture.customerCreated("c4", "2026-05-01T11:00:00Z"))
                        .status(),
                "the new secret at 24h01m");
    }
}
