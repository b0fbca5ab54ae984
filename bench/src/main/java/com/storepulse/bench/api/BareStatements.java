package com.storepulse.bench.api;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.ParsedSql;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;

/**
 * The bare-SQL floor of a route: the statement a repository renders and binds (the shipped .sql
 * file, its fragments and arguments), run once through Jdbi to learn its final SQL text and bound
 * arguments, then replayed through plain JDBC on one held connection: one PreparedStatement per
 * SQL text (server-prepared after pgJDBC's fifth execution, like {@code pgbench -M prepared}),
 * every row read, nothing mapped.
 */
final class BareStatements implements AutoCloseable {

    /** A statement as the repository bound it: its SQL text and its arguments in parameter order. */
    record Bound(String sql, List<Argument> arguments, StatementContext context) {}

    private final Handle handle;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    BareStatements(Handle handle) {
        this.handle = handle;
    }

    Handle handle() {
        return handle;
    }

    /** Executes the query once (through Jdbi) and keeps what it sent. */
    static Bound capture(Query query) {
        StatementContext[] seen = new StatementContext[1];
        query.addCustomizer(new StatementCustomizer() {
            @Override
            public void beforeExecution(PreparedStatement stmt, StatementContext ctx) {
                seen[0] = ctx;
            }
        });
        query.scanResultSet((results, ctx) -> readAll(results.get()));
        StatementContext ctx = seen[0];
        ParsedSql parsed = ctx.getParsedSql();
        List<Argument> arguments = new ArrayList<>();
        List<String> names = parsed.getParameters().getParameterNames();
        for (int i = 0; i < parsed.getParameters().getParameterCount(); i++) {
            String name = parsed.getParameters().isPositional() ? null : names.get(i);
            int position = i;
            arguments.add(
                    name == null
                            ? ctx.getBinding().findForPosition(position).orElseThrow()
                            : ctx.getBinding()
                                    .findForName(name, ctx)
                                    .orElseThrow(() -> new IllegalStateException("unbound :" + name)));
        }
        return new Bound(parsed.getSql(), List.copyOf(arguments), ctx);
    }

    /** Binds and executes one captured statement, reading every row; returns the row count. */
    int run(Bound bound) {
        try {
            PreparedStatement statement = prepared.get(bound.sql());
            if (statement == null) {
                statement = handle.getConnection().prepareStatement(bound.sql());
                prepared.put(bound.sql(), statement);
            }
            for (int i = 0; i < bound.arguments().size(); i++) {
                bound.arguments().get(i).apply(i + 1, statement, bound.context());
            }
            try (ResultSet rows = statement.executeQuery()) {
                return readAll(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(bound.sql(), e);
        }
    }

    private static int readAll(ResultSet rows) throws SQLException {
        int n = 0;
        while (rows.next()) {
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        for (PreparedStatement statement : prepared.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                // closing the connection closes it too
            }
        }
        handle.close();
    }
}
