package com.storepulse.customerapi.usage;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.auth.RequestAdmission;
import com.storepulse.customerapi.AdmittedResponses;
import com.storepulse.customerapi.CustomerApiCatalogue;
import com.storepulse.customerapi.request.ApiKeyHeader;
import com.storepulse.errors.FieldError;
import com.storepulse.errors.ValidationException;
import com.storepulse.http.Router;
import com.storepulse.usage.DailyUsage;
import com.storepulse.usage.UsageMeter;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v1/usage?from=YYYY-MM-DD&to=YYYY-MM-DD}: the calling key's own metered requests per
 * UTC day and route (scope {@code usage:read}). Both dates are included; {@code to} defaults to
 * today, {@code from} to 29 days before {@code to} (30 days); at most 366 days. This request is
 * itself metered, like any other.
 */
@Singleton
public class UsageRoutes {

    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 366;
    private static final Set<String> PARAMETERS = Set.of("from", "to");

    /** The answer: {@code totalRequests} is the sum of the items. */
    public record UsageReport(LocalDate from, LocalDate to, long totalRequests, List<DailyUsage> items) {}

    private final RequestAdmission admission;
    private final UsageMeter meter;

    public UsageRoutes(RequestAdmission admission, UsageMeter meter) {
        this.admission = admission;
        this.meter = meter;
    }

    public void register(Router router) {
        router.add(CustomerApiCatalogue.USAGE, this::usage);
    }

    private APIGatewayProxyResponseEvent usage(Router.Request request) {
        APIGatewayProxyRequestEvent event = request.event();
        RequestAdmission.Admitted admitted = admission.admit(
                ApiKeyHeader.of(event),
                request.route().usageLabel(),
                request.route().scope());
        Map<String, String> query = singleValues(event);
        List<FieldError> errors = new ArrayList<>();
        LocalDate to = date(query, "to", errors);
        LocalDate from = date(query, "from", errors);
        if (!errors.isEmpty()) {
            throw ValidationException.of(errors);
        }
        to = to == null ? meter.today() : to;
        from = from == null ? to.minusDays(DEFAULT_DAYS - 1) : from;
        if (from.isAfter(to)) {
            throw ValidationException.of("from", "must not be after to");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw ValidationException.of("from", "the range may span at most " + MAX_DAYS + " days");
        }
        List<DailyUsage> items = meter.usage(admitted.caller().apiKeyId(), from, to);
        long total = items.stream().mapToLong(DailyUsage::requests).sum();
        return AdmittedResponses.ok(admitted.rateLimit(), new UsageReport(from, to, total, items));
    }

    /** Query parameters, each at most once, none unknown (a typo such as {@code form=} is an error, not ignored). */
    private static Map<String, String> singleValues(APIGatewayProxyRequestEvent event) {
        Map<String, String> values = new HashMap<>();
        List<FieldError> errors = new ArrayList<>();
        Map<String, List<String>> multi = event.getMultiValueQueryStringParameters();
        if (multi != null) {
            multi.forEach((name, list) -> {
                if (list != null && new LinkedHashSet<>(list).size() > 1) {
                    errors.add(new FieldError(echoable(name), "may be given only once"));
                }
            });
        }
        Map<String, String> single = event.getQueryStringParameters();
        if (single != null) {
            single.forEach((name, value) -> {
                if (!PARAMETERS.contains(name)) {
                    errors.add(new FieldError(echoable(name), "unknown query parameter; allowed: from, to"));
                } else {
                    values.put(name, value);
                }
            });
        }
        if (!errors.isEmpty()) {
            throw ValidationException.of(errors);
        }
        return values;
    }

    private static LocalDate date(Map<String, String> query, String name, List<FieldError> errors) {
        String raw = query.get(name);
        if (raw == null) {
            return null;
        }
        if (raw.length() == 10) {
            try {
                return LocalDate.parse(raw);
            } catch (DateTimeParseException e) {
                // fall through to the error
            }
        }
        errors.add(new FieldError(name, "must be a date as YYYY-MM-DD"));
        return null;
    }

    /** Parameter names are client input: echoed only when plainly printable and short. */
    private static String echoable(String name) {
        return name != null && name.matches("[A-Za-z0-9_.\\-]{1,64}") ? name : "(unnamed)";
    }
}
