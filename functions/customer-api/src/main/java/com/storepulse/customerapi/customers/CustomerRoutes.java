package com.storepulse.customerapi.customers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.auth.RequestAdmission;
import com.storepulse.cache.ManagedCache;
import com.storepulse.customerapi.AdmittedResponses;
import com.storepulse.customerapi.CustomerApiCatalogue;
import com.storepulse.customerapi.QuerySettings;
import com.storepulse.customerapi.paging.CursorCodec;
import com.storepulse.customerapi.request.ApiKeyHeader;
import com.storepulse.customerapi.request.PathParameters;
import com.storepulse.customerapi.request.QueryParameters;
import com.storepulse.customers.CustomerListItem;
import com.storepulse.customers.CustomerListQuery;
import com.storepulse.customers.CustomerPage;
import com.storepulse.customers.CustomerRepository;
import com.storepulse.errors.NotFoundException;
import com.storepulse.http.Router;
import com.storepulse.json.Json;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** GET /v1/stores/{storeId}/customers (keyset pages) and GET .../customers/{customerId} (cached detail). */
@Singleton
public class CustomerRoutes {

    /** How many of the latest orders a detail shows. */
    public static final int DETAIL_ORDERS = 10;

    /** The list body; {@code nextCursor} and {@code total} are left out when null. */
    public record CustomerList(List<CustomerListItem> items, String nextCursor, Long total) {}

    private final RequestAdmission admission;
    private final CustomerRepository customers;
    private final ManagedCache cache;
    private final CursorCodec cursors;
    private final QuerySettings settings;

    public CustomerRoutes(
            RequestAdmission admission,
            CustomerRepository customers,
            ManagedCache cache,
            CursorCodec cursors,
            QuerySettings settings) {
        this.admission = admission;
        this.customers = customers;
        this.cache = cache;
        this.cursors = cursors;
        this.settings = settings;
    }

    public void register(Router router) {
        router.add(CustomerApiCatalogue.LIST_CUSTOMERS, this::list);
        router.add(CustomerApiCatalogue.CUSTOMER_DETAIL, this::detail);
    }

    APIGatewayProxyResponseEvent list(Router.Request request) {
        RequestAdmission.AdmittedToStore admitted = admission.admitToStore(
                ApiKeyHeader.of(request.event()),
                request.route().usageLabel(),
                request.route().scope(),
                () -> PathParameters.storeId(request));
        long storeId = admitted.storeId();
        CustomerListRequest parsed = CustomerListRequest.parse(
                storeId, QueryParameters.from(request.event(), CustomerListRequest.PARAMETERS), customers.archetypes());
        CustomerListQuery query = parsed.query();
        CursorCodec.Cursor from = null;
        if (parsed.cursor() != null) {
            from = cursors.decode(parsed.cursor(), parsed.fingerprint(), query.sort());
            query = query.withAfter(from.position());
        }
        // A walk reads one snapshot: the score version its first page read (docs/api.md).
        CustomerPage page = customers.page(query, from == null ? null : from.snapshot());
        String next = page.next() == null
                ? null
                : cursors.encode(
                        parsed.fingerprint(),
                        page.next(),
                        page.snapshot(),
                        from == null ? cursors.now() : from.walkStartedAt());
        Long total = parsed.includeTotal() ? customers.count(query) : null;
        return AdmittedResponses.ok(admitted.rateLimit(), new CustomerList(page.items(), next, total));
    }

    /**
     * The detail is cached as its JSON body in the store's detail hash under the retailer's id
     * (what the caller sends and what writers pass to CacheInvalidation.customerChanged), so a hit
     * is one HGET and no decoding, and that HGET rides on the admission's rate-limit script: a hit
     * costs one Redis round trip in all (bench/README, "Customer API"). A soft delete shows once
     * its writer invalidates, and at the latest after the TTL (docs/api.md, "Caching").
     */
    APIGatewayProxyResponseEvent detail(Router.Request request) {
        String hashField = PathParameters.customerIdIfValid(request).orElse(null);
        RequestAdmission.AdmittedToStore admitted = admission.admitToStore(
                ApiKeyHeader.of(request.event()),
                request.route().usageLabel(),
                request.route().scope(),
                () -> PathParameters.storeId(request),
                storeId ->
                        hashField == null ? null : cache.fieldRead(cache.keys().customerDetails(storeId), hashField));
        long storeId = admitted.storeId();
        // checked once: a valid id was read along; a malformed one is its 400 here, after admission as before
        String externalId = hashField != null ? hashField : PathParameters.customerId(request);
        QueryParameters.from(request.event(), QueryParameters.Spec.NONE);
        byte[] body = cache.getOrLoadField(
                cache.keys().customerDetails(storeId),
                externalId,
                settings.customerTtl(),
                () -> customers
                        .detail(storeId, externalId, DETAIL_ORDERS)
                        .map(Json::writeBytes)
                        .orElse(null),
                admitted.readAlong());
        if (body == null) {
            throw noSuchCustomer();
        }
        return AdmittedResponses.okJson(admitted.rateLimit(), new String(body, StandardCharsets.UTF_8));
    }

    private static NotFoundException noSuchCustomer() {
        return new NotFoundException("No such customer in this store");
    }
}
