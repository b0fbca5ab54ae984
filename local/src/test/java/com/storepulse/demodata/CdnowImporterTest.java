package com.storepulse.demodata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.db.Database;
import com.storepulse.schema.Migrations;
import com.storepulse.scoring.CdnowSample;
import com.storepulse.testing.TestDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdnowImporterTest {

    @Test
    void importsTheSampleAsOneUsdStore() throws IOException {
        Path file = CdnowSample.file();
        // A database of its own: in this module's test JVM the shared one is the local stack's,
        // whose demo data loads only into a database without stores.
        try (Database db = TestDatabase.open(TestDatabase.createEmptyDatabase("sp_cdnow"), 2)) {
            Migrations.migrate(db.dataSource());
            Jdbi jdbi = db.jdbi();

            LoadReport report = new CdnowImporter(line -> {}).load(jdbi, file);

            long store = report.storeIds().get(0);
            assertEquals(2357, count(jdbi, "SELECT count(*) FROM dim_customer WHERE store_id = " + store));
            assertEquals(6919, count(jdbi, "SELECT count(*) FROM fact_order WHERE store_id = " + store));
            assertEquals(6919, count(jdbi, "SELECT sum(order_count) FROM dim_customer WHERE store_id = " + store));
            // The dollars in the file, summed here independently of the importer.
            BigDecimal fileTotal = Files.readAllLines(file).stream()
                    .filter(l -> !l.isBlank())
                    .map(l -> new BigDecimal(l.strip().split("\\s+")[4]))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(
                    0,
                    fileTotal.compareTo(jdbi.withHandle(
                            h -> h.createQuery("SELECT sum(total_spend) FROM dim_customer WHERE store_id = " + store)
                                    .mapTo(BigDecimal.class)
                                    .one())));
            assertEquals(
                    "USD",
                    jdbi.withHandle(h -> h.createQuery(
                                    "SELECT s.currency FROM store s JOIN tenant t USING (tenant_id) WHERE t.slug = 'cdnow'")
                            .mapTo(String.class)
                            .one()));
            assertEquals(
                    0,
                    count(
                            jdbi,
                            "SELECT count(*) FROM fact_order WHERE store_id = " + store
                                    + " AND (ordered_at < '1997-01-01' OR ordered_at >= '1998-07-01')"));
            assertEquals(
                    "0001-19970101-1",
                    jdbi.withHandle(h -> h.createQuery("SELECT external_id FROM fact_order WHERE store_id = " + store
                                    + " ORDER BY order_id LIMIT 1")
                            .mapTo(String.class)
                            .one()));

            IllegalStateException again =
                    assertThrows(IllegalStateException.class, () -> new CdnowImporter(line -> {}).load(jdbi, file));
            assertTrue(again.getMessage().contains("already imported"));
        }
    }

    @Test
    void reportsTheLineOfABadRecord(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.txt");
        Files.writeString(file, " 00004 0001 19970101  2   29.33\n 00004 0001 19971301  2   29.73\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CdnowImporter.parse(file));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CdnowImporter.parse(dir.resolve("missing.txt")));
    }

    private static long count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
