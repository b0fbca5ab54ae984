package com.storepulse.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one configuration loader. Values come from environment variables (a Java system property of
 * the same name overrides one: see {@link #fromEnvironment}); any value may instead
 * name a secret ({@code secretsmanager:...} or {@code ssm:...}) which the {@link SecretResolver}
 * fetches on first use, never at class-initialisation time, so no secret ends up in a SnapStart
 * snapshot.
 */
public final class Settings {

    private final Function<String, String> source;
    private final SecretResolver resolver;

    public Settings(Function<String, String> source, SecretResolver resolver) {
        this.source = source;
        this.resolver = resolver;
    }

    /**
     * Reads each key from the Java system property of that name, else from the environment
     * variable. The local stack runs every function in one JVM and cannot set that JVM's
     * environment, so it passes DATABASE_URL, REDIS_URL and the like as system properties; on
     * Lambda no such property is set, so the environment is the only source there.
     */
    public static Settings fromEnvironment(SecretResolver resolver) {
        return new Settings(Settings::systemPropertyOrEnvironment, resolver);
    }

    /** As {@code -D} usually does, a system property outranks the environment. */
    private static String systemPropertyOrEnvironment(String key) {
        String value = System.getProperty(key);
        return value != null ? value : System.getenv(key);
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(values::get, SecretResolver.NONE);
    }

    public Optional<String> get(String key) {
        String raw = source.apply(key);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(resolver.resolve(raw.strip()).orElse(raw.strip()));
    }

    /** The setting as written: a secret reference stays unresolved (to be {@link #resolve}d at use). */
    public Optional<String> raw(String key) {
        String raw = source.apply(key);
        return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(raw.strip());
    }

    /**
     * A value found inside another setting (a webhook URL in a JSON routing setting, say), which
     * may itself name a secret: resolved the same way as a whole setting, on each call.
     */
    public String resolve(String valueOrReference) {
        String raw = valueOrReference.strip();
        return resolver.resolve(raw).orElse(raw);
    }

    public String require(String key) {
        return get(key).orElseThrow(() ->
                new ConfigurationException("missing required setting " + key + " (set the environment variable)"));
    }

    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public int getInt(String key, int fallback) {
        return get(key).map(v -> parse(key, v, Integer::parseInt)).orElse(fallback);
    }

    public long getLong(String key, long fallback) {
        return get(key).map(v -> parse(key, v, Long::parseLong)).orElse(fallback);
    }

    public boolean getBoolean(String key, boolean fallback) {
        return get(key).map(v -> switch (v.toLowerCase()) {
                    case "true", "1", "yes", "on" -> true;
                    case "false", "0", "no", "off" -> false;
                    default ->
                        throw new ConfigurationException("setting " + key + " must be true or false, was '" + v + "'");
                })
                .orElse(fallback);
    }

    /** Durations are written as ISO-8601 ({@code PT30S}) or as a number of milliseconds. */
    public Duration getDuration(String key, Duration fallback) {
        return get(key).map(v -> parse(
                        key,
                        v,
                        s -> s.chars().allMatch(Character::isDigit)
                                ? Duration.ofMillis(Long.parseLong(s))
                                : Duration.parse(s)))
                .orElse(fallback);
    }

    private static <T> T parse(String key, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            // The value itself may be a secret: name the key, never echo the value.
            throw new ConfigurationException("setting " + key + " has an invalid value");
        }
    }
}
