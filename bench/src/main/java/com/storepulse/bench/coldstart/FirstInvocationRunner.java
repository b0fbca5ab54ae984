package com.storepulse.bench.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.storepulse.devservers.LambdaContextStandIn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs in a fresh JVM: does what the Lambda Java runtime does for the first event of a new execution
 * environment, then reports. Load the handler class and construct it with its no-arg constructor
 * (Lambda's init phase); read the event JSON with the runtime's own serializers
 * (aws-lambda-java-serialization); call handleRequest with a minimal Context; write the response
 * JSON. Prints {@link #DONE_MARKER} the moment the response is written, then its peak RSS and CPU
 * time and the response, and exits. Usage: {@code FirstInvocationRunner <handlerClass> <event.json>}.
 */
public final class FirstInvocationRunner {

    static final String DONE_MARKER = "COLDSTART-DONE";
    static final String USAGE_MARKER = "COLDSTART-USAGE";
    static final String RESPONSE_MARKER = "COLDSTART-RESPONSE";
    static final String FAILED_MARKER = "COLDSTART-FAILED";

    private FirstInvocationRunner() {}

    public static void main(String[] args) {
        long mainEntered = System.nanoTime();
        if (args.length != 2) {
            System.out.println(FAILED_MARKER + " usage: FirstInvocationRunner <handlerClass> <event.json>");
            System.exit(2);
        }
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> handlerClass = Class.forName(args[0], true, loader);
            RequestHandler<Object, Object> handler = instantiate(handlerClass);
            long initDone = System.nanoTime();

            HandlerTypes types = HandlerTypes.of(handlerClass);
            Object event;
            try (InputStream json = Files.newInputStream(Path.of(args[1]))) {
                event = serializerFor(types.input(), loader).fromJson(json);
            }
            Context context = LambdaContextStandIn.fromEnvironment(System.getenv());
            Object response = handler.handleRequest(event, context);
            ByteArrayOutputStream responseJson = new ByteArrayOutputStream();
            serializerFor(types.output(), loader).toJson(response, responseJson);
            long invokeDone = System.nanoTime();

            System.out.println(DONE_MARKER + " init_ms=" + millis(initDone - mainEntered)
                    + " invoke_ms=" + millis(invokeDone - initDone)
                    + " java=" + System.getProperty("java.runtime.version"));
            System.out.println(USAGE_MARKER + " vmhwm_kb=" + peakRssKb() + " cpu_ms=" + cpuMillis());
            System.out.println(RESPONSE_MARKER + " "
                    + responseJson.toString(StandardCharsets.UTF_8).replace('\n', ' '));
            System.out.flush();
            System.exit(0);
        } catch (Throwable failure) {
            System.out.println(FAILED_MARKER + " " + failure);
            failure.printStackTrace();
            System.exit(1);
        }
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<Object, Object> instantiate(Class<?> handlerClass)
            throws ReflectiveOperationException {
        if (!RequestHandler.class.isAssignableFrom(handlerClass)) {
            throw new IllegalArgumentException(handlerClass.getName() + " is not a RequestHandler");
        }
        return (RequestHandler<Object, Object>) handlerClass.getConstructor().newInstance();
    }

    /** The serializer the Lambda runtime picks: its event serializers for AWS event types, else its Jackson. */
    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializerFor(Class<?> type, ClassLoader loader) {
        if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
            return LambdaEventSerializers.serializerFor((Class<Object>) type, loader);
        }
        return JacksonFactory.getInstance().getSerializer((Class<Object>) type);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /**
     * CPU time (user + system, all threads: JIT and GC included) this JVM has used so far; -1 where
     * the OS does not say. Far less sensitive than wall time to other processes competing for the
     * CPUs. On Linux it comes from /proc/self/stat, in clock ticks (10 ms).
     */
    static long cpuMillis() {
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(Duration::toMillis)
                .orElse(-1L);
    }

    /** VmHWM from /proc/self/status (Linux): the resident set's high-water mark; -1 elsewhere. */
    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException unavailable) {
            // not Linux: RSS is simply not reported
        }
        return -1;
    }
}
