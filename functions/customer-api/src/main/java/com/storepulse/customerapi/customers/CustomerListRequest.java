package com.storepulse.customerapi.customers;

import com.storepulse.customerapi.paging.CursorCodec;
import com.storepulse.customerapi.request.QueryParameters;
import com.storepulse.customers.Archetype;
import com.storepulse.customers.ArchetypeCatalog;
import com.storepulse.customers.CustomerListQuery;
import com.storepulse.customers.CustomerSort;
import com.storepulse.errors.FieldError;
import com.storepulse.errors.ValidationException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The query string of GET /v1/stores/{storeId}/customers, validated into a {@link CustomerListQuery}
 * plus its fingerprint: the normalized filters and sort a cursor is bound to (the limit is not part
 * of it, so a client may change page size mid-walk).
 */
record CustomerListRequest(CustomerListQuery query, String fingerprint, String cursor, boolean includeTotal) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    static final String DEFAULT_SORT = "-ltv";

    static final QueryParameters.Spec PARAMETERS = new QueryParameters.Spec(
            Set.of(
                    "archetype",
                    "minLtv",
                    "maxLtv",
                    "minChurnRisk",
                    "maxChurnRisk",
                    "segment",
                    "lastOrderBefore",
                    "lastOrderAfter",
                    "q",
                    "sort",
                    "limit",
                    "cursor",
                    "include"),
            Set.of("archetype", "segment"),
            Map.of("cursor", CursorCodec.MAX_LENGTH));

    private static final Pattern MONEY = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,6})?");
    private static final Pattern PROBABILITY = Pattern.compile("[0-9](\\.[0-9]{1,17})?");
    private static final Pattern SEGMENT = Pattern.compile("[a-z0-9][a-z0-9_:.-]{0,63}");
    private static final Pattern LIMIT = Pattern.compile("[0-9]{1,4}");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    static CustomerListRequest parse(long storeId, QueryParameters params, ArchetypeCatalog catalog) {
        List<FieldError> errors = new ArrayList<>();

        TreeSet<Integer> archetypeIds = new TreeSet<>();
        for (String code : params.all("archetype")) {
            catalog.byCode(code)
                    .ifPresentOrElse(
                            a -> archetypeIds.add(a.id()),
                            () -> errors.add(new FieldError(
                                    "archetype",
                                    "unknown archetype; one of: "
                                            + String.join(
                                                    ", ",
                                                    catalog.all().stream()
                                                            .map(Archetype::code)
                                                            .toList()))));
        }
        BigDecimal minLtv = money(params, "minLtv", errors);
        BigDecimal maxLtv = money(params, "maxLtv", errors);
        if (minLtv != null && maxLtv != null && minLtv.compareTo(maxLtv) > 0) {
            errors.add(new FieldError("minLtv", "must not be greater than maxLtv"));
        }
        Double minChurn = probability(params, "minChurnRisk", errors);
        Double maxChurn = probability(params, "maxChurnRisk", errors);
        if (minChurn != null && maxChurn != null && minChurn > maxChurn) {
            errors.add(new FieldError("minChurnRisk", "must not be greater than maxChurnRisk"));
        }
        TreeSet<String> segments = new TreeSet<>();
        for (String segment : params.all("segment")) {
            if (SEGMENT.matcher(segment).matches()) {
                segments.add(segment);
            } else {
                errors.add(new FieldError(
                        "segment",
                        "must be a segment tag: lower-case letters, digits, '_', ':', '.', '-' (at most 64)"));
            }
        }
        Instant after = instant(params, "lastOrderAfter", errors);
        Instant before = instant(params, "lastOrderBefore", errors);
        if (after != null && before != null && !after.isBefore(before)) {
            errors.add(new FieldError("lastOrderAfter", "must be earlier than lastOrderBefore"));
        }
        String prefix = params.single("q").orElse(null);
        if (prefix != null && prefix.isBlank()) {
            errors.add(new FieldError("q", "must not be blank"));
        }

        String sortParam = params.single("sort").orElse(DEFAULT_SORT);
        boolean descending = sortParam.startsWith("-");
        CustomerSort sort = CustomerSort.byApiName(descending ? sortParam.substring(1) : sortParam)
                .orElse(null);
        if (sort == null) {
            errors.add(new FieldError(
                    "sort",
                    "must be one of ltv, churnRisk, recency, totalSpend, "
                            + "with a leading '-' for descending (default -ltv)"));
        }
        int limit = DEFAULT_LIMIT;
        String limitParam = params.single("limit").orElse(null);
        if (limitParam != null) {
            if (LIMIT.matcher(limitParam).matches()
                    && Integer.parseInt(limitParam) >= 1
                    && Integer.parseInt(limitParam) <= MAX_LIMIT) {
                limit = Integer.parseInt(limitParam);
            } else {
                errors.add(new FieldError("limit", "must be an integer from 1 to " + MAX_LIMIT));
            }
        }
        boolean includeTotal = false;
        String include = params.single("include").orElse(null);
        if (include != null) {
            if (include.equals("total")) {
                includeTotal = true;
            } else {
                errors.add(new FieldError("include", "the only value is 'total'"));
            }
        }
        if (!errors.isEmpty()) {
            throw ValidationException.of(errors);
        }

        CustomerListQuery query = new CustomerListQuery(
                storeId,
                List.copyOf(archetypeIds),
                minLtv,
                maxLtv,
                minChurn,
                maxChurn,
                List.copyOf(segments),
                after,
                before,
                prefix,
                sort,
                descending,
                limit,
                null);
        String fingerprint = String.join(
                "|",
                "store=" + storeId,
                "sort=" + (descending ? "-" : "") + sort.apiName(),
                "archetype=" + archetypeIds,
                "minLtv=" + plain(minLtv),
                "maxLtv=" + plain(maxLtv),
                "minChurnRisk=" + minChurn,
                "maxChurnRisk=" + maxChurn,
                "segment=" + segments,
                "lastOrderAfter=" + after,
                "lastOrderBefore=" + before,
                "q=" + (prefix == null ? null : prefix.toLowerCase(Locale.ROOT)));
        return new CustomerListRequest(
                query, fingerprint, params.single("cursor").orElse(null), includeTotal);
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }

    private static BigDecimal money(QueryParameters params, String name, List<FieldError> errors) {
        String raw = params.single(name).orElse(null);
        if (raw == null) {
            return null;
        }
        if (!MONEY.matcher(raw).matches()) {
            errors.add(new FieldError(name, "must be a non-negative decimal number such as 250 or 99.50"));
            return null;
        }
        return new BigDecimal(raw);
    }

    private static Double probability(QueryParameters params, String name, List<FieldError> errors) {
        String raw = params.single(name).orElse(null);
        if (raw == null) {
            return null;
        }
        if (!PROBABILITY.matcher(raw).matches() || Double.parseDouble(raw) > 1) {
            errors.add(new FieldError(name, "must be a number from 0 to 1"));
            return null;
        }
        return Double.parseDouble(raw);
    }

    /** An ISO date (midnight UTC) or an ISO date-time with an offset, e.g. 2025-03-01 or 2025-03-01T12:00:00Z. */
    private static Instant instant(QueryParameters params, String name, List<FieldError> errors) {
        String raw = params.single(name).orElse(null);
        if (raw == null) {
            return null;
        }
        try {
            Instant value = DATE.matcher(raw).matches()
                    ? LocalDate.parse(raw).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(raw).toInstant();
            if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
                errors.add(new FieldError(name, "must be between 1900 and 2200"));
                return null;
            }
            return value;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(
                    name, "must be an ISO date (2025-03-01) or date-time with offset (2025-03-01T12:00:00Z)"));
            return null;
        }
    }
}
