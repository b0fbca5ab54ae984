package com.storepulse.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A Lua script from the classpath, sent with EVALSHA and, when Redis does not know it yet, EVAL. */
public final class RedisScript {

    private final String text;
    private final String sha;

    private RedisScript(String text) {
        this.text = text;
        this.sha = sha1Hex(text);
    }

    /** The resource {@code name} next to {@code owner}'s class file. */
    public static RedisScript load(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the classpath");
            }
            return new RedisScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public <T> T run(RedisCommands<String, byte[]> commands, ScriptOutputType output, String[] keys, byte[]... args) {
        try {
            return commands.evalsha(sha, output, keys, args);
        } catch (RedisNoScriptException e) {
            return commands.eval(text, output, keys, args);
        }
    }

    /**
     * The same without waiting, for writes whose reply nobody waits for (the caller attaches what
     * to do on failure). Always EVAL, never EVALSHA: a NOSCRIPT fallback would be sent after
     * commands the caller issued meanwhile on the same connection, and a read right after this
     * write must see it. EVAL costs Redis a hash of the script's few hundred bytes; it keeps the
     * compiled script by that hash.
     */
    public <T> java.util.concurrent.CompletionStage<T> runAsync(
            io.lettuce.core.api.async.RedisAsyncCommands<String, byte[]> commands,
            ScriptOutputType output,
            String[] keys,
            byte[]... args) {
        return commands.eval(text, output, keys, args);
    }

    private static String sha1Hex(String script) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
