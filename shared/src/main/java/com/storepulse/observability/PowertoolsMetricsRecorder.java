package com.storepulse.observability;

import com.amazonaws.services.lambda.runtime.Context;
import com.storepulse.config.ConfigurationException;
import com.storepulse.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * {@link MetricsRecorder} writing CloudWatch Embedded Metric Format, configured the Powertools way
 * ({@code POWERTOOLS_METRICS_NAMESPACE}, {@code POWERTOOLS_METRICS_DISABLED}, the ColdStart metric
 * through Powertools' functional API).
 *
 * <ul>
 *   <li>Namespace: {@code POWERTOOLS_METRICS_NAMESPACE}, default {@value #DEFAULT_NAMESPACE}.</li>
 *   <li>Every metric carries exactly the dimension {@value #FUNCTION_DIMENSION} (the function's
 *       logical name, stable across stacks, which the alarms in template.yaml filter on). Metrics
 *       recorded with extra dimensions are written at once as their own EMF line, because one EMF
 *       document shares its dimension sets between all its metrics.</li>
 *   <li>Dimension names and values are made EMF-safe (printable ASCII, no whitespace) instead of
 *       failing the request. A metric that still cannot be recorded is logged and dropped: metrics
 *       never break a request.</li>
 *   <li>Where the EMF goes: on Lambda, stdout (CloudWatch Logs extracts it); outside Lambda, stdout
 *       too (the EMF library's "Local" environment, instead of a CloudWatch agent on tcp
 *       127.0.0.1:25888): visible on a laptop, assertable in tests, no socket. Those lines are
 *       written here with the one JSON mapper, in the documents Powertools writes (same keys, same
 *       values; {@code PowertoolsMetricsRecorderTest} compares them): Powertools' own flush builds
 *       a metrics context, a logger and a serializer per document, which cost more than the rest of
 *       a cached request. With {@code AWS_EMF_ENVIRONMENT} set to another environment, Powertools
 *       writes them as before. {@code POWERTOOLS_METRICS_DISABLED=true}: nothing is written.</li>
 * </ul>
 *
 * <p>Powertools keeps one metrics context per process, so create one recorder per function
 * (at init) and let {@link InvocationScope} flush it after every invocation.
 */
public final class PowertoolsMetricsRecorder implements MetricsRecorder {

    public static final String NAMESPACE_SETTING = "POWERTOOLS_METRICS_NAMESPACE";
    public static final String DEFAULT_NAMESPACE = "StorePulse";
    public static final String FUNCTION_DIMENSION = "Function";

    private static final Logger LOG = LoggerFactory.getLogger(PowertoolsMetricsRecorder.class);
    private static final Pattern VALID_NAMESPACE = Pattern.compile("[a-zA-Z0-9._#:/-]{1,256}");
    private static final Pattern NOT_EMF_SAFE = Pattern.compile("[^\\x21-\\x7E]+");

    private final Metrics metrics;
    private final String namespace;
    private final String functionName;
    /** Null when Powertools writes the documents (another EMF environment was chosen). */
    private final EmfWriter writer;

    private final AtomicBoolean pending = new AtomicBoolean();

    private PowertoolsMetricsRecorder(Metrics metrics, String namespace, String functionName, EmfWriter writer) {
        this.metrics = metrics;
        this.namespace = namespace;
        this.functionName = functionName;
        this.writer = writer;
    }

    /** @param functionName the logical name, e.g. {@code customer-api} */
    public static PowertoolsMetricsRecorder create(Settings settings, String functionName) {
        String namespace = settings.get(NAMESPACE_SETTING, DEFAULT_NAMESPACE);
        if (!VALID_NAMESPACE.matcher(namespace).matches()) {
            throw new ConfigurationException(
                    "setting " + NAMESPACE_SETTING + " must be 1-256 characters of a-z A-Z 0-9 . _ # : / -");
        }
        boolean toStdout = chooseEmfDestination(settings);
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(namespace);
        // Replaces Powertools' default "Service" dimension: alarms match the exact dimension set.
        String function = dimensionValue(functionName);
        metrics.setDefaultDimensions(DimensionSet.of(FUNCTION_DIMENSION, function));
        boolean disabled = settings.get("POWERTOOLS_METRICS_DISABLED")
                .map("true"::equalsIgnoreCase)
                .orElse(false);
        EmfWriter writer = toStdout ? new EmfWriter(namespace, FUNCTION_DIMENSION, function, disabled) : null;
        return new PowertoolsMetricsRecorder(metrics, namespace, function, writer);
    }

    /** True when the EMF goes to stdout (Lambda or Local), false for an environment chosen by AWS_EMF_ENVIRONMENT. */
    private static boolean chooseEmfDestination(Settings settings) {
        var chosen = settings.get("AWS_EMF_ENVIRONMENT");
        if (chosen.isPresent()) {
            return chosen.get().equalsIgnoreCase("Lambda") || chosen.get().equalsIgnoreCase("Local");
        }
        // Also spares Lambda the EMF library's parallel EC2/ECS metadata probes at cold start.
        boolean onLambda = settings.get("AWS_LAMBDA_FUNCTION_NAME").isPresent();
        EnvironmentConfigurationProvider.getConfig()
                .setEnvironmentOverride(onLambda ? Environments.Lambda : Environments.Local);
        return true;
    }

    public String namespace() {
        return namespace;
    }

    public String functionName() {
        return functionName;
    }

    @Override
    public void count(String metric, double value, Map<String, String> dimensions) {
        record(metric, value, MetricUnit.COUNT, dimensions);
    }

    @Override
    public void milliseconds(String metric, double value, Map<String, String> dimensions) {
        record(metric, value, MetricUnit.MILLISECONDS, dimensions);
    }

    @Override
    public void seconds(String metric, double value, Map<String, String> dimensions) {
        record(metric, value, MetricUnit.SECONDS, dimensions);
    }

    private void record(String metric, double value, MetricUnit unit, Map<String, String> dimensions) {
        try {
            if (writer != null) {
                if (dimensions == null || dimensions.isEmpty()) {
                    writer.add(metric, value, unit.getName());
                } else {
                    writer.writeSingle(metric, value, unit.getName(), extraDimensions(dimensions));
                }
            } else if (dimensions == null || dimensions.isEmpty()) {
                metrics.addMetric(metric, value, unit);
                pending.set(true);
            } else {
                metrics.flushSingleMetric(metric, value, unit, namespace, withFunction(dimensions));
            }
        } catch (RuntimeException e) {
            LOG.warn("metric {} dropped: {}", metric, e.getMessage());
        }
    }

    /** The ColdStart metric (Powertools' own name); call before logging marks the cold start done. */
    public void captureColdStart(Context context) {
        try {
            metrics.captureColdStartMetric(context, DimensionSet.of(FUNCTION_DIMENSION, functionName));
        } catch (RuntimeException e) {
            LOG.warn("cold start metric dropped: {}", e.getMessage());
        }
    }

    /** Writes the metrics recorded since the last flush as one EMF line; nothing if there are none. */
    public void flush() {
        if (writer != null) {
            try {
                writer.flush();
            } catch (RuntimeException e) {
                LOG.warn("metrics flush failed: {}", e.getMessage());
            }
            return;
        }
        if (!pending.getAndSet(false)) {
            return;
        }
        try {
            metrics.flush();
        } catch (RuntimeException e) {
            LOG.warn("metrics flush failed: {}", e.getMessage());
        }
    }

    private DimensionSet withFunction(Map<String, String> dimensions) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(FUNCTION_DIMENSION, functionName);
        all.putAll(extraDimensions(dimensions));
        return DimensionSet.of(all);
    }

    private static Map<String, String> extraDimensions(Map<String, String> dimensions) {
        Map<String, String> safe = new LinkedHashMap<>();
        dimensions.forEach((name, value) -> safe.put(dimensionName(name), dimensionValue(value)));
        return safe;
    }

    static String dimensionName(String name) {
        String safe = dimensionValue(name);
        return safe.startsWith(":") ? "_" + safe.substring(1) : truncate(safe, 250);
    }

    static String dimensionValue(String value) {
        String safe = value == null ? "" : NOT_EMF_SAFE.matcher(value.strip()).replaceAll("_");
        return safe.isEmpty() ? "none" : truncate(safe, 1024);
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
