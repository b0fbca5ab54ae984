package com.storepulse.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.storepulse.db.Database;
import com.storepulse.testing.TestDatabase;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.Test;

/** The audit log takes new records and refuses to change or lose one, whoever asks. */
class AuditLogTest {

    private static final Database DATABASE = TestDatabase.shared();

    @Test
    void recordsAreAppendedAndNeverChangedOrRemoved() {
        String action = "test.action." + UUID.randomUUID();
        AuditLog log = new AuditLog(DATABASE.jdbi());
        log.record(AuditActor.admin("192.0.2.1"), null, null, action, Map.of("id", "7"), "200");
        log.record(AuditActor.apiKey(5, "sp_live_abcdefgh", 3, null), null, null, action, Map.of(), "done");

        assertEquals(
                "admin 192.0.2.1 {\"id\": \"7\"} 200; api_key sp_live_abcdefgh 3 done",
                DATABASE.jdbi()
                        .withHandle(h -> h.createQuery("""
                                        SELECT string_agg(CASE actor_kind WHEN 'admin'
                                                   THEN actor_kind || ' ' || source_ip || ' ' || target::text || ' ' || outcome
                                                   ELSE actor_kind || ' ' || actor_key_prefix || ' ' || tenant_id || ' ' || outcome END,
                                               '; ' ORDER BY audit_id)
                                        FROM audit_log WHERE action = :a""")
                                .bind("a", action)
                                .mapTo(String.class)
                                .one()));

        for (String refused : new String[] {
            "UPDATE audit_log SET outcome = 'rewritten' WHERE action = '" + action + "'",
            "DELETE FROM audit_log WHERE action = '" + action + "'",
            "TRUNCATE audit_log"
        }) {
            JdbiException thrown = assertThrows(
                    JdbiException.class, () -> DATABASE.jdbi().useHandle(h -> h.execute(refused)), refused);
            assertEquals("42501", sqlState(thrown), refused + ": refused by the append-only trigger");
        }
        long kept = DATABASE.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT count(*) FROM audit_log WHERE action = :a AND outcome <> 'rewritten'")
                        .bind("a", action)
                        .mapTo(Long.class)
                        .one());
        assertEquals(2, kept, "both records are as written");
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return "none";
    }
}
