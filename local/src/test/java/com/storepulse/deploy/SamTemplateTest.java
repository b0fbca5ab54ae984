package com.storepulse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.storepulse.json.Json;
import com.storepulse.testing.SharedFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
                // A function whose handler is not built yet must not be deployed by default.
                String handlerClass = ((String) props.get("Handler")).split("::")[0];
                boolean built = isOnClasspath(handlerClass);
                assertEquals(
                        built ? null : "PendingFunctions",
                        resource.get("Condition"),
                        name + ": handler " + handlerClass + (built ? " exists" : " is not built yet"));
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

    private static boolean isOnClasspath(String className) {
        try {
            Class.forName(className, false, SamTemplateTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
