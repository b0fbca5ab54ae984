package com.storepulse.local.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;

/** A generic base class, as framework handlers have: I is only known in the subclass. */
public abstract class AbstractMapHandler<I> implements RequestHandler<I, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(I event, Context context) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("received", event);
        out.put("receivedType", event == null ? null : event.getClass().getName());
        out.put("function", context.getFunctionName());
        out.put("requestId", context.getAwsRequestId());
        context.getLogger().log("map handler saw " + event);
        return out;
    }
}
