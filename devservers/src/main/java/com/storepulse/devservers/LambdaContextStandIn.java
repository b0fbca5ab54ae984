package com.storepulse.devservers;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * The Lambda {@link Context} where there is no Lambda: the local stack's invocations, the
 * benchmarks (the cold-start runner's child JVM included) and the tests. A handler reads its
 * request id, names, ARN, remaining time and memory from it, and may log through its logger.
 */
public final class LambdaContextStandIn implements Context {

    private static final String VERSION = "$LATEST";

    private final String awsRequestId;
    private final String functionName;
    private final String invokedFunctionArn;
    private final String logStreamName;
    private final long deadlineMillis;
    private final int memoryLimitMb;
    private final LambdaLogger logger;

    public LambdaContextStandIn(
            String awsRequestId,
            String functionName,
            String invokedFunctionArn,
            String logStreamName,
            long deadlineMillis,
            int memoryLimitMb,
            LambdaLogger logger) {
        this.awsRequestId = awsRequestId;
        this.functionName = functionName;
        this.invokedFunctionArn = invokedFunctionArn;
        this.logStreamName = logStreamName;
        this.deadlineMillis = deadlineMillis;
        this.memoryLimitMb = memoryLimitMb;
        this.logger = logger;
    }

    /** A test's context: {@code functionName} in account 123456789012, 30 s left, 512 MB, logging to stdout. */
    public static LambdaContextStandIn of(String functionName, String awsRequestId) {
        return new LambdaContextStandIn(
                awsRequestId,
                functionName,
                arn("us-east-1", "123456789012", functionName),
                "2026/01/01/[" + VERSION + "]0123456789abcdef",
                System.currentTimeMillis() + 30_000,
                512,
                printingTo(System.out));
    }

    /**
     * A new invocation of the function the Lambda-style variables describe ({@code
     * AWS_LAMBDA_FUNCTION_NAME}, {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}, {@code AWS_REGION}; defaults
     * for what is missing), 29 s left, logging to stderr (the benchmarks' stdout is their output).
     */
    public static LambdaContextStandIn fromEnvironment(Map<String, String> env) {
        String name = env.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "storepulse-bench");
        return new LambdaContextStandIn(
                UUID.randomUUID().toString(),
                name,
                arn(env.getOrDefault("AWS_REGION", "eu-west-1"), "123456789012", name),
                "bench/[" + VERSION + "]" + name,
                System.currentTimeMillis() + 29_000,
                Integer.parseInt(env.getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024")),
                printingTo(System.err));
    }

    public static String arn(String region, String account, String functionName) {
        return "arn:aws:lambda:" + region + ":" + account + ":function:" + functionName;
    }

    /** A logger that prints each message as a line. */
    public static LambdaLogger printingTo(PrintStream out) {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                out.println(message);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }

    @Override
    public String getAwsRequestId() {
        return awsRequestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return logStreamName;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return VERSION;
    }

    @Override
    public String getInvokedFunctionArn() {
        return invokedFunctionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryLimitMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }
}
