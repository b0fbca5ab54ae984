package com.storepulse.local.lambda;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a function's log lines to the stack's output, prefixed with the function name, and keeps
 * the tail of them for the Invoke API's {@code X-Amz-Log-Type: Tail} (Lambda returns the last 4 KB).
 */
final class LocalLambdaLogger implements LambdaLogger {

    static final int TAIL_BYTES = 4096;

    private final String function;
    private final PrintStream out;
    private final StringBuilder captured = new StringBuilder();

    LocalLambdaLogger(String function, PrintStream out) {
        this.function = function;
        this.out = out;
    }

    @Override
    public synchronized void log(String message) {
        out.println("[" + function + "] " + message.stripTrailing());
        captured.append(message);
        if (!message.endsWith("\n")) {
            captured.append('\n');
        }
        if (captured.length() > 4 * TAIL_BYTES) {
            captured.delete(0, captured.length() - TAIL_BYTES);
        }
    }

    @Override
    public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8));
    }

    /** The last 4 KB written during this invocation. */
    synchronized byte[] tail() {
        byte[] all = captured.toString().getBytes(StandardCharsets.UTF_8);
        if (all.length <= TAIL_BYTES) {
            return all;
        }
        return java.util.Arrays.copyOfRange(all, all.length - TAIL_BYTES, all.length);
    }
}
