package com.storepulse.ingest;

import java.util.Locale;
import java.util.Optional;

/** An order or a return (a refund): returns are stored with a negative amount. */
public enum OrderKind {
    ORDER,
    RETURN;

    /** The wire and database name: {@code order} or {@code return}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OrderKind> fromCode(String code) {
        for (OrderKind kind : values()) {
            if (kind.code().equals(code)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
