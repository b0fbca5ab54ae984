package com.storepulse.coldstart.stores;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The trivial work both cold-start prototypes do, compiled into each of them from this one source
 * folder: Powertools logging (log4j2 JSON) and metrics (EMF) set up and used the same way, and a
 * small JSON-ready object built from the path parameter. Only the framework around it differs.
 */
@Singleton
public class StoreDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(StoreDirectory.class);

    private final Metrics metrics = MetricsFactory.getMetricsInstance();
    // Both Micronaut entry points register the current invocation's Context as a bean.
    private final BeanProvider<Context> lambdaContext;

    public StoreDirectory(BeanProvider<Context> lambdaContext) {
        this.lambdaContext = lambdaContext;
    }

    public Map<String, Object> describe(String storeId) {
        return PowertoolsLogging.withLogging(lambdaContext.get(), () -> {
            try {
                LOG.info("store {} looked up", storeId);
                metrics.addMetric("StoreLookup", 1, MetricUnit.COUNT);
                Map<String, Object> store = new LinkedHashMap<>();
                store.put("storeId", storeId);
                store.put("name", "Store " + storeId);
                store.put("currency", "EUR");
                store.put("customerCount", storeId.length() * 1000);
                return store;
            } finally {
                metrics.flush();
            }
        });
    }
}
