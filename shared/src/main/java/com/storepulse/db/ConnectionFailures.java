package com.storepulse.db;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Set;

/** Which failures mean "the database cannot be reached", as opposed to a bad statement. */
final class ConnectionFailures {

    /**
     * SQLSTATE class 08 (connection exception), and the server shutting down or starting up:
     * 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now.
     */
    private static final Set<String> SERVER_GONE = Set.of("57P01", "57P02", "57P03");

    private ConnectionFailures() {}

    static boolean meansUnreachable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || SERVER_GONE.contains(state)) {
                    return true;
                }
            }
            if (t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException
                    || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
