package com.storepulse.customers;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One page request over a store's scored customers. Null bounds mean "no filter"; lists are
 * empty when unused. Values are already validated (the API does that); the repository binds
 * every one of them as a parameter.
 *
 * @param archetypeIds    any of these archetypes
 * @param segments        every one of these tags ({@code segments @> [...]})
 * @param lastOrderAfter  last order at or after (inclusive)
 * @param lastOrderBefore last order strictly before
 * @param prefix          case-insensitive prefix of the name or of the retailer's customer id
 * @param after           the previous page's last position, or null for the first page
 */
public record CustomerListQuery(
        long storeId,
        List<Integer> archetypeIds,
        BigDecimal minLtv,
        BigDecimal maxLtv,
        Double minChurnRisk,
        Double maxChurnRisk,
        List<String> segments,
        Instant lastOrderAfter,
        Instant lastOrderBefore,
        String prefix,
        CustomerSort sort,
        boolean descending,
        int limit,
        KeysetPosition after) {

    public CustomerListQuery {
        archetypeIds = archetypeIds == null ? List.of() : List.copyOf(archetypeIds);
        segments = segments == null ? List.of() : List.copyOf(segments);
        Objects.requireNonNull(sort, "sort");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }

    /** Every scored customer of a store in the default order (highest LTV first). */
    public static CustomerListQuery firstPage(long storeId, int limit) {
        return new CustomerListQuery(
                storeId,
                List.of(),
                null,
                null,
                null,
                null,
                List.of(),
                null,
                null,
                null,
                CustomerSort.LTV,
                true,
                limit,
                null);
    }

    public CustomerListQuery withAfter(KeysetPosition position) {
        return new CustomerListQuery(
                storeId,
                archetypeIds,
                minLtv,
                maxLtv,
                minChurnRisk,
                maxChurnRisk,
                segments,
                lastOrderAfter,
                lastOrderBefore,
                prefix,
                sort,
                descending,
                limit,
                position);
    }
}
