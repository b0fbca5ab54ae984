package com.storepulse.config;

import java.util.Optional;

/**
 * A parsed {@code secretsmanager:NAME[#jsonKey]} or {@code ssm:/param/path[#jsonKey]} reference.
 * It holds only where a secret lives, never its value, so it is safe to log and to put in messages.
 *
 * <p>The key is split off at the last {@code #}: secret names and ARNs may contain {@code :} and
 * {@code /} but neither Secrets Manager names nor SSM parameter names may contain {@code #}.
 */
record SecretReference(Store store, String name, String jsonKey) {

    enum Store {
        SECRETS_MANAGER("secretsmanager:"),
        SSM("ssm:");

        private final String prefix;

        Store(String prefix) {
            this.prefix = prefix;
        }
    }

    /** Empty if {@code value} is a plain value, not a reference; a malformed reference is an error. */
    static Optional<SecretReference> parse(String value) {
        for (Store store : Store.values()) {
            if (value.startsWith(store.prefix)) {
                return Optional.of(parse(store, value.substring(store.prefix.length()), value));
            }
        }
        return Optional.empty();
    }

    private static SecretReference parse(Store store, String rest, String original) {
        int hash = rest.lastIndexOf('#');
        String name = (hash < 0 ? rest : rest.substring(0, hash)).strip();
        String key = hash < 0 ? null : rest.substring(hash + 1).strip();
        if (name.isEmpty() || (key != null && key.isEmpty())) {
            throw new ConfigurationException("malformed secret reference '" + original
                    + "' (expected secretsmanager:NAME[#jsonKey] or ssm:/param/path[#jsonKey])");
        }
        return new SecretReference(store, name, key);
    }

    /** Where the whole secret lives (one fetch serves every JSON key of it). */
    String location() {
        return store.prefix + name;
    }

    @Override
    public String toString() {
        return jsonKey == null ? location() : location() + "#" + jsonKey;
    }
}
