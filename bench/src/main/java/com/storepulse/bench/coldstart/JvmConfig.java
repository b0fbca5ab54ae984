package com.storepulse.bench.coldstart;

import java.util.Arrays;
import java.util.List;

/** The JVM flag sets a cold start is measured under. */
enum JvmConfig {
    /** JVM ergonomics only (on a 2-CPU, 2 GB+ machine that means C2 and G1). */
    DEFAULT("default", List.of()),
    /** What template.yaml asks for through JAVA_TOOL_OPTIONS (C1 only) plus the serial collector. */
    C1("c1", List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));

    final String key;
    final List<String> flags;

    JvmConfig(String key, List<String> flags) {
        this.key = key;
        this.flags = flags;
    }

    String describe() {
        return flags.isEmpty() ? "no JVM flags" : String.join(" ", flags);
    }

    static JvmConfig byKey(String key) {
        return Arrays.stream(values())
                .filter(config -> config.key.equals(key))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("unknown --configs entry '" + key + "' (known: default, c1)"));
    }
}
