package com.storepulse.local.lambda;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The functions of the local stack, by name (the Maven module name, as deployed). */
public final class FunctionRegistry {

    /** The StorePulse functions and their handler classes (as in the SAM template). */
    public static final Map<String, String> STOREPULSE_FUNCTIONS = orderedOf(
            "customer-api", "com.storepulse.customerapi.CustomerApiHandler",
            "usage-flush", "com.storepulse.customerapi.UsageFlushHandler",
            "webhook-intake", "com.storepulse.webhookintake.WebhookIntakeHandler",
            "azure-sync", "com.storepulse.azuresync.AzureSyncHandler",
            "alert-fanout", "com.storepulse.alertfanout.AlertFanoutHandler");

    private final Map<String, LocalFunction> functions = new LinkedHashMap<>();

    public void add(LocalFunction function) {
        functions.put(function.name(), function);
    }

    /** The function if it exists and its handler is on the classpath. */
    public Optional<LocalFunction> available(String name) {
        LocalFunction function = functions.get(name);
        return function != null && function.available() ? Optional.of(function) : Optional.empty();
    }

    public Optional<LocalFunction> find(String name) {
        return Optional.ofNullable(functions.get(name));
    }

    public Collection<LocalFunction> all() {
        return functions.values();
    }

    private static Map<String, String> orderedOf(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
