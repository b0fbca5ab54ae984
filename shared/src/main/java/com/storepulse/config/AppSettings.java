package com.storepulse.config;

/**
 * The one way a function gets its {@link Settings}: environment variables, with
 * {@code secretsmanager:} and {@code ssm:} references resolved by one process-wide
 * {@link AwsSecretResolver}.
 *
 * <p>Nothing is created in static initialisation: the resolver is built on the first
 * {@link #load()} and its AWS clients on the first secret it resolves.
 */
public final class AppSettings {

    private static AwsSecretResolver resolver;
    private static Settings settings;

    private AppSettings() {}

    public static synchronized Settings load() {
        if (settings == null) {
            resolver = AwsSecretResolver.fromEnvironment();
            settings = Settings.fromEnvironment(resolver);
        }
        return settings;
    }

    /**
     * Forgets cached secret values so the next read fetches them again. The SnapStart
     * after-restore hook calls this: a value resolved during init must not outlive a rotation
     * just because it was in the snapshot.
     */
    public static synchronized void clearSecretCache() {
        if (resolver != null) {
            resolver.clearCache();
        }
    }

    /** Closes the AWS clients (graceful shutdown or before a checkpoint); they reopen on next use. */
    public static synchronized void closeSecretClients() {
        if (resolver != null) {
            resolver.close();
        }
    }
}
