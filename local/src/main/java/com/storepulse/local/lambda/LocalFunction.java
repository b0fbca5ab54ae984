package com.storepulse.local.lambda;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One function as Lambda runs it: the handler class is loaded by name and instantiated once, on
 * the first invocation (the cold start, timed and reported), then reused warm. Like one Lambda
 * execution environment it handles one event at a time. An invocation that outlives the
 * function's timeout is reported as Lambda reports it, and the instance is thrown away, so the
 * next invocation starts cold again.
 */
public final class LocalFunction {

    private final FunctionIdentity identity;
    private final String handlerClass;
    private final ClassLoader loader;
    private final Duration timeout;
    private final int memoryLimitMb;
    private final PrintStream out;
    private final ReentrantLock oneAtATime = new ReentrantLock(true);
    private HandlerAdapter warm;

    public LocalFunction(
            FunctionIdentity identity,
            String handlerClass,
            ClassLoader loader,
            Duration timeout,
            int memoryLimitMb,
            PrintStream out) {
        this.identity = identity;
        this.handlerClass = handlerClass;
        this.loader = loader;
        this.timeout = timeout;
        this.memoryLimitMb = memoryLimitMb;
        this.out = out;
    }

    public String name() {
        return identity.name();
    }

    public FunctionIdentity identity() {
        return identity;
    }

    public String handlerClass() {
        return handlerClass;
    }

    /** Whether the handler class is on the classpath (functions still being built are not). */
    public boolean available() {
        return loadClass().isPresent();
    }

    private Optional<Class<?>> loadClass() {
        try {
            return Optional.of(Class.forName(handlerClass, false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    public InvocationResult invoke(byte[] event) {
        String requestId = UUID.randomUUID().toString();
        LocalLambdaLogger logger = new LocalLambdaLogger(name(), out);
        oneAtATime.lock();
        try {
            long start = System.nanoTime();
            HandlerAdapter adapter;
            long initNanos = 0;
            try {
                if (warm == null) {
                    warm = instantiate();
                    initNanos = System.nanoTime() - start;
                }
                adapter = warm;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                Throwable cause =
                        e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
                out.println("[" + name() + "] init failed: " + cause);
                return InvocationResult.error(requestId, cause, logger.tail());
            }
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            LocalContext context = new LocalContext(requestId, identity, deadline, memoryLimitMb, logger);
            InvocationResult result = run(adapter, event, context, logger);
            report(requestId, System.nanoTime() - start - initNanos, initNanos, result.failed());
            return result;
        } finally {
            oneAtATime.unlock();
        }
    }

    private HandlerAdapter instantiate() throws ReflectiveOperationException {
        Class<?> type = loadClass().orElseThrow(() -> new ClassNotFoundException(handlerClass));
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(loader);
        try {
            return HandlerAdapter.of(type.getDeclaredConstructor().newInstance());
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    private InvocationResult run(HandlerAdapter adapter, byte[] event, LocalContext context, LocalLambdaLogger logger) {
        CompletableFuture<byte[]> outcome = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual()
                .name(name() + "-" + context.getAwsRequestId())
                .unstarted(() -> {
                    try {
                        outcome.complete(adapter.handle(event, context));
                    } catch (Throwable t) {
                        outcome.completeExceptionally(t);
                    }
                });
        worker.setContextClassLoader(loader);
        worker.start();
        try {
            return new InvocationResult(
                    context.getAwsRequestId(),
                    outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS),
                    false,
                    logger.tail());
        } catch (ExecutionException e) {
            Throwable error = e.getCause();
            out.println("[" + name() + "] unhandled " + error);
            error.printStackTrace(out);
            return InvocationResult.error(context.getAwsRequestId(), error, logger.tail());
        } catch (TimeoutException e) {
            worker.interrupt();
            warm = null;
            out.println("[" + name() + "] timed out after " + timeout + "; the instance is discarded");
            return InvocationResult.timeout(context.getAwsRequestId(), timeout.toMillis() / 1000.0, logger.tail());
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            return InvocationResult.error(context.getAwsRequestId(), e, logger.tail());
        }
    }

    private void report(String requestId, long durationNanos, long initNanos, boolean failed) {
        out.printf(
                "REPORT %s RequestId: %s Duration: %.2f ms%s%s%n",
                name(),
                requestId,
                durationNanos / 1e6,
                initNanos > 0 ? String.format(" Init Duration: %.2f ms", initNanos / 1e6) : "",
                failed ? " (error)" : "");
    }
}
