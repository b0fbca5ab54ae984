package com.storepulse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.storepulse.auth.AccessFixtures;
import com.storepulse.cache.CacheKeys;
import com.storepulse.cache.NoCache;
import com.storepulse.config.Settings;
import com.storepulse.crypto.SecretBox;
import com.storepulse.db.Database;
import com.storepulse.json.Json;
import com.storepulse.observability.CapturedStdout;
import com.storepulse.observability.MetricNames;
import com.storepulse.observability.PowertoolsMetricsRecorder;
import com.storepulse.runtime.FunctionIdentity;
import com.storepulse.schema.Migrations;
import com.storepulse.testing.SharedFixtures;
import com.storepulse.testing.TestDatabase;
import com.storepulse.webhookintake.WebhookIntakeBeans;
import com.storepulse.webhooks.SignedRequest;
import com.storepulse.webhooks.TestSigner;
import com.storepulse.webhooks.WebhookIntake;
import com.storepulse.webhooks.WebhookKeys;
import com.storepulse.webhooks.WebhookSources;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml is valid against AWS's published SAM schema and keeps the promises the README
 * makes: every function has SnapStart, a jar built by this reactor, and an alarm beside it.
 */
class SamTemplateTest {

    private static final Path REPO = SamTemplate.REPO;
    private static Map<String, Object> template;

    @BeforeAll
    static void load() throws IOException {
        template = SamTemplate.load();
    }

    @Test
    void validatesAgainstTheSamSchema() throws IOException {
        Path schemaFile = SharedFixtures.require("schemas/sam.schema.json");
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
                .getSchema(Json.mapper().readTree(schemaFile.toFile()));
        JsonNode document = Json.mapper().valueToTree(template);
        Set<ValidationMessage> errors = schema.validate(document);
        assertTrue(errors.isEmpty(), "template.yaml violates the SAM schema: " + errors);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyFunctionHasSnapStartAJarFromThisBuildAndAnAlarm() {
        Map<String, Object> globals =
                (Map<String, Object>) ((Map<String, Object>) template.get("Globals")).get("Function");
        assertEquals(Map.of("ApplyOn", "PublishedVersions"), globals.get("SnapStart"));
        assertEquals("java21", globals.get("Runtime"));

        Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) template.get("Resources");
        List<String> functions = new ArrayList<>();
        resources.forEach((name, resource) -> {
            if ("AWS::Serverless::Function".equals(resource.get("Type"))) {
                functions.add(name);
                Map<String, Object> props = (Map<String, Object>) resource.get("Properties");
                String codeUri = (String) props.get("CodeUri");
                String module = codeUri.replaceAll("^functions/([^/]+)/target/.*$", "$1");
                assertTrue(
                        Files.exists(REPO.resolve("functions").resolve(module).resolve("pom.xml")),
                        name + " points at a module that does not exist: " + codeUri);
                assertEquals("functions/" + module + "/target/" + module + "-lambda.jar", codeUri);
                // Every function is deployed: its handler is built and no condition leaves it out.
                String handlerClass = ((String) props.get("Handler")).split("::")[0];
                assertTrue(isOnClasspath(handlerClass), name + ": handler " + handlerClass + " is not built");
                assertNull(resource.get("Condition"), name + " is deployed only under a condition");
                assertTrue(
                        Json.write(resources).contains("\"Ref\":\"" + name + "\""),
                        name + " has no CloudWatch alarm referring to it");
            }
        });
        assertEquals(5, functions.size(), "expected five functions, found " + functions);
        assertTrue(Files.isDirectory(REPO.resolve("events")));
    }

    /**
     * The usage flush is a function of its own from the customer-api jar: its schedule sends a
     * scheduled event shaped like events/usage-flush-scheduled.json (EventBridge Scheduler fills in
     * the placeholders), which the Lambda runtime deserializes for UsageFlushHandler. customer-api
     * itself has HTTP routes only.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theUsageFlushHasItsOwnFunctionAndScheduledEvent() throws IOException {
        Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) template.get("Resources");
        Map<String, Object> flush =
                (Map<String, Object>) resources.get("UsageFlushFunction").get("Properties");
        assertEquals("com.storepulse.customerapi.UsageFlushHandler::handleRequest", flush.get("Handler"));
        assertEquals("functions/customer-api/target/customer-api-lambda.jar", flush.get("CodeUri"));
        Map<String, Map<String, Object>> events = (Map<String, Map<String, Object>>) flush.get("Events");
        assertEquals(Set.of("Schedule"), events.keySet());
        Map<String, Object> schedule = events.get("Schedule");
        assertEquals("ScheduleV2", schedule.get("Type"));
        Map<String, Object> properties = (Map<String, Object>) schedule.get("Properties");
        assertEquals(Map.of("Ref", "UsageFlushSchedule"), properties.get("ScheduleExpression"));
        Map<String, Map<String, Object>> parameters = (Map<String, Map<String, Object>>) template.get("Parameters");
        assertEquals(
                "rate(5 minutes)",
                parameters.get("UsageFlushSchedule").get("Default"),
                "docs/api-keys.md promises counts wait at most 5 minutes after the last request");

        String input = (String) properties.get("Input");
        JsonNode sample = Json.mapper()
                .readTree(REPO.resolve("events/usage-flush-scheduled.json").toFile());
        JsonNode sent = Json.mapper().readTree(input);
        List<String> sampleFields = new ArrayList<>();
        sample.fieldNames().forEachRemaining(sampleFields::add);
        List<String> sentFields = new ArrayList<>();
        sent.fieldNames().forEachRemaining(sentFields::add);
        assertEquals(sentFields, sampleFields, "the sample has the fields the schedule sends");
        for (String field : sentFields) {
            boolean filledIn = sent.get(field).toString().contains("<aws.scheduler.");
            if (!filledIn) {
                assertEquals(sample.get(field), sent.get(field), field + ": the sample is what the schedule sends");
            }
        }
        com.amazonaws.services.lambda.runtime.events.ScheduledEvent event =
                com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers.serializerFor(
                                com.amazonaws.services.lambda.runtime.events.ScheduledEvent.class,
                                SamTemplateTest.class.getClassLoader())
                        .fromJson(input.replace("<aws.scheduler.scheduled-time>", "2026-11-25T10:05:00Z"));
        assertEquals("Scheduled Event", event.getDetailType());

        Map<String, Object> api =
                (Map<String, Object>) resources.get("CustomerApiFunction").get("Properties");
        ((Map<String, Map<String, Object>>) api.get("Events"))
                .forEach((name, e) -> assertEquals("Api", e.get("Type"), name + ": customer-api has HTTP routes only"));
    }

    /**
     * webhook-intake's alarms send on-call to runbook sections that exist and speak of them, and
     * watch what the function really emits: Lambda's own Errors of that function, or a metric the
     * intake writes (a {@link MetricNames} constant) in the namespace and with exactly the
     * dimensions of its EMF lines, as the intake writes them when a delivery is refused or accepted.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theWebhookIntakeAlarmsNameRunbookSectionsThatExistAndMetricsTheFunctionEmits() throws Exception {
        Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) template.get("Resources");
        Map<String, Object> globalVariables = (Map<String, Object>) ((Map<String, Object>)
                        ((Map<String, Object>) ((Map<String, Object>) template.get("Globals")).get("Function"))
                                .get("Environment"))
                .get("Variables");
        String namespace = (String) globalVariables.get(PowertoolsMetricsRecorder.NAMESPACE_SETTING);
        String function = webhookIntakeIdentity();
        Map<String, String> runbook = runbookSections();
        Set<String> metricNames = metricNameConstants();
        List<Map<String, Object>> emitted = metricsTheIntakeEmits(namespace, function);

        Map<String, Object> lambdaDimension =
                Map.of("Name", "FunctionName", "Value", Map.of("Ref", "WebhookIntakeFunction"));
        Map<String, Object> functionDimension =
                Map.of("Name", PowertoolsMetricsRecorder.FUNCTION_DIMENSION, "Value", function);
        List<String> checked = new ArrayList<>();
        resources.forEach((id, resource) -> {
            if (!"AWS::CloudWatch::Alarm".equals(resource.get("Type"))) {
                return;
            }
            Map<String, Object> alarm = (Map<String, Object>) resource.get("Properties");
            List<Object> dimensions = (List<Object>) alarm.getOrDefault("Dimensions", List.of());
            boolean lambdaMetric = dimensions.contains(lambdaDimension);
            if (!lambdaMetric && !dimensions.contains(functionDimension)) {
                return;
            }
            checked.add(id);
            String alarmName = ((String) ((Map<String, Object>) alarm.get("AlarmName")).get("Fn::Sub"))
                    .replace("${Stage}", "<stage>");
            String description = (String) alarm.get("AlarmDescription");
            Matcher anchor =
                    Pattern.compile("docs/operations/runbook\\.md#([a-z0-9-]+)").matcher(description);
            assertTrue(anchor.find(), id + ": the description names no runbook section: " + description);
            String section = runbook.get(anchor.group(1));
            assertTrue(
                    section != null,
                    id + ": docs/operations/runbook.md has no section #" + anchor.group(1) + " (sections: "
                            + runbook.keySet() + ")");
            assertTrue(
                    section.contains(alarmName),
                    id + ": runbook section #" + anchor.group(1) + " does not name the alarm " + alarmName);
            String metric = (String) alarm.get("MetricName");
            if (lambdaMetric) {
                assertEquals("AWS/Lambda", alarm.get("Namespace"), id);
                assertEquals(List.of(lambdaDimension), dimensions, id + ": Lambda's metric of this function alone");
                assertTrue(Set.of("Errors", "Throttles", "Duration").contains(metric), id + ": " + metric);
                return;
            }
            assertTrue(metricNames.contains(metric), id + ": " + metric + " is not a MetricNames constant");
            assertTrue(
                    section.contains(metric),
                    id + ": runbook section #" + anchor.group(1) + " does not name " + metric);
            Map<String, Object> watched = new LinkedHashMap<>();
            watched.put("namespace", alarm.get("Namespace"));
            watched.put("metric", metric);
            Map<String, String> alarmDimensions = new LinkedHashMap<>();
            dimensions.forEach(d -> alarmDimensions.put(
                    (String) ((Map<String, Object>) d).get("Name"), (String) ((Map<String, Object>) d).get("Value")));
            watched.put("dimensions", alarmDimensions);
            assertTrue(
                    emitted.contains(watched),
                    id + " watches " + watched + ", which the intake does not emit; it emits " + emitted);
        });
        assertEquals(
                Set.of("WebhookIntakeErrorsAlarm", "WebhookSignatureFailuresAlarm"),
                Set.copyOf(checked),
                "the alarms on webhook-intake");
    }

    /** The logical name webhook-intake's metrics carry (its FunctionIdentity, as the handler's context builds it). */
    private static String webhookIntakeIdentity() throws ReflectiveOperationException {
        Method identity = WebhookIntakeBeans.class.getDeclaredMethod("functionIdentity");
        identity.setAccessible(true);
        return ((FunctionIdentity) identity.invoke(new WebhookIntakeBeans())).name();
    }

    /** Each section of the runbook by its GitHub anchor, with its text up to the next heading. */
    private static Map<String, String> runbookSections() throws IOException {
        Map<String, String> sections = new LinkedHashMap<>();
        String anchor = null;
        StringBuilder text = new StringBuilder();
        boolean inCode = false;
        for (String line : Files.readAllLines(REPO.resolve("docs/operations/runbook.md"))) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            }
            if (!inCode && line.matches("#{1,6} .*")) {
                if (anchor != null) {
                    sections.put(anchor, text.toString());
                }
                anchor = line.replaceFirst("^#+ ", "")
                        .strip()
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9 _-]", "")
                        .replace(' ', '-');
                text.setLength(0);
            }
            text.append(line).append('\n');
        }
        if (anchor != null) {
            sections.put(anchor, text.toString());
        }
        return sections;
    }

    private static Set<String> metricNameConstants() throws IllegalAccessException {
        Set<String> names = new HashSet<>();
        for (Field field : MetricNames.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                names.add((String) field.get(null));
            }
        }
        return names;
    }

    /**
     * The metrics (namespace, name, dimensions) the intake as the function builds it writes to its EMF
     * lines for a bad signature, a stale timestamp, an invalid event and an accepted one.
     */
    private static List<Map<String, Object>> metricsTheIntakeEmits(String namespace, String function) {
        // A database of its own: the local stack's tests expect the shared one without stores.
        try (Database database = TestDatabase.open(TestDatabase.createEmptyDatabase("sp_alarms"), 2)) {
            Migrations.migrate(database.dataSource());
            return metricsTheIntakeEmits(database, namespace, function);
        }
    }

    private static List<Map<String, Object>> metricsTheIntakeEmits(
            Database database, String namespace, String function) {
        Settings settings = Settings.of(Map.of(
                SecretBox.KEY_SETTING, SecretBox.newKey(), PowertoolsMetricsRecorder.NAMESPACE_SETTING, namespace));
        AccessFixtures fixtures = new AccessFixtures(database);
        long tenant = fixtures.tenant();
        long store = fixtures.store(tenant);
        WebhookSources.Registered source = new WebhookSources(
                        database.jdbi(), SecretBox.fromSettings(settings), Clock.systemUTC())
                .register(tenant, store, "standard-webhooks", "alarms", null, null);
        List<Map<String, Object>> emitted = new ArrayList<>();
        try (CapturedStdout stdout = new CapturedStdout()) {
            PowertoolsMetricsRecorder metrics = PowertoolsMetricsRecorder.create(settings, function);
            WebhookIntake intake = WebhookIntakeBeans.create(
                    database, settings, new NoCache(new CacheKeys("sp:")), metrics, Clock.systemUTC());
            String body = "{\"type\":\"customer.created\",\"timestamp\":\"2026-05-01T12:00:00Z\","
                    + "\"data\":{\"id\":\"c1\",\"updatedAt\":\"2026-05-01T11:00:00Z\"}}";
            long now = Instant.now().getEpochSecond();
            List<Runnable> deliveries = List.of(
                    () -> intake.receive(
                            source.source().sourceId(), request(WebhookKeys.newSecret(), "bad", now, body)),
                    () -> intake.receive(
                            source.source().sourceId(), request(source.secret(), "late", now - 3600, body)),
                    () -> intake.receive(
                            source.source().sourceId(),
                            request(source.secret(), "invalid", now, body.replace("\"updatedAt\"", "\"x\""))),
                    () -> intake.receive(source.source().sourceId(), request(source.secret(), "ok", now, body)));
            for (Runnable delivery : deliveries) {
                try {
                    delivery.run();
                } catch (RuntimeException refused) {
                    // a refusal is what this delivery is for: its metric is the point
                }
            }
            metrics.flush();
            for (JsonNode document : stdout.emfDocuments()) {
                JsonNode directive = document.at("/_aws/CloudWatchMetrics/0");
                for (JsonNode dimensionSet : directive.path("Dimensions")) {
                    Map<String, String> dimensions = new LinkedHashMap<>();
                    dimensionSet.forEach(name -> dimensions.put(
                            name.asText(), document.path(name.asText()).asText()));
                    for (JsonNode metric : directive.path("Metrics")) {
                        Map<String, Object> one = new LinkedHashMap<>();
                        one.put("namespace", directive.path("Namespace").asText());
                        one.put("metric", metric.path("Name").asText());
                        one.put("dimensions", dimensions);
                        emitted.add(one);
                    }
                }
            }
        }
        return emitted;
    }

    private static SignedRequest request(String secret, String id, long timestamp, String body) {
        return new SignedRequest(
                TestSigner.standardHeaders(TestSigner.standardV1(secret, id, timestamp, body), id, timestamp),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isOnClasspath(String className) {
        try {
            Class.forName(className, false, SamTemplateTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
