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
        assertEquals(4, functions.size(), "expected four functions, found " + functions);
        assertTrue(Files.isDirectory(REPO.resolve("events")));
    }

    /**
     * customer-api's usage-flush schedule sends exactly events/customer-api-flush-usage.json, which
     * the Lambda runtime turns into an event the handler takes for maintenance (and only that
     * schedule does: every API event of the function is an HTTP route, never a maintenance input).
     */
    @Test
    @SuppressWarnings("unchecked")
    void theUsageFlushScheduleSendsTheMaintenanceEventToTheCustomerApi() throws IOException {
        Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) template.get("Resources");
        Map<String, Object> function =
                (Map<String, Object>) resources.get("CustomerApiFunction").get("Properties");
        Map<String, Map<String, Object>> events = (Map<String, Map<String, Object>>) function.get("Events");
        Map<String, Object> schedule = events.get("UsageFlush");
        assertEquals("ScheduleV2", schedule.get("Type"));
        Map<String, Object> properties = (Map<String, Object>) schedule.get("Properties");
        assertEquals(Map.of("Ref", "UsageFlushSchedule"), properties.get("ScheduleExpression"));
        Map<String, Map<String, Object>> parameters = (Map<String, Map<String, Object>>) template.get("Parameters");
        assertEquals(
                "rate(5 minutes)",
                parameters.get("UsageFlushSchedule").get("Default"),
                "docs/api-keys.md promises counts wait at most 5 minutes after the last request");

        String input = (String) properties.get("Input");
        Path sample = REPO.resolve("events/customer-api-flush-usage.json");
        assertEquals(
                Json.mapper().readTree(sample.toFile()),
                Json.mapper().readTree(input),
                "the sample event is what the schedule sends");
        com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent event =
                com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers.serializerFor(
                                com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.class,
                                SamTemplateTest.class.getClassLoader())
                        .fromJson(input);
        assertTrue(com.storepulse.customerapi.maintenance.MaintenanceEvents.isMaintenance(event), input);

        events.forEach((name, e) -> {
            if (!"UsageFlush".equals(name)) {
                assertEquals("Api", e.get("Type"), name + ": customer-api has HTTP routes and the usage flush only");
            }
        });
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
