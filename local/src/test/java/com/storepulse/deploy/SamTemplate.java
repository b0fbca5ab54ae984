package com.storepulse.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** The repository's template.yaml as plain maps, CloudFormation's short tags in their long JSON form. */
final class SamTemplate {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    /** One API event of a function: API Gateway routes {@code method} on resource {@code path} to it. */
    record ApiEvent(String function, String name, String path, String method) {}

    /**
     * One function of the template.
     *
     * @param resource  the logical id ({@code CustomerApiFunction})
     * @param name      the deployed name without {@code storepulse-<stage>-} ({@code customer-api}),
     *                  which is also the local stack's name for it
     * @param handler   the handler class
     * @param condition the resource's Condition, or null
     */
    record Function(
            String resource,
            String name,
            String handler,
            String condition,
            Map<String, Object> properties,
            List<ApiEvent> apiEvents) {}

    private SamTemplate() {}

    static Map<String, Object> load() throws IOException {
        try (Reader reader = Files.newBufferedReader(REPO.resolve("template.yaml"))) {
            return new Yaml(new CloudFormationConstructor()).load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Function> functions(Map<String, Object> template) {
        Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) template.get("Resources");
        List<Function> functions = new ArrayList<>();
        resources.forEach((id, resource) -> {
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                return;
            }
            Map<String, Object> props = (Map<String, Object>) resource.get("Properties");
            String fullName = (String) ((Map<String, Object>) props.get("FunctionName")).get("Fn::Sub");
            String name = fullName.replace("storepulse-${Stage}-", "");
            String handler = ((String) props.get("Handler")).split("::")[0];
            List<ApiEvent> api = new ArrayList<>();
            Map<String, Map<String, Object>> events =
                    (Map<String, Map<String, Object>>) props.getOrDefault("Events", Map.of());
            events.forEach((eventName, event) -> {
                if ("Api".equals(event.get("Type"))) {
                    Map<String, Object> ep = (Map<String, Object>) event.get("Properties");
                    api.add(new ApiEvent(name, eventName, (String) ep.get("Path"), (String) ep.get("Method")));
                }
            });
            functions.add(new Function(id, name, handler, (String) resource.get("Condition"), props, api));
        });
        return functions;
    }

    /** Maps CloudFormation's short intrinsic tags (!Ref, !Sub, ...) to their long JSON forms. */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor() {
            super(new LoaderOptions());
            for (String fn : List.of(
                    "Ref",
                    "Sub",
                    "GetAtt",
                    "If",
                    "Not",
                    "Equals",
                    "Join",
                    "Select",
                    "Split",
                    "FindInMap",
                    "GetAZs",
                    "ImportValue",
                    "And",
                    "Or",
                    "Condition",
                    "Base64",
                    "Cidr")) {
                this.yamlConstructors.put(new Tag("!" + fn), new Intrinsic(fn));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String fn;

            Intrinsic(String fn) {
                this.fn = fn;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = scalar.getValue();
                    value = "GetAtt".equals(fn) ? List.of(text.split("\\.", 2)) : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                String key = "Ref".equals(fn) || "Condition".equals(fn) ? fn : "Fn::" + fn;
                Map<String, Object> result = new LinkedHashMap<>();
                result.put(key, value);
                return result;
            }
        }
    }
}
