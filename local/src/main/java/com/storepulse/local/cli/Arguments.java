package com.storepulse.local.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code --name value} options of a subcommand, checked against the names it knows. */
public final class Arguments {

    private final Map<String, String> values = new LinkedHashMap<>();

    private Arguments() {}

    public static Arguments parse(List<String> args, Set<String> known) {
        Arguments parsed = new Arguments();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name;
            String value;
            if (arg.startsWith("--") && arg.contains("=")) {
                name = arg.substring(2, arg.indexOf('='));
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (arg.startsWith("--") && i + 1 < args.size()) {
                name = arg.substring(2);
                value = args.get(++i);
            } else {
                throw new UsageException("expected --option value, got '" + arg + "'");
            }
            if (!known.contains(name)) {
                throw new UsageException("unknown option --" + name + " (known: --" + String.join(", --", known) + ")");
            }
            parsed.values.put(name, value);
        }
        return parsed;
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public long getLong(String name, long fallback) {
        return get(name).map(v -> parse(name, v, Long::parseLong)).orElse(fallback);
    }

    public int getInt(String name) {
        return parse(
                name, get(name).orElseThrow(() -> new UsageException("--" + name + " is required")), Integer::parseInt);
    }

    public double getDouble(String name) {
        return parse(
                name,
                get(name).orElseThrow(() -> new UsageException("--" + name + " is required")),
                Double::parseDouble);
    }

    private static <T> T parse(String name, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new UsageException("--" + name + " must be a number, was '" + value + "'");
        }
    }

    /** Wrong command-line usage: print the message and the usage, exit 2. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
