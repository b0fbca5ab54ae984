package com.storepulse.customerapi.maintenance;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.http.ApiException;
import com.storepulse.http.ErrorCode;
import com.storepulse.http.HttpResponses;
import com.storepulse.usage.UsageMeter;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work the customer API function does on a schedule rather than for a request: today, moving the
 * usage counts that wait in Redis to PostgreSQL (template.yaml's {@code UsageFlush} schedule,
 * every 5 minutes), so that after the last request of a quiet period they wait at most one
 * schedule interval.
 *
 * <p>The handler's input type is {@link APIGatewayProxyRequestEvent}, so the schedule sends a
 * fixed input that the Lambda runtime deserializes into one ({@code events/customer-api-flush-usage.json}):
 * <pre>{"resource": "storepulse:flush-usage"}</pre>
 * It is recognised only when it is exactly that: a {@code resource} starting with
 * {@code storepulse:} and <em>no</em> request context, method, path, headers, query or body. An
 * event from API Gateway can never look like that: API Gateway always sets {@code requestContext}
 * and {@code httpMethod}, and {@code resource} is one of the template's resources ({@code /health},
 * {@code /v1/{proxy+}}), which start with {@code /}. So no HTTP request, whatever its path,
 * headers or body, can trigger maintenance; only an invocation by someone allowed to invoke the
 * function directly (the schedule, or an operator with {@code lambda:InvokeFunction}). Flushing is
 * also harmless to repeat: every sealed batch is added to PostgreSQL once.
 *
 * <p>EventBridge's own scheduled event (no fixed input) is not a maintenance event: it
 * deserializes to an all-empty request and gets a 400 MALFORMED_REQUEST, doing nothing.
 */
@Singleton
public class MaintenanceEvents {

    public static final String PREFIX = "storepulse:";
    public static final String FLUSH_USAGE = PREFIX + "flush-usage";

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceEvents.class);

    private final UsageMeter usageMeter;

    public MaintenanceEvents(UsageMeter usageMeter) {
        this.usageMeter = usageMeter;
    }

    /** True only for a direct invocation with a maintenance input; never for anything API Gateway sends. */
    public static boolean isMaintenance(APIGatewayProxyRequestEvent event) {
        return event != null
                && event.getResource() != null
                && event.getResource().startsWith(PREFIX)
                && event.getRequestContext() == null
                && event.getHttpMethod() == null
                && event.getPath() == null
                && event.getPathParameters() == null
                && event.getHeaders() == null
                && event.getMultiValueHeaders() == null
                && event.getQueryStringParameters() == null
                && event.getMultiValueQueryStringParameters() == null
                && event.getBody() == null;
    }

    /** Runs the event's task: 200 with what it did, 503 if the flush did not complete, 400 for an unknown task. */
    public APIGatewayProxyResponseEvent run(APIGatewayProxyRequestEvent event) {
        if (!FLUSH_USAGE.equals(event.getResource())) {
            throw new ApiException(ErrorCode.MALFORMED_REQUEST, "Unknown maintenance task; known: " + FLUSH_USAGE);
        }
        UsageMeter.FlushResult result = usageMeter.flushAll();
        if (!result.complete()) {
            // Counted as UsageFlushError by the meter (alarm usage-flush-errors); what is left waits for the next run.
            throw new ApiException(
                    ErrorCode.DEPENDENCY_UNAVAILABLE,
                    "The usage flush did not complete; the rest stays in Redis for the next run.");
        }
        LOG.info("scheduled usage flush moved {} requests to PostgreSQL", result.requestsAdded());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", "flush-usage");
        body.put("requestsFlushed", result.requestsAdded());
        return HttpResponses.json(200, body);
    }
}
