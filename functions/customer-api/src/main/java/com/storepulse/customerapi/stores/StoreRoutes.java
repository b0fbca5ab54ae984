package com.storepulse.customerapi.stores;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.auth.Caller;
import com.storepulse.auth.RequestAdmission;
import com.storepulse.cache.CacheKeys.StoreAggregate;
import com.storepulse.cache.ManagedCache;
import com.storepulse.customerapi.AdmittedResponses;
import com.storepulse.customerapi.CustomerApiCatalogue;
import com.storepulse.customerapi.QuerySettings;
import com.storepulse.customerapi.request.ApiKeyHeader;
import com.storepulse.customerapi.request.PathParameters;
import com.storepulse.customerapi.request.QueryParameters;
import com.storepulse.http.Router;
import com.storepulse.json.Json;
import com.storepulse.stores.ReadableStore;
import com.storepulse.stores.StoreCustomerCounts;
import com.storepulse.stores.StoreListing;
import com.storepulse.stores.StoreRepository;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/** GET /v1/stores, GET /v1/stores/{storeId}/archetypes and /summary (store aggregates, cached per store). */
@Singleton
public class StoreRoutes {

    public record StoreList(List<ReadableStore> items) {}

    private final RequestAdmission admission;
    private final StoreRepository stores;
    private final ManagedCache cache;
    private final QuerySettings settings;
    private final InstantSource clock = InstantSource.system();

    public StoreRoutes(RequestAdmission admission, StoreRepository stores, ManagedCache cache, QuerySettings settings) {
        this.admission = admission;
        this.stores = stores;
        this.cache = cache;
        this.settings = settings;
    }

    public void register(Router router) {
        router.add(CustomerApiCatalogue.LIST_STORES, this::stores);
        router.add(CustomerApiCatalogue.STORE_ARCHETYPES, this::archetypes);
        router.add(CustomerApiCatalogue.STORE_SUMMARY, this::summary);
    }

    /**
     * Which stores a key sees is one small query (per key, never cached: a revoked store grant
     * shows at once); each store's counts are a store aggregate in the cache, so storeChanged and
     * customerChanged of that store refresh them.
     */
    APIGatewayProxyResponseEvent stores(Router.Request request) {
        RequestAdmission.Admitted admitted = admission.admit(
                ApiKeyHeader.of(request.event()),
                request.route().usageLabel(),
                request.route().scope());
        Caller caller = admitted.caller();
        QueryParameters.from(request.event(), QueryParameters.Spec.NONE);
        List<StoreListing> listed = stores.readableStores(caller.tenantId(), caller.allowedStoreIds());
        // Every store's counts in one cache read (MGET); the stores that missed load on one connection.
        Map<String, Long> storeOfKey = new LinkedHashMap<>();
        for (StoreListing store : listed) {
            storeOfKey.put(countsKey(store.storeId()), store.storeId());
        }
        Map<String, StoreCustomerCounts> counts = cache.getOrLoadAll(
                storeOfKey.keySet(), StoreCustomerCounts.class, settings.storeAggregateTtl(), missed -> {
                    Map<Long, StoreCustomerCounts> loaded = stores.customerCounts(
                            missed.stream().map(storeOfKey::get).toList());
                    Map<String, StoreCustomerCounts> byKey = new HashMap<>();
                    missed.forEach(key -> byKey.put(key, loaded.get(storeOfKey.get(key))));
                    return byKey;
                });
        List<ReadableStore> items = new ArrayList<>(listed.size());
        for (StoreListing store : listed) {
            items.add(store.withCounts(counts.get(countsKey(store.storeId()))));
        }
        return AdmittedResponses.ok(admitted.rateLimit(), new StoreList(items));
    }

    private String countsKey(long storeId) {
        return cache.keys().storeAggregate(storeId, StoreAggregate.CUSTOMER_COUNTS);
    }

    APIGatewayProxyResponseEvent archetypes(Router.Request request) {
        return storeAggregate(
                request, StoreAggregate.ARCHETYPES, storeId -> stores.archetypeBreakdown(storeId, clock.instant()));
    }

    APIGatewayProxyResponseEvent summary(Router.Request request) {
        return storeAggregate(request, StoreAggregate.SUMMARY, storeId -> stores.summary(storeId, clock.instant()));
    }

    /**
     * A store-wide aggregate, read through the cache under its CacheKeys name (storeChanged removes
     * it); the read rides on the admission's Redis script.
     */
    private APIGatewayProxyResponseEvent storeAggregate(
            Router.Request request, StoreAggregate aggregate, LongFunction<?> load) {
        RequestAdmission.AdmittedToStore admitted = admission.admitToStore(
                ApiKeyHeader.of(request.event()),
                request.route().usageLabel(),
                request.route().scope(),
                () -> PathParameters.storeId(request),
                storeId -> cache.keyRead(cache.keys().storeAggregate(storeId, aggregate)));
        long storeId = admitted.storeId();
        QueryParameters.from(request.event(), QueryParameters.Spec.NONE);
        // Cached as the response body's bytes: a hit is served as stored, not decoded and encoded again.
        // The read rode on the admission's script (one Redis round trip for a hit, as a detail's does).
        byte[] body = cache.getOrLoadBytes(
                cache.keys().storeAggregate(storeId, aggregate),
                settings.storeAggregateTtl(),
                () -> Json.writeBytes(load.apply(storeId)),
                admitted.readAlong());
        return AdmittedResponses.okJson(admitted.rateLimit(), new String(body, StandardCharsets.UTF_8));
    }
}
