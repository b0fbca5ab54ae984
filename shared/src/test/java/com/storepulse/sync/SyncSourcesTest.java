package com.storepulse.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.config.SecretResolver;
import com.storepulse.db.Database;
import com.storepulse.errors.FieldError;
import com.storepulse.errors.NotFoundException;
import com.storepulse.errors.UnknownStoreException;
import com.storepulse.errors.ValidationException;
import com.storepulse.testing.MovableClock;
import com.storepulse.testing.TestDatabase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry: what it accepts, what it keeps sealed, what it never shows. */
class SyncSourcesTest {

    private static final Database DATABASE = TestDatabase.shared();

    private final MovableClock clock = new MovableClock(java.time.Instant.parse("2026-03-01T12:00:00Z"));
    private SyncSources sources;
    private long tenantId;
    private long storeId;

    @BeforeEach
    void tenant() {
        long[] ids = SyncTestSupport.tenantAndStore(DATABASE);
        tenantId = ids[0];
        storeId = ids[1];
        SecretResolver resolver = reference ->
                reference.equals("secretsmanager:shop/db#password") ? Optional.of("from-the-vault") : Optional.empty();
        sources = new SyncSources(DATABASE.jdbi(), SyncTestSupport.BOX, resolver, clock);
    }

    @Test
    void aPlainPasswordIsSealedAndNeverShown() {
        SyncSource source = sources.register(
                tenantId,
                storeId,
                "jdbc:sqlserver://shop.database.windows.net:1433;databaseName=erp",
                "sync",
                "s3cret-P4ss",
                Map.of(),
                null);
        assertEquals(CursorKind.ROWVERSION, source.cursor(), "SQL Server's default cursor");
        assertNull(source.passwordRef());
        assertFalse(source.toString().contains("s3cret"));
        byte[] stored = DATABASE.jdbi()
                .withHandle(h -> h.createQuery("SELECT password_sealed FROM sync_source WHERE sync_source_id = :id")
                        .bind("id", source.id())
                        .mapTo(byte[].class)
                        .one());
        assertFalse(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1).contains("s3cret"));
        SourceConnections.SourceLogin login = sources.login(source);
        assertEquals("s3cret-P4ss", login.password());
        assertFalse(login.toString().contains("s3cret"));
    }

    @Test
    void referencesAreKeptAndResolvedAtRunTime() {
        SyncSource source = sources.register(
                tenantId,
                storeId,
                "jdbc:mariadb://db:3306/erp",
                "reader",
                "secretsmanager:shop/db#password",
                Map.of("Customers", "Clients"),
                "modifiedAt");
        assertEquals("secretsmanager:shop/db#password", source.passwordRef());
        assertEquals(Map.of("Customers", "Clients"), source.mapping());
        assertEquals("from-the-vault", sources.login(source).password());
        assertEquals(List.of(source), sources.list(tenantId));
    }

    @Test
    void badInputIsRefusedFieldByField() {
        Map<String, String> mapping = new HashMap<>();
        mapping.put("Customers.Email", "Email; DROP TABLE x");
        mapping.put("Shoppers", "People");
        ValidationException refused = assertThrows(
                ValidationException.class,
                () -> sources.register(
                        tenantId, storeId, "jdbc:mariadb://db/erp?password=x", null, null, mapping, "rowversion"));
        List<String> fields =
                refused.fieldErrors().stream().map(FieldError::field).sorted().toList();
        assertEquals(List.of("cursor", "jdbcUrl", "mapping.Customers.Email", "mapping.Shoppers"), fields);
        assertThrows(
                ValidationException.class,
                () -> sources.register(tenantId, storeId, "jdbc:oracle:thin:@db", null, null, Map.of(), null));
        assertThrows(
                ValidationException.class,
                () -> sources.register(tenantId, storeId, "jdbc:h2:mem:x", null, "ssm:", Map.of(), null));
    }

    @Test
    void anotherTenantsStoreOrSourceIsNotFound() {
        long[] other = SyncTestSupport.tenantAndStore(DATABASE);
        assertThrows(
                UnknownStoreException.class,
                () -> sources.register(tenantId, other[1], "jdbc:h2:mem:x", null, null, Map.of(), null));
        SyncSource mine = sources.register(tenantId, storeId, "jdbc:h2:mem:x", null, null, Map.of(), null);
        assertThrows(NotFoundException.class, () -> sources.setPaused(other[0], mine.id(), true));
        assertThrows(NotFoundException.class, () -> sources.delete(other[0], mine.id()));
    }

    @Test
    void pauseResumeAndDeleteDecideWhatIsActive() {
        SyncSource source = sources.register(tenantId, storeId, "jdbc:h2:mem:x", null, "pw", Map.of(), null);
        assertTrue(sources.activeSourceIds().contains(source.id()));
        assertTrue(sources.setPaused(tenantId, source.id(), true).paused());
        assertFalse(sources.activeSourceIds().contains(source.id()));
        assertTrue(sources.active(source.id()).isEmpty());
        assertFalse(sources.setPaused(tenantId, source.id(), false).paused());
        assertTrue(sources.activeSourceIds().contains(source.id()));
        sources.delete(tenantId, source.id());
        assertFalse(sources.activeSourceIds().contains(source.id()));
        assertTrue(sources.list(tenantId).isEmpty());
        assertThrows(NotFoundException.class, () -> sources.delete(tenantId, source.id()));
        byte[] sealed = DATABASE.jdbi()
                .withHandle(h -> h.createQuery("SELECT password_sealed FROM sync_source WHERE sync_source_id = :id")
                        .bind("id", source.id())
                        .mapTo(byte[].class)
                        .one());
        assertNull(sealed, "a deleted source's password is dropped");
    }
}
