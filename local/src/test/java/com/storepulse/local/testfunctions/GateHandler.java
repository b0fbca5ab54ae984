package com.storepulse.local.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code {"do": "wait"}} blocks until {@link #OPEN} is counted down; {@code "overflow"} throws a
 * StackOverflowError; anything else answers at once with how many instances exist.
 */
public class GateHandler implements RequestHandler<Map<String, Object>, String> {

    public static final AtomicInteger INSTANCES = new AtomicInteger();
    public static volatile CountDownLatch OPEN = new CountDownLatch(1);

    public GateHandler() {
        INSTANCES.incrementAndGet();
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        Object what = event.get("do");
        if ("wait".equals(what)) {
            try {
                return OPEN.await(30, TimeUnit.SECONDS) ? "opened" : "never opened";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        if ("overflow".equals(what)) {
            throw new StackOverflowError("asked to");
        }
        return "instances=" + INSTANCES.get();
    }
}
