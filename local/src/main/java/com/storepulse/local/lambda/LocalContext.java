package com.storepulse.local.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** The Lambda context of one local invocation. */
final class LocalContext implements Context {

    private final String requestId;
    private final FunctionIdentity function;
    private final long deadlineMillis;
    private final int memoryLimitMb;
    private final LocalLambdaLogger logger;

    LocalContext(
            String requestId,
            FunctionIdentity function,
            long deadlineMillis,
            int memoryLimitMb,
            LocalLambdaLogger logger) {
        this.requestId = requestId;
        this.function = function;
        this.deadlineMillis = deadlineMillis;
        this.memoryLimitMb = memoryLimitMb;
        this.logger = logger;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + function.name();
    }

    @Override
    public String getLogStreamName() {
        return "local/[$LATEST]" + function.name();
    }

    @Override
    public String getFunctionName() {
        return function.name();
    }

    @Override
    public String getFunctionVersion() {
        return FunctionIdentity.VERSION;
    }

    @Override
    public String getInvokedFunctionArn() {
        return function.arn();
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
