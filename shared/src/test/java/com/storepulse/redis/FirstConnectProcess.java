package com.storepulse.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fresh JVM's first use of Redis, with the production settings (only the URL is given): what
 * {@link FirstConnectTest} starts in a process of its own, so no class of Lettuce or Netty is
 * loaded yet. Like a function's first request, the cache's, the rate limiter's and the usage
 * ledger's connections are opened at once, each then sending a read and a script. Prints the
 * outcome and exits 0 only if every first use succeeded without a failure.
 */
public final class FirstConnectProcess {

    private FirstConnectProcess() {}

    public static void main(String[] args) {
        List<String> failures = new CopyOnWriteArrayList<>();
        List<String> answers = new CopyOnWriteArrayList<>();
        List<RedisConnection> connections = new java.util.ArrayList<>();
        for (String name : List.of("cache", "rate-limiter", "usage")) {
            connections.add(new RedisConnection(
                    RedisSettings.forUrl(args[0]),
                    "first-connect-test-" + name,
                    InstantSource.system(),
                    (operation, error) -> failures.add(name + " " + operation + ": " + causes(error))));
        }
        List<Thread> threads = connections.stream()
                .map(connection -> Thread.ofPlatform().start(() -> {
                    RedisCommands<String, byte[]> commands = connection.commands();
                    if (commands == null) {
                        answers.add("no connection");
                        return;
                    }
                    try {
                        // what a first request sends: a read, then a script (the rate limiter's kind)
                        commands.get("first-connect-test:absent");
                        Long one = commands.eval("return 1", ScriptOutputType.INTEGER, new String[0]);
                        answers.add(one == 1L ? "ok" : "wrong answer " + one);
                    } catch (RuntimeException e) {
                        connection.failed("command", e);
                        answers.add("failed");
                    }
                }))
                .toList();
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        connections.forEach(RedisConnection::close);
        System.out.println("first use: " + answers + "; failures: " + failures);
        System.out.flush();
        System.exit(answers.equals(List.of("ok", "ok", "ok")) && failures.isEmpty() ? 0 : 1);
    }

    private static String causes(Throwable error) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            out.append(out.isEmpty() ? "" : " <- ").append(t);
        }
        return out.toString();
    }
}
