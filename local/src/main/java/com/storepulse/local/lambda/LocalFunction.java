package com.storepulse.local.lambda;

import com.storepulse.devservers.LambdaContextStandIn;
import java.io.IOError;
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
 * the first invocation (the cold start, timed and reported), then reused warm.
 *
 * <p>Invocations overlap: each runs on its own virtual thread against the one warm instance, so a
 * slow request never holds up another (a health check behind a request that waits for the
 * database, say). Lambda would run overlapping invocations on separate instances; one instance
 * here keeps start-up, memory and connections to one function's worth, and asks of the handlers
 * that they be thread-safe, which StorePulse's are (their state is per instance and concurrent,
 * request state travels with the request). docs/local-stack.md, "Functions and routes".
 *
 * <p>An invocation that outlives the function's timeout is reported as Lambda reports it, and
 * the instance is thrown away, so the next invocation starts cold again; so is an instance whose
 * handler threw a {@link VirtualMachineError} or {@link IOError}, after which Lambda's Java
 * runtime exits.
 */
public final class LocalFunction {

    private final FunctionIdentity identity;
    private final String handlerClass;
    private final ClassLoader loader;
    private final Duration timeout;
    private final int memoryLimitMb;
    private final PrintStream out;
    private final ReentrantLock init = new ReentrantLock();
    private volatile HandlerAdapter warm;

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
        long start = System.nanoTime();
        HandlerAdapter adapter = warm;
        long initNanos = 0;
        if (adapter == null) {
            init.lock();
            try {
                adapter = warm;
                if (adapter == null) {
                    adapter = instantiate();
                    warm = adapter;
                    initNanos = System.nanoTime() - start;
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                Throwable cause =
                        e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
                out.println("[" + name() + "] init failed: " + cause);
                return InvocationResult.error(requestId, cause, logger.tail());
            } finally {
                init.unlock();
            }
        }
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        LambdaContextStandIn context = new LambdaContextStandIn(
                requestId,
                identity.name(),
                identity.arn(),
                "local/[" + FunctionIdentity.VERSION + "]" + identity.name(),
                deadline,
                memoryLimitMb,
                logger);
        InvocationResult result = run(adapter, event, context, logger);
        report(requestId, System.nanoTime() - start - initNanos, initNanos, result.failed());
        return result;
    }

    /** The next invocation starts a new instance (unless another one already replaced this one). */
    private void discard(HandlerAdapter instance) {
        init.lock();
        try {
            if (warm == instance) {
                warm = null;
            }
        } finally {
            init.unlock();
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

    private InvocationResult run(
            HandlerAdapter adapter, byte[] event, LambdaContextStandIn context, LocalLambdaLogger logger) {
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
            if (error instanceof VirtualMachineError || error instanceof IOError) {
                discard(adapter);
                out.println("[" + name() + "] the runtime exits after "
                        + error.getClass().getSimpleName() + "; the instance is discarded");
            }
            return InvocationResult.error(context.getAwsRequestId(), error, logger.tail());
        } catch (TimeoutException e) {
            worker.interrupt();
            discard(adapter);
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
