package com.storepulse.webhooks;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A webhook delivery as received: its headers (looked up without regard to case) and its body's
 * bytes exactly as sent. Signatures are over these bytes; nothing re-serialises them.
 */
public final class SignedRequest {

    private final Map<String, String> headers;
    private final byte[] body;

    public SignedRequest(Map<String, String> headers, byte[] body) {
        TreeMap<String, String> folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name != null && value != null) {
                    folded.put(name, value);
                }
            });
        }
        this.headers = folded;
        this.body = body.clone();
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public byte[] body() {
        return body.clone();
    }

    byte[] bodyUnsafe() {
        return body;
    }

    public int bodyLength() {
        return body.length;
    }
}
