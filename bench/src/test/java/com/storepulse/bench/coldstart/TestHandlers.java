package com.storepulse.bench.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** Handlers the runner starts in child JVMs during the tests (public: Lambda-style no-arg construction). */
public final class TestHandlers {

    private TestHandlers() {}

    /** Echoes what it was given: the event, the Context and the env the child JVM saw. */
    public static final class Greeting implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            return Map.of(
                    "greeting", "hello " + event.get("name"),
                    "function", context.getFunctionName(),
                    "mode", String.valueOf(System.getenv("GREETING_MODE")));
        }
    }

    public static final class Failing implements RequestHandler<Map<String, Object>, String> {
        @Override
        public String handleRequest(Map<String, Object> event, Context context) {
            throw new IllegalStateException("no database configured");
        }
    }
}
