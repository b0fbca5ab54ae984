package com.storepulse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.deploy.RuntimeApiStandIn.Report;
import com.storepulse.json.Json;
import com.storepulse.testing.TestRedis;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What ships is what is tested: every function template.yaml deploys is started from its
 * deployable jar the way Lambda's java21 runtime starts it, and handles each of its sample events.
 *
 * <p>For each function the jar at its {@code CodeUri} (built by this reactor's {@code package},
 * before this module's tests) is unpacked into a task directory, as Lambda unpacks a deployment
 * package into {@code /var/task}. A fresh JVM runs the runtime interface client
 * ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda <handler>}) with only the
 * runtime's own jars on its class path (the client, the runtime serializer, aws-lambda-java-core
 * and the client's utils-lite), the runtime's JVM flags, the task directory as working directory
 * (the client loads the function from there) and a Lambda-like environment: the template's
 * variables for that function, with this test run's Redis and a database of its own holding the
 * demo data and a live demo key ({@link JarStartData}; the sample events' placeholder key is
 * replaced by it; the signed webhook samples meet their source and are signed again at the current
 * time, {@link SignedWebhookSamples}, and must be applied). With SnapStart on, the
 * client runs the checkpoint hooks, asks for its restore and runs the restore hooks first, as at a
 * publish. {@link RuntimeApiStandIn} answers the Runtime API and hands out each sample event.
 *
 * <p>A function's sample events are {@code events/<function>-<case>.json}, {@code <function>}
 * being its name without the stack's {@code storepulse-<stage>-} prefix. An API response must not
 * be a 5xx; any other event must be answered, not reported as an error. Each function's handler argument and result types are printed: the
 * runtime serializer read every one of them with only the jar's own classes. What each sample
 * posts to the Slack stand-in is checked against {@link #SLACK_POSTS}: the alert-fanout samples
 * through the routing {@link JarStartData#alertRouting} gives the jar, every other sample nothing.
 */
class DeployedJarsStartTest {

    private static final Path REPO = SamTemplate.REPO;
    private static final Path WORK = Path.of("target", "jar-start").toAbsolutePath();
    private static final String REGION = "eu-west-1";
    private static final String ACCOUNT = "123456789012";
    /** Init (JVM start, context, SnapStart priming) on a loaded 2-core machine, plus the first event. */
    private static final Duration FIRST_EVENT = Duration.ofSeconds(180);

    private static final Duration NEXT_EVENT = Duration.ofSeconds(60);
    /** 20 MB, decimal: every deployable function jar (issue 10). */
    private static final long MAX_JAR_BYTES = 20_000_000;
    /** The runtime's own jars (on this test's class path as Maven dependencies). */
    private static final List<String> RUNTIME_JARS = List.of(
            "aws-lambda-java-runtime-interface-client-",
            "aws-lambda-java-serialization-",
            "aws-lambda-java-core-",
            "utils-lite-");

    @TestFactory
    Stream<DynamicTest> everyDeployedFunctionStartsFromItsJarAndHandlesItsSampleEvents() throws IOException {
        List<FunctionSpec> functions = FunctionSpec.all(SamTemplate.load());
        assertFalse(functions.isEmpty(), "template.yaml has no AWS::Serverless::Function");
        Map<String, List<Path>> events = eventsByFunction(functions);
        return functions.stream()
                .map(f -> dynamicTest(
                        f.logicalId() + " starts from " + f.codeUri(),
                        () -> startAndInvoke(f, events.getOrDefault(f.name(), List.of()))));
    }

    /** Every function jar the reactor builds is held to the bound. */
    @Test
    void everyFunctionJarIsWithinTheSizeBound() throws IOException {
        List<String> over = new ArrayList<>();
        for (FunctionSpec f : FunctionSpec.all(SamTemplate.load())) {
            Path jar = REPO.resolve(f.codeUri());
            assertTrue(
                    Files.isRegularFile(jar),
                    jar + " does not exist: the reactor packages it before this test (./mvnw verify)");
            long size = Files.size(jar);
            System.out.println("jar size: " + f.codeUri() + " " + size + " bytes");
            if (size > MAX_JAR_BYTES) {
                over.add(f.codeUri() + " (" + f.logicalId() + ") is " + size + " bytes");
            }
        }
        assertEquals(
                List.of(),
                over,
                "over the " + MAX_JAR_BYTES
                        + "-byte bound of every function jar (docs/architecture.md, \"Jar sizes\")");
    }

    /** An event file that belongs to no function would never be tried: a misnamed sample fails here. */
    @Test
    void everySampleEventBelongsToAFunction() throws IOException {
        List<FunctionSpec> functions = FunctionSpec.all(SamTemplate.load());
        Map<String, List<Path>> events = eventsByFunction(functions);
        for (FunctionSpec f : functions) {
            assertFalse(
                    events.getOrDefault(f.name(), List.of()).isEmpty(),
                    f.logicalId() + " has no sample event (events/" + f.name() + "-*.json)");
        }
    }

    private static Map<String, List<Path>> eventsByFunction(List<FunctionSpec> functions) throws IOException {
        List<String> names = functions.stream()
                .map(FunctionSpec::name)
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        Map<String, List<Path>> byFunction = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(REPO.resolve("events"))) {
            files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            String owner = names.stream()
                    .filter(name -> fileName.startsWith(name + "-"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("events/" + fileName
                            + " belongs to no function of template.yaml (name it <function>-<case>.json)"));
            byFunction.computeIfAbsent(owner, k -> new ArrayList<>()).add(file);
        }
        return byFunction;
    }

    private static void startAndInvoke(FunctionSpec f, List<Path> events) throws Exception {
        Path jar = REPO.resolve(f.codeUri());
        assertTrue(
                Files.isRegularFile(jar),
                jar + " does not exist: the reactor packages it before this test (./mvnw verify)");
        assertTrue(
                Files.size(jar) <= MAX_JAR_BYTES,
                f.codeUri() + " is " + Files.size(jar) + " bytes, over the " + MAX_JAR_BYTES
                        + "-byte bound of every function jar (docs/architecture.md, \"Jar sizes\")");
        Path home = WORK.resolve(f.logicalId());
        deleteRecursively(home);
        Path task = Files.createDirectories(home.resolve("task"));
        unzip(jar, task);
        Path log = home.resolve("runtime.log");
        String types = handlerTypes(task, f.handler());

        String arn = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + f.functionName() + ":live";
        try (RuntimeApiStandIn runtimeApi = new RuntimeApiStandIn(arn)) {
            ProcessBuilder builder = new ProcessBuilder(command(f))
                    .directory(task.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment(f, runtimeApi.address(), task));
            Process runtime = builder.start();
            try {
                List<String> answered = new ArrayList<>();
                boolean first = true;
                for (Path event : events) {
                    byte[] sample = Files.readAllBytes(event);
                    int postsBefore = SlackStandIn.posts().size();
                    boolean signedWebhook = SignedWebhookSamples.isSigned(sample);
                    boolean authenticated = JarStartData.namesDemoKey(sample) || signedWebhook;
                    byte[] sent = signedWebhook
                            ? SignedWebhookSamples.signedAt(sample, JarStartData.SAMPLE_WEBHOOK_SECRET, Instant.now())
                            : JarStartData.get().withDemoKey(sample);
                    Optional<Report> report =
                            runtimeApi.invoke(sent, first ? FIRST_EVENT : NEXT_EVENT, f.timeout(), runtime::isAlive);
                    first = false;
                    String name = event.getFileName().toString();
                    Report r = report.orElseGet(() -> fail(f.logicalId() + ": no answer to " + name
                            + (runtime.isAlive() ? " in time" : ": the runtime exited with " + runtime.exitValue())
                            + "\n" + tail(log)));
                    assertEquals(
                            Report.Kind.RESPONSE,
                            r.kind(),
                            f.logicalId() + " (" + f.handler() + ") did not handle " + name + ": " + r.kind() + " "
                                    + (r.errorType() == null ? "" : r.errorType() + " ") + r.body() + "\n"
                                    + tail(log));
                    List<SlackStandIn.Post> posted = SlackStandIn.posts()
                            .subList(postsBefore, SlackStandIn.posts().size());
                    assertSlackPosts(f, name, posted);
                    answered.add(name + " -> " + describe(f, name, authenticated, r.body())
                            + (posted.isEmpty() ? "" : ", " + posted.size() + " Slack post(s)"));
                    if (signedWebhook) {
                        SignedWebhookSamples.assertApplied(
                                JarStartData.get().jdbcUrl(),
                                sample,
                                Json.mapper().readTree(r.body()));
                    }
                }
                if (f.snapStart()) {
                    assertTrue(runtimeApi.restored(), f.logicalId() + ": the SnapStart checkpoint never completed");
                }
                JarStartData.assertSyncScheduleQueued(f.name());
                JarStartData.assertSyncSourceArrived(f.name());
                System.out.println("jar-start: " + f.logicalId() + " (" + f.codeUri() + ", "
                        + Files.size(jar) + " bytes) " + types + (f.snapStart() ? ", SnapStart restore done" : "")
                        + "; " + String.join("; ", answered) + "; Slack stand-in posts so far: "
                        + SlackStandIn.posts().size() + "; SQS stand-in messages so far: "
                        + JarStartData.queuedMessages());
            } finally {
                runtime.destroy();
                if (!runtime.waitFor(10, TimeUnit.SECONDS)) {
                    runtime.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /**
     * What a sample must post to the Slack stand-in (by routing {@link JarStartData#alertRouting}):
     * one message per channel its severity routes to, with its fallback text and a line of its
     * Block Kit blocks. A sample not listed must post nothing.
     */
    private static final Map<String, List<SlackPost>> SLACK_POSTS = Map.of(
            "alert-fanout-app-alert.json",
            List.of(new SlackPost(
                    JarStartData.ALERTS_CHANNEL,
                    "🟠 P2 · 1 firing: Azure SQL sync failing for source 12",
                    "Runbook: docs/operations/runbook.md#sync-failed")),
            "alert-fanout-cloudwatch-alarm.json",
            Stream.of(JarStartData.ALERTS_CHANNEL, JarStartData.ONCALL_CHANNEL)
                    .map(channel -> new SlackPost(
                            channel,
                            "🔴 P1 · 1 firing: storepulse-prod-customer-api-errors",
                            "*Threshold:* AWS/Lambda Errors sum (FunctionName=storepulse-prod-customer-api) ≥ 5"
                                    + " for 5 × 60 s"))
                    .toList(),
            "alert-fanout-cloudwatch-resolved.json",
            Stream.of(JarStartData.ALERTS_CHANNEL, JarStartData.ONCALL_CHANNEL)
                    .map(channel -> new SlackPost(
                            channel,
                            "✅ P1 · 1 resolved: storepulse-prod-customer-api-errors",
                            "*RESOLVED* · *storepulse-prod-customer-api-errors*"))
                    .toList());

    /** The channel of SlackWebhookUrl, which the jar's ALERT_ROUTING replaces: nothing may reach it. */
    private static final String UNROUTED_CHANNEL = "unrouted";

    /** A message a sample must post: to which channel, its top-level text, part of a line of its blocks. */
    record SlackPost(String channel, String text, String blockLine) {}

    private static void assertSlackPosts(FunctionSpec f, String event, List<SlackStandIn.Post> posted)
            throws IOException {
        List<SlackPost> expected = SLACK_POSTS.getOrDefault(event, List.of());
        List<String> channels =
                posted.stream().map(SlackStandIn.Post::path).sorted().toList();
        assertEquals(
                expected.stream()
                        .map(p -> SlackStandIn.path(p.channel()))
                        .sorted()
                        .toList(),
                channels,
                f.logicalId() + ": the Slack webhooks " + event + " posted to");
        for (SlackPost want : expected) {
            SlackStandIn.Post post = posted.stream()
                    .filter(p -> p.path().equals(SlackStandIn.path(want.channel())))
                    .findFirst()
                    .orElseThrow();
            JsonNode message = Json.mapper().readTree(post.body());
            assertEquals(want.text(), message.path("text").asText(), event + " to " + want.channel() + ": " + post);
            List<String> lines = new ArrayList<>();
            for (JsonNode block : message.path("attachments").path(0).path("blocks")) {
                lines.addAll(
                        Arrays.asList(block.path("text").path("text").asText("").split("\n")));
            }
            assertTrue(
                    lines.stream().anyMatch(line -> line.contains(want.blockLine())),
                    event + " to " + want.channel() + ": no block line with '" + want.blockLine() + "' in " + post);
        }
    }

    /**
     * The status of an API response (a 5xx fails; an event with the demo key or a webhook signature
     * must succeed, so the authenticated path really ran from the jar), or that a non-API event was
     * answered.
     */
    private static String describe(FunctionSpec f, String event, boolean authenticated, String body)
            throws IOException {
        JsonNode response;
        try {
            response = Json.mapper().readTree(body);
        } catch (IOException e) {
            return "answered (not JSON)";
        }
        if (response != null && response.path("statusCode").isInt()) {
            int status = response.get("statusCode").asInt();
            assertTrue(status < 500, f.logicalId() + " answered " + event + " with " + status + ": " + body);
            if (authenticated) {
                assertTrue(
                        status >= 200 && status < 300,
                        f.logicalId() + " answered " + event + " (with this run's demo API key or webhook secret) with "
                                + status + ": "
                                + body);
            }
            if (event.contains("health")) {
                // The child has the test's database and Redis: both must be reachable from the shaded
                // jar's own classes (drivers, Lettuce, Netty), which a trimmed jar could have lost.
                JsonNode health = Json.mapper().readTree(response.path("body").asText());
                assertEquals("ok", health.path("status").asText(), f.logicalId() + " /health: " + health);
            }
            return "HTTP " + status;
        }
        return "answered";
    }

    /** The java21 runtime's launch, minus its CDS archive and log4j hot-patch agent. */
    private static List<String> command(FunctionSpec f) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:MaxHeapSize=" + (f.memoryMb() * 1024L * 85 / 100) + "k");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:+TieredCompilation");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("--add-opens=java.base/java.io=ALL-UNNAMED");
        command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-XX:+ErrorFileToStderr");
        command.add("-classpath");
        command.add(runtimeClasspath());
        command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
        command.add(f.handler());
        return command;
    }

    private static String runtimeClasspath() {
        List<String> entries =
                Arrays.asList(System.getProperty("java.class.path").split(java.io.File.pathSeparator));
        List<String> picked = new ArrayList<>();
        for (String prefix : RUNTIME_JARS) {
            String jar = entries.stream()
                    .filter(e -> Path.of(e).getFileName().toString().startsWith(prefix) && e.endsWith(".jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(prefix + "*.jar is not on the test class path"));
            picked.add(jar);
        }
        return String.join(java.io.File.pathSeparator, picked);
    }

    private static Map<String, String> environment(FunctionSpec f, String runtimeApi, Path task) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("_HANDLER", f.handler());
        env.put("LAMBDA_TASK_ROOT", task.toString());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", f.functionName());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(f.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + f.functionName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[1]jar-start");
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        if (f.logFormat() != null) {
            env.put("AWS_LAMBDA_LOG_FORMAT", f.logFormat());
        }
        if (f.snapStart()) {
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
        }
        env.putAll(JarStartData.awsAndSyncSources());
        env.putAll(f.environment());
        return env;
    }

    /** "takes X, returns Y", read from the handler class's RequestHandler type arguments. */
    private static String handlerTypes(Path task, String handler) throws IOException {
        String className = handler.split("::")[0];
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {task.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> type = Class.forName(className, false, loader);
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Type t : c.getGenericInterfaces()) {
                    if (t instanceof ParameterizedType p
                            && p.getRawType().getTypeName().endsWith(".RequestHandler")) {
                        return "handler " + className + " takes " + p.getActualTypeArguments()[0].getTypeName()
                                + ", returns " + p.getActualTypeArguments()[1].getTypeName();
                    }
                }
            }
            return "handler " + className + " (a stream handler)";
        } catch (ClassNotFoundException e) {
            return "handler " + className + " (not in the jar)";
        }
    }

    private static void unzip(Path jar, Path into) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("entry outside the task directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "runtime output (" + log + "), last lines:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no runtime output: " + e + ")";
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** One AWS::Serverless::Function of the template, with its Globals applied. */
    record FunctionSpec(
            String logicalId,
            String functionName,
            String name,
            String codeUri,
            String handler,
            int memoryMb,
            Duration timeout,
            boolean snapStart,
            String logFormat,
            Map<String, String> environment) {

        private static final Pattern SUB = Pattern.compile("\\$\\{([^}]+)}");

        @SuppressWarnings("unchecked")
        static List<FunctionSpec> all(Map<String, Object> template) {
            Map<String, Object> globals =
                    (Map<String, Object>) ((Map<String, Object>) template.getOrDefault("Globals", Map.of()))
                            .getOrDefault("Function", Map.of());
            Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) template.get("Resources");
            Map<String, Map<String, Object>> parameters =
                    (Map<String, Map<String, Object>>) template.getOrDefault("Parameters", Map.of());
            Map<String, String> values = parameterValues(parameters);
            List<FunctionSpec> functions = new ArrayList<>();
            for (SamTemplate.Function function : SamTemplate.functions(template)) {
                Map<String, Object> props = function.properties();
                Map<String, String> env = new LinkedHashMap<>();
                for (Map<String, Object> source : List.of(globals, props)) {
                    Map<String, Object> vars =
                            (Map<String, Object>) ((Map<String, Object>) source.getOrDefault("Environment", Map.of()))
                                    .getOrDefault("Variables", Map.of());
                    vars.forEach((k, v) -> env.put(k, resolve(v, values, resources)));
                }
                Object snapStart = props.getOrDefault("SnapStart", globals.get("SnapStart"));
                Map<String, Object> logging =
                        (Map<String, Object>) props.getOrDefault("LoggingConfig", globals.get("LoggingConfig"));
                functions.add(new FunctionSpec(
                        function.resource(),
                        resolve(props.get("FunctionName"), values, resources),
                        function.name(),
                        (String) props.get("CodeUri"),
                        (String) props.get("Handler"),
                        ((Number) props.getOrDefault("MemorySize", globals.getOrDefault("MemorySize", 128))).intValue(),
                        Duration.ofSeconds(((Number) props.getOrDefault("Timeout", globals.getOrDefault("Timeout", 3)))
                                .longValue()),
                        snapStart instanceof Map<?, ?> s && "PublishedVersions".equals(s.get("ApplyOn")),
                        logging == null ? null : (String) logging.get("LogFormat"),
                        env));
            }
            return functions;
        }

        /**
         * Parameter values for a test deployment: this run's PostgreSQL and Redis, fresh values for
         * the keys (plain values are allowed wherever a secret reference is), defaults otherwise.
         */
        private static Map<String, String> parameterValues(Map<String, Map<String, Object>> parameters) {
            Map<String, String> values = new LinkedHashMap<>();
            parameters.forEach((name, p) -> {
                Object fallback = p.get("Default");
                values.put(name, fallback == null ? "" : fallback.toString());
            });
            values.put("DatabaseUrl", JarStartData.get().jdbcUrl());
            values.put("RedisUrl", TestRedis.url());
            values.put("AdminApiKey", "admin-" + randomHex());
            values.put("CursorSigningKey", randomHex());
            values.put("DataEncryptionKey", JarStartData.get().dataEncryptionKey());
            values.put("SuppressionHashKey", com.storepulse.privacy.SubjectHashes.newKey());
            // ALERT_ROUTING outranks it: a post to this channel means the jar ignored its routing.
            values.put("SlackWebhookUrl", SlackStandIn.url(UNROUTED_CHANNEL));
            values.put("AlertRouting", JarStartData.alertRouting());
            return values;
        }

        private static String randomHex() {
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        }

        @SuppressWarnings("unchecked")
        private static String resolve(
                Object value, Map<String, String> parameters, Map<String, Map<String, Object>> resources) {
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                return value.toString();
            }
            Map<String, Object> intrinsic = (Map<String, Object>) value;
            if (intrinsic.containsKey("Ref")) {
                return reference((String) intrinsic.get("Ref"), parameters, resources);
            }
            if (intrinsic.containsKey("Fn::Sub") && intrinsic.get("Fn::Sub") instanceof String text) {
                Matcher m = SUB.matcher(text);
                StringBuilder out = new StringBuilder();
                while (m.find()) {
                    m.appendReplacement(out, Matcher.quoteReplacement(reference(m.group(1), parameters, resources)));
                }
                return m.appendTail(out).toString();
            }
            throw new AssertionError("the jar-start test cannot resolve " + value + ": teach FunctionSpec.resolve");
        }

        private static String reference(
                String name, Map<String, String> parameters, Map<String, Map<String, Object>> resources) {
            return switch (name) {
                case "AWS::Region" -> REGION;
                case "AWS::AccountId" -> ACCOUNT;
                case "AWS::StackName" -> "storepulse";
                case "AWS::Partition" -> "aws";
                default -> {
                    if (parameters.containsKey(name)) {
                        yield parameters.get(name);
                    }
                    if (resources.containsKey(name)) {
                        yield "arn:aws:lambda-test:" + REGION + ":" + ACCOUNT + ":" + name;
                    }
                    throw new AssertionError("template.yaml refers to unknown " + name);
                }
            };
        }
    }
}
