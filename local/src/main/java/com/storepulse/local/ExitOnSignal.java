package com.storepulse.local;

/**
 * Makes Ctrl-C and SIGTERM a normal exit (status 0, shutdown hooks run) instead of the JVM's
 * default 130/143, so process supervisors see a clean stop. sun.misc.Signal (jdk.unsupported) is
 * the only JDK way to handle a signal; javac warns about it and that warning cannot be suppressed.
 */
final class ExitOnSignal {

    private ExitOnSignal() {}

    static void install(String... signals) {
        for (String name : signals) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> System.exit(0));
            } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
                // this platform lacks the signal; the JVM's default handling (hooks still run) applies
            }
        }
    }
}
