package com.storepulse.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Select;
import org.junit.jupiter.api.Test;

/**
 * Every statement the connector sends to SQL Server parses with a T-SQL grammar (JSqlParser with
 * square-bracket quoting), for the default layout and for a remapped one, with both cursor kinds.
 * No SQL Server runs here: this is what stands in for "SQL Server accepts it" (docs/sync.md).
 */
class TsqlGrammarTest {

    private static Statement parse(String sql) throws JSQLParserException {
        return CCJSqlParserUtil.parse(sql, parser -> parser.withSquareBracketQuotation(true));
    }

    private static List<String> everyStatement() {
        List<String> all = new ArrayList<>();
        Map<String, String> remapped = Map.of(
                "Customers", "sales.Clients",
                "Customers.CustomerId", "ClientGuid",
                "Customers.ModifiedAt", "UpdatedUtc",
                "Orders", "Invoices",
                "Orders.TotalAmount", "GrossTotal",
                "Orders.RowVer", "Version");
        for (Map<String, String> mapping : List.of(Map.<String, String>of(), remapped)) {
            for (CursorKind kind : CursorKind.values()) {
                all.addAll(new SourceReader(
                                SourceDialect.SQLSERVER, SyncMapping.of(mapping, SourceDialect.SQLSERVER), kind)
                        .statements());
            }
        }
        return all;
    }

    @Test
    void everyStatementSentToSqlServerParsesAsTsql() throws Exception {
        List<String> statements = everyStatement();
        assertEquals(32, statements.size(), "2 mappings x 2 cursor kinds x 2 tables x 4 statements");
        for (String sql : statements) {
            assertTrue(parse(sql) instanceof Select, sql);
            assertTrue(!sql.matches("(?s).*<[a-z]+>.*"), "no placeholder left in " + sql.replace('\n', ' '));
        }
    }

    @Test
    void theRowversionReadsStopAtTheLowestActiveRowversion() throws Exception {
        SourceReader reader = new SourceReader(
                SourceDialect.SQLSERVER, SyncMapping.of(Map.of(), SourceDialect.SQLSERVER), CursorKind.ROWVERSION);
        for (SyncTable table : SyncTable.values()) {
            for (boolean after : new boolean[] {false, true}) {
                String sql = reader.readStatement(table, after);
                assertTrue(sql.contains("< MIN_ACTIVE_ROWVERSION()"), sql);
                assertTrue(sql.contains("[dbo].[" + table.defaultName() + "]"), sql);
                parse(sql);
            }
        }
    }

    @Test
    void theGrammarRejectsWhatSqlServerWould() {
        // The check can fail: an unfinished condition is not T-SQL.
        assertThrows(JSQLParserException.class, () -> parse("SELECT [a] FROM [dbo].[t] WHERE ORDER BY [a]"));
        assertThrows(JSQLParserException.class, () -> parse("SELECT [a] FROM [t] WHERE [a] >= ? AND ("));
    }
}
