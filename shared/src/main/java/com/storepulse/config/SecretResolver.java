package com.storepulse.config;

import java.util.Optional;

/**
 * Resolves a configuration value that names a secret instead of holding it, for example
 * {@code secretsmanager:storepulse/db#password} or {@code ssm:/storepulse/redis-url}.
 */
public interface SecretResolver {

    /** Returns the resolved value, or empty if {@code reference} is not a reference this resolver handles. */
    Optional<String> resolve(String reference);

    SecretResolver NONE = reference -> Optional.empty();
}
