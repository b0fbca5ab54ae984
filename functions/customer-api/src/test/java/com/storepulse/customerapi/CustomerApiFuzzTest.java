package com.storepulse.customerapi;

import static com.storepulse.customerapi.QueryFixture.ACME;
import static com.storepulse.customerapi.QueryFixture.ACME_MAIN;
import static com.storepulse.customerapi.QueryFixture.ACME_OUTLET;
import static com.storepulse.customerapi.QueryFixture.GLOBEX;
import static com.storepulse.customerapi.QueryFixture.GLOBEX_STORE;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.storepulse.crypto.SecretBox;
import com.storepulse.devservers.LambdaContextStandIn;
import com.storepulse.errors.ValidationException;
import com.storepulse.fuzz.EventMutations;
import com.storepulse.fuzz.EventMutations.FuzzEvent;
import com.storepulse.fuzz.EventMutations.Seed;
import com.storepulse.fuzz.FuzzTally;
import com.storepulse.fuzz.FuzzTally.Kind;
import com.storepulse.fuzz.FuzzTally.Violation;
import com.storepulse.fuzz.FuzzValues;
import com.storepulse.fuzz.Leaks;
import com.storepulse.fuzz.ProblemAnswers;
import com.storepulse.fuzz.WriteLog;
import com.storepulse.http.ApiRoute;
import com.storepulse.json.Json;
import com.storepulse.observability.CapturedLogs;
import com.storepulse.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 15's fuzz suite for customer-api: every route of its one route table (admin routes
 * included) with fuzzed methods, path ids, query parameters (cursors included), keys and bodies,
 * through the real handler as Lambda calls it (API Gateway events; admission, PostgreSQL, Redis),
 * with a fixed seed and a bounded count (junit-platform.properties; bench/fuzz/run.sh runs more).
 * For every answer:
 *
 * <ol>
 *   <li>no 5xx (the dependencies are up, so not even a 503);
 *   <li>every error is {@code application/problem+json} with a {@code code} and a
 *       {@code correlationId}, the one of the {@code X-Correlation-Id} header;
 *   <li>no stack trace, exception class name, SQL or secret (the admin key, the callers' keys) in
 *       the body or the headers; the problem's {@code instance}, which is the path the caller
 *       sent, is left out of the scan; no secret in any log line the request caused;
 *   <li>nothing is written on a refused request ({@link WriteLog}: a row trigger on every table).
 * </ol>
 *
 * Path ids are drawn mostly from rows of the fuzz tenant made for the run (customers, an erasure,
 * webhook and sync sources, silences, keys; {@link #fixtures}), so every route's success path is
 * reached, and after the run every route of the catalogue must have answered 2xx at least once.
 * The usage flush, a second function of this jar, is fuzzed here too, with its scheduled event
 * ({@link #theUsageFlushRefusesWhatIsNotItsScheduleAndWritesNothingThen}).
 *
 * <p>A failure prints the request jqwik found (shrunk to a small one) and which property broke.
 */
class CustomerApiFuzzTest {

    private static final long MISSING_STORE = 987_654_321_012L;
    private static final String DATA_KEY = SecretBox.newKey();
    private static final java.util.regex.Pattern EXPORT =
            java.util.regex.Pattern.compile("/v1/stores/[^/]+/customers/[^/]+/export");
    private static final String EVERY_SCOPE = "[\"stores:read\",\"customers:read\",\"usage:read\"]";

    private static RealApi api;
    private static WriteLog writes;
    private static CapturedLogs logs;
    private static final FuzzTally TALLY = new FuzzTally("customer-api");
    /** A tenant and a store of its own: admin writes and erasures land there, never on the fixture's. */
    private static long fuzzTenant;

    private static long fuzzStore;
    /** A key of the fuzz tenant, which the admin routes may revoke. */
    private static long fuzzKeyId;
    /** Who calls: a label (what a failure prints) to a key, null for none. */
    private static final Map<String, String> CALLERS = new LinkedHashMap<>();
    /** What no answer and no log line may show, by label. */
    private static final Map<String, String> SECRETS = new LinkedHashMap<>();
    /** What no log line may show, besides the secrets: the fuzz customers' e-mails (an export shows them). */
    private static final Map<String, String> LOG_SECRETS = new LinkedHashMap<>();

    /** Rows of each fixture pool: enough that a destructive route still has one late in the run. */
    private static final int POOL = 4;

    private static final String SYNC_PASSWORD = "fuzz-sync-" + UUID.randomUUID();
    private static final List<String> KEPT_CUSTOMERS = new ArrayList<>();
    private static final List<String> READ_CUSTOMERS = new ArrayList<>();
    private static final List<String> ERASABLE_CUSTOMERS = new ArrayList<>();
    private static final List<String> ERASURE_IDS = new ArrayList<>();
    private static final List<String> ROTATED_SOURCES = new ArrayList<>();
    private static final List<String> REVOKED_SOURCES = new ArrayList<>();
    private static final List<String> REVOCABLE_SECRETS = new ArrayList<>();
    private static final List<String> PAUSED_SYNC_SOURCES = new ArrayList<>();
    private static final List<String> DELETABLE_SYNC_SOURCES = new ArrayList<>();
    private static final List<String> SILENCES = new ArrayList<>();
    private static final List<String> REVOCABLE_KEYS = new ArrayList<>();

    /** Per route of the catalogue: requests aimed at it with its method, and how many it answered 2xx. */
    private static final Map<ApiRoute, int[]> COVERAGE = new ConcurrentHashMap<>();

    private static UsageFlushHandler flusher;
    private static final FuzzTally FLUSH_TALLY = new FuzzTally("usage-flush");

    @BeforeContainer
    static void start() {
        // The deployed function has its data key: without it a webhook or sync source the admin
        // routes register could not be sealed (a 500 of the test's making, not of the code's).
        api = new RealApi(Map.of(SecretBox.KEY_SETTING, DATA_KEY));
        CALLERS.put("acme (every scope)", api.issueKey(ACME, EVERY_SCOPE, null, 100_000, 10_000));
        CALLERS.put("acme (outlet only)", api.issueKey(ACME, EVERY_SCOPE, "[" + ACME_OUTLET + "]", 100_000, 10_000));
        CALLERS.put("acme (stores:read)", api.issueKey(ACME, "[\"stores:read\"]", null, 100_000, 10_000));
        CALLERS.put("globex (every scope)", api.issueKey(GLOBEX, EVERY_SCOPE, null, 100_000, 10_000));
        CALLERS.put("admin key", RealApi.ADMIN_KEY);
        CALLERS.put("no key", null);
        CALLERS.put("unknown key", "sp_live_" + "x".repeat(40));
        CALLERS.put("garbage key", "' OR 1=1 --");
        RealApi.Reply tenant = api.send(
                "POST",
                "/v1/admin/tenants",
                RealApi.ADMIN_KEY,
                "{\"slug\":\"fuzz-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"name\":\"Fuzz\"}");
        fuzzTenant = tenant.body().path("tenantId").asLong();
        RealApi.Reply store = api.send(
                "POST",
                "/v1/admin/tenants/" + fuzzTenant + "/stores",
                RealApi.ADMIN_KEY,
                "{\"name\":\"Fuzz\",\"currency\":\"EUR\",\"timezone\":\"Europe/Paris\"}");
        fuzzStore = store.body().path("storeId").asLong();
        if (fuzzTenant <= 0 || fuzzStore <= 0) {
            throw new IllegalStateException("the fuzz tenant and store: " + tenant + " " + store);
        }
        CALLERS.put(
                "fuzz tenant (erase, export)",
                api.issueKey(
                        fuzzTenant,
                        "[\"stores:read\",\"customers:read\",\"usage:read\",\"customers:erase\",\"customers:export\"]",
                        null,
                        100_000,
                        10_000));
        RealApi.Reply revocable = api.send(
                "POST",
                "/v1/admin/tenants/" + fuzzTenant + "/api-keys",
                RealApi.ADMIN_KEY,
                "{\"name\":\"revocable\",\"scopes\":[\"stores:read\"]}");
        fuzzKeyId = revocable.body().path("apiKey").path("apiKeyId").asLong();
        fixtures();
        CALLERS.forEach((label, key) -> SECRETS.put("the key of " + label, key));
        SECRETS.put("the suppression hash key", RealApi.SUPPRESSION_HASH_KEY);
        SECRETS.put("the data key", DATA_KEY);
        LOG_SECRETS.putAll(SECRETS);
        realCursors();
        flusher = new UsageFlushHandler(); // the same settings: RealApi's system properties
        writes = WriteLog.install(TestDatabase.shared());
        logs = new CapturedLogs();
    }

    /**
     * Rows of the fuzz tenant whose ids the path parameters draw from, so that every route's
     * success path is reached (the route-coverage check after the run): customers in the fuzz
     * store, an erasure request, webhook and sync sources, silences and keys. A route that destroys
     * its row has rows of its own, several, so it cannot starve the others: erasures take the
     * erasable customers, the detail route (whose DELETE is an erasure) customers of its own,
     * exports the kept ones (an export's DELETE is the erasure of an id no customer has); secrets are revoked on a source
     * of their own, sync sources deleted from a pool of their own.
     */
    private static void fixtures() {
        for (int i = 0; i < POOL; i++) {
            KEPT_CUSTOMERS.add(customer("kept-" + i));
            READ_CUSTOMERS.add(customer("read-" + i));
            ERASABLE_CUSTOMERS.add(customer("erasable-" + i));
        }
        String eraser = CALLERS.get("fuzz tenant (erase, export)");
        RealApi.Reply erased =
                api.send("DELETE", "/v1/stores/" + fuzzStore + "/customers/" + customer("erased-before"), eraser, null);
        ERASURE_IDS.add(required(erased, 202).path("erasureId").asText());
        String tenantPath = "/v1/admin/tenants/" + fuzzTenant;
        String webhookSource = "{\"storeId\":" + fuzzStore + ",\"scheme\":\"standard-webhooks\",\"name\":\"fuzz\"}";
        RealApi.Reply rotated = api.send("POST", tenantPath + "/webhook-sources", RealApi.ADMIN_KEY, webhookSource);
        SECRETS.put(
                "a webhook source's secret",
                required(rotated, 201).path("secret").asText());
        ROTATED_SOURCES.add(rotated.body().at("/source/sourceId").asText());
        RealApi.Reply revoked = api.send("POST", tenantPath + "/webhook-sources", RealApi.ADMIN_KEY, webhookSource);
        SECRETS.put(
                "the revoked source's first secret",
                required(revoked, 201).path("secret").asText());
        String revokedSource = revoked.body().at("/source/sourceId").asText();
        REVOKED_SOURCES.add(revokedSource);
        for (int i = 1; i < POOL; i++) {
            RealApi.Reply added = api.send(
                    "POST",
                    tenantPath + "/webhook-sources/" + revokedSource + "/secrets",
                    RealApi.ADMIN_KEY,
                    "{\"expireCurrentAfterSeconds\":86400}");
            SECRETS.put(
                    "the revoked source's secret " + i,
                    required(added, 201).path("secret").asText());
        }
        for (var source : required(api.get(tenantPath + "/webhook-sources", RealApi.ADMIN_KEY), 200)
                .path("sources")) {
            if (source.path("sourceId").asText().equals(revokedSource)) {
                source.path("secrets")
                        .forEach(secret ->
                                REVOCABLE_SECRETS.add(secret.path("secretId").asText()));
            }
        }
        if (REVOCABLE_SECRETS.size() != POOL) {
            throw new IllegalStateException("the revocable secrets: " + REVOCABLE_SECRETS);
        }
        String syncBody = "{\"storeId\":" + fuzzStore
                + ",\"jdbcUrl\":\"jdbc:sqlserver://127.0.0.1:1;databaseName=fuzz\","
                + "\"username\":\"u\",\"password\":\"" + SYNC_PASSWORD + "\",\"mapping\":{},\"cursor\":\"modifiedAt\"}";
        for (int i = 0; i < POOL; i++) {
            (i == 0 ? PAUSED_SYNC_SOURCES : DELETABLE_SYNC_SOURCES)
                    .add(required(api.send("POST", tenantPath + "/sync-sources", RealApi.ADMIN_KEY, syncBody), 201)
                            .path("sourceId")
                            .asText());
            SILENCES.add(required(
                            api.send(
                                    "POST",
                                    "/v1/admin/alert-silences",
                                    RealApi.ADMIN_KEY,
                                    "{\"namePattern\":\"fuzz-" + i + "-*\",\"endsAt\":" + Json.write(TOMORROW)
                                            + ",\"comment\":\"fuzz\"}"),
                            201)
                    .path("silenceId")
                    .asText());
            REVOCABLE_KEYS.add(required(
                            api.send(
                                    "POST",
                                    tenantPath + "/api-keys",
                                    RealApi.ADMIN_KEY,
                                    "{\"name\":\"revocable-" + i + "\",\"scopes\":[\"stores:read\"]}"),
                            201)
                    .path("apiKey")
                    .path("apiKeyId")
                    .asText());
        }
        REVOCABLE_KEYS.add(String.valueOf(fuzzKeyId));
        SECRETS.put("the sync sources' password", SYNC_PASSWORD);
        if (Stream.of(
                        ERASURE_IDS,
                        ROTATED_SOURCES,
                        REVOKED_SOURCES,
                        REVOCABLE_SECRETS,
                        PAUSED_SYNC_SOURCES,
                        DELETABLE_SYNC_SOURCES,
                        SILENCES,
                        REVOCABLE_KEYS)
                .flatMap(List::stream)
                .anyMatch(id -> id.isEmpty() || id.equals("0"))) {
            throw new IllegalStateException("a fixture without its id");
        }
    }

    /** A customer of the fuzz store (as a webhook or the sync would write it); its e-mail may show in no log line. */
    private static String customer(String name) {
        String id = name + "-" + UUID.randomUUID().toString().substring(0, 6);
        String email = id + "@fuzz.example.com";
        TestDatabase.shared()
                .jdbi()
                .useHandle(h -> h.createUpdate("INSERT INTO dim_customer (store_id, external_id, email, first_name,"
                                + " last_name) VALUES (:s, :id, :email, 'Fuzz', 'Tester')")
                        .bind("s", fuzzStore)
                        .bind("id", id)
                        .bind("email", email)
                        .execute());
        LOG_SECRETS.put("the e-mail of customer " + id, email);
        return id;
    }

    private static com.fasterxml.jackson.databind.JsonNode required(RealApi.Reply reply, int status) {
        if (reply.status() != status) {
            throw new IllegalStateException("a fixture: " + reply);
        }
        return reply.body();
    }

    @AfterContainer
    static void stop() {
        if (logs != null) {
            logs.close();
        }
        if (writes != null) {
            writes.close();
        }
        if (flusher != null) {
            flusher.close();
        }
        if (api != null) {
            api.close();
        }
        // Every check of the suite's end runs and all failures are reported together: the table
        // row's must not hide a route that never succeeded, nor the usage flush's.
        List<Throwable> failures = new ArrayList<>();
        for (Runnable check : List.<Runnable>of(
                TALLY::finish,
                CustomerApiFuzzTest::everyRouteAnsweredASuccess,
                FLUSH_TALLY::finish,
                EVENT_TALLY::finish,
                CustomerApiFuzzTest::theUsageFlushFlushedAtLeastOnce)) {
            try {
                check.run();
            } catch (AssertionError | RuntimeException e) {
                failures.add(e);
            }
        }
        FuzzTally.throwAll(failures);
    }

    /**
     * At least one fuzzed case flushed (was not refused): a flush that refused every event would
     * otherwise pass its property, which only looks at what a refusal leaves.
     */
    private static void theUsageFlushFlushedAtLeastOnce() {
        if (FLUSH_TALLY.cases() == 0) {
            return; // the property did not run (another test of the class was picked)
        }
        if (FLUSH_TALLY.refused() == FLUSH_TALLY.cases()) {
            throw new AssertionError("the usage flush refused all " + FLUSH_TALLY.cases() + " cases");
        }
    }

    /** The schedule's own event (events/usage-flush-*.json), not mutated, is flushed, never refused. */
    @Example
    void theUsageFlushTakesItsUnmutatedScheduledEvent() {
        for (Seed seed : EventMutations.repositoryEvents("usage-flush-")) {
            ScheduledEvent scheduled = SCHEDULED_EVENTS.fromJson(new ByteArrayInputStream(seed.bytes()));
            try {
                flusher.handleRequest(
                        scheduled,
                        LambdaContextStandIn.of("usage-flush", UUID.randomUUID().toString()));
            } catch (RuntimeException e) {
                throw new AssertionError(seed.name() + " refused or failed: " + FuzzValues.shown(String.valueOf(e)), e);
            }
        }
    }

    /**
     * Every route of the catalogue answered 2xx at least once in the run: a generator that cannot
     * reach a route's success path (no real id, no caller it admits, no body it takes) fails the
     * build instead of fuzzing only the route's refusals.
     */
    private static void everyRouteAnsweredASuccess() {
        if (TALLY.cases() == 0) {
            return; // the property did not run (another test of the class was picked)
        }
        StringBuilder report = new StringBuilder();
        List<String> never = new ArrayList<>();
        for (ApiRoute route : CustomerApiCatalogue.CATALOGUE.routes()) {
            int[] counts = COVERAGE.getOrDefault(route, new int[2]);
            report.append(String.format("%n  %-80s %5d aimed, %5d 2xx", route, counts[0], counts[1]));
            if (counts[1] == 0) {
                never.add(route.toString());
            }
        }
        System.out.println("customer-api route coverage (" + TALLY.cases() + " cases):" + report);
        if (!never.isEmpty()) {
            throw new AssertionError("routes that never answered 2xx in " + TALLY.cases() + " cases: " + never);
        }
    }

    /** One request: what the fuzzer varies, and the route it aims at (null: none). {@code toString} is what a failure prints. */
    record FuzzRequest(
            ApiRoute route,
            String method,
            String path,
            Map<String, List<String>> query,
            String caller,
            String contentType,
            String body,
            boolean base64) {}

    // No edge cases mixed in: they would be /health (the catalogue's first route) a quarter of the run.
    @Property(seed = FuzzTally.SEED, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
    void everyAnswerIsSafe(@ForAll("requests") FuzzRequest request) {
        logs.take();
        long before = writes.position();
        APIGatewayProxyResponseEvent response = api.handler.handleRequest(
                event(request),
                LambdaContextStandIn.of("customer-api", UUID.randomUUID().toString()));
        int status = response.getStatusCode();
        String body = response.getBody() == null ? "" : response.getBody();
        Map<String, String> headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
        List<Violation> broken = new ArrayList<>();
        if (status >= 500) {
            broken.add(new Violation(Kind.FAILURE, "a " + status));
        }
        if (status >= 400) {
            String why = ProblemAnswers.problemError(headers, body);
            if (why != null) {
                broken.add(new Violation(Kind.NOT_PROBLEM, why));
            }
            List<String> written = new ArrayList<>(writes.since(before));
            if (status == 404
                    && EXPORT.matcher(request.path()).matches()
                    && request.method().equals("GET")) {
                // By design (docs/privacy.md, "Audit log"): an export of a customer the store does
                // not hold is recorded too, as an access attempt.
                written.remove("audit_log INSERT");
            }
            if (!written.isEmpty()) {
                broken.add(new Violation(Kind.REFUSED_WRITE, "wrote " + written));
            }
        }
        broken.addAll(Leaks.inAnswer(ProblemAnswers.withoutInstance(body) + "\n" + headers, SECRETS));
        broken.addAll(Leaks.inLogs(logs.take(), LOG_SECRETS));
        if (request.route() != null && request.method().equals(request.route().method())) {
            int[] counts = COVERAGE.computeIfAbsent(request.route(), r -> new int[2]);
            counts[0]++;
            if (status >= 200 && status < 300) {
                counts[1]++;
            }
        }
        TALLY.count(
                FuzzValues.shown(request.toString()) + " answered " + status + " " + FuzzValues.shown(body),
                status >= 400,
                broken);
    }

    /**
     * The usage flush (template.yaml's UsageFlushFunction, {@link UsageFlushHandler} from this jar)
     * given its schedule's event mutated, as the Lambda runtime deserializes it. The dependencies
     * are up, so nothing may escape but the refusal of an event that is not a scheduled one (a
     * {@link ValidationException}), which writes nothing, not even to the usage tables; an event
     * the runtime cannot read never reaches the handler. An accepted event flushes what the API
     * cases left in Redis and runs the retention sweep: those writes are its work. No stack trace,
     * exception class, SQL or secret in what it answers, no secret in a log line.
     *
     * <p>200 cases (fixed, not the module's 2,000: a flush is a function of one event type, few
     * fields, and each accepted case costs a flush and a sweep).
     */
    @Property(tries = FLUSH_CASES, seed = FuzzTally.SEED, shrinking = ShrinkingMode.BOUNDED)
    void theUsageFlushRefusesWhatIsNotItsScheduleAndWritesNothingThen(@ForAll("flushEvents") FuzzEvent event) {
        logs.take();
        long before = writes.position();
        List<Violation> broken = new ArrayList<>();
        boolean refused = false;
        String answer;
        ScheduledEvent scheduled = null;
        try {
            scheduled = SCHEDULED_EVENTS.fromJson(new ByteArrayInputStream(event.bytes()));
        } catch (RuntimeException e) {
            refused = true; // the runtime's own refusal: the handler is not called
        }
        if (refused) {
            answer = "not deserialized";
        } else {
            try {
                answer = Json.write(flusher.handleRequest(
                        scheduled,
                        LambdaContextStandIn.of("usage-flush", UUID.randomUUID().toString())));
            } catch (ValidationException e) {
                refused = true;
                answer = e.getMessage() + " " + Json.write(e.fieldErrors());
            } catch (RuntimeException e) {
                answer = String.valueOf(e.getMessage());
                broken.add(new Violation(Kind.FAILURE, "escaped: " + e));
            }
        }
        if (refused) {
            List<String> written = writes.everythingSince(before);
            if (!written.isEmpty()) {
                broken.add(new Violation(Kind.REFUSED_WRITE, "wrote " + written));
            }
        }
        broken.addAll(Leaks.inAnswer(answer, SECRETS));
        broken.addAll(Leaks.inLogs(logs.take(), LOG_SECRETS));
        FLUSH_TALLY.count(FuzzValues.shown(event.toString()) + " -> " + FuzzValues.shown(answer), refused, broken);
    }

    private static final int FLUSH_CASES = 200;

    private static final FuzzTally EVENT_TALLY = new FuzzTally("customer-api-event");
    /** Fixed, not the module's count: the event's structure has few fields, the requests above fuzz the rest. */
    private static final int EVENT_CASES = 200;

    private static final PojoSerializer<APIGatewayProxyRequestEvent> API_EVENTS = LambdaEventSerializers.serializerFor(
            APIGatewayProxyRequestEvent.class, CustomerApiFuzzTest.class.getClassLoader());

    /**
     * The API Gateway event itself fuzzed: the repository's samples (events/customer-api-*.json)
     * and AWS's REST (payload 1.0) samples, their structure mutated ({@link EventMutations}: the
     * request context, headers, multi-value headers, path parameters, body, base64 flag, resource or
     * method removed, null or of another type), read by the Lambda runtime's own deserializer and
     * handed to the handler as the runtime would (an event it cannot read never reaches the
     * handler). The same properties as {@link #everyAnswerIsSafe}.
     */
    @Property(tries = EVENT_CASES, seed = FuzzTally.SEED, shrinking = ShrinkingMode.BOUNDED)
    void everyApiGatewayEventIsAnsweredSafely(@ForAll("apiEvents") FuzzEvent fuzzed) {
        logs.take();
        long before = writes.position();
        List<Violation> broken = new ArrayList<>();
        APIGatewayProxyRequestEvent event;
        try {
            event = API_EVENTS.fromJson(new ByteArrayInputStream(fuzzed.bytes()));
        } catch (RuntimeException e) {
            EVENT_TALLY.count(FuzzValues.shown(fuzzed.toString()) + " not deserialized", true, broken);
            return;
        }
        int status;
        String body;
        Map<String, String> headers;
        try {
            APIGatewayProxyResponseEvent response = api.handler.handleRequest(
                    event,
                    LambdaContextStandIn.of("customer-api", UUID.randomUUID().toString()));
            status = response.getStatusCode();
            body = response.getBody() == null ? "" : response.getBody();
            headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
        } catch (RuntimeException e) {
            status = 502; // what API Gateway answers for a function that failed
            body = String.valueOf(e);
            headers = Map.of();
            broken.add(new Violation(Kind.FAILURE, "escaped: " + FuzzValues.shown(String.valueOf(e))));
        }
        if (status >= 500 && broken.isEmpty()) {
            broken.add(new Violation(Kind.FAILURE, "a " + status));
        }
        if (status >= 400) {
            String why = ProblemAnswers.problemError(headers, body);
            if (why != null) {
                broken.add(new Violation(Kind.NOT_PROBLEM, why));
            }
            List<String> written = writes.since(before);
            if (!written.isEmpty()) {
                broken.add(new Violation(Kind.REFUSED_WRITE, "wrote " + written));
            }
        }
        broken.addAll(Leaks.inAnswer(ProblemAnswers.withoutInstance(body) + "\n" + headers, SECRETS));
        broken.addAll(Leaks.inLogs(logs.take(), LOG_SECRETS));
        EVENT_TALLY.count(
                FuzzValues.shown(fuzzed.toString()) + " answered " + status + " " + FuzzValues.shown(body),
                status >= 400,
                broken);
    }

    @Provide
    Arbitrary<FuzzEvent> apiEvents() {
        List<Seed> seeds = new ArrayList<>(EventMutations.repositoryEvents("customer-api-"));
        List<Seed> aws = EventMutations.awsSamples("apigw_rest_event.json", "apigw-request.json");
        if (aws.isEmpty()) {
            System.out.println("customer-api-event: ../shared/corpora/aws-events is absent, so AWS's API Gateway"
                    + " samples are left out (the repository's events only)");
        }
        seeds.addAll(aws);
        return EventMutations.of(seeds);
    }

    private static final PojoSerializer<ScheduledEvent> SCHEDULED_EVENTS =
            LambdaEventSerializers.serializerFor(ScheduledEvent.class, CustomerApiFuzzTest.class.getClassLoader());

    /** The schedule's event (events/usage-flush-scheduled.json), an EventBridge rule's, and AWS samples of other kinds. */
    @Provide
    Arbitrary<FuzzEvent> flushEvents() {
        List<Seed> seeds = new ArrayList<>(EventMutations.repositoryEvents("usage-flush-"));
        seeds.addAll(EventMutations.awsSamples("cloudwatch_event.json", "sns_event.json", "apigw_rest_event.json"));
        return EventMutations.of(seeds);
    }

    // ------------------------------------------------------------------ generators

    /**
     * Nine in ten requests aim at a route of the catalogue, mostly with its own method, a caller
     * it may admit and (for a POST) a body of its own with one field fuzzed, so the fuzzing gets
     * past the first checks; the rest are paths no route has.
     */
    @Provide
    Arbitrary<FuzzRequest> requests() {
        Arbitrary<FuzzRequest> aimed = Arbitraries.of(CustomerApiCatalogue.CATALOGUE.routes())
                .flatMap(route -> Combinators.combine(
                                Arbitraries.just(route),
                                Arbitraries.frequencyOf(
                                        Tuple.of(4, Arbitraries.just(route.method())), Tuple.of(1, methods())),
                                routePath(route),
                                // none at times: an unknown or broken parameter refuses a whole request
                                Arbitraries.frequencyOf(
                                        Tuple.of(1, Arbitraries.just(Map.<String, List<String>>of())),
                                        Tuple.of(1, queries())),
                                Arbitraries.frequencyOf(Tuple.of(4, callerFor(route)), Tuple.of(1, callers())),
                                contentTypes(),
                                route.method().equals("POST")
                                        ? Arbitraries.frequencyOf(Tuple.of(5, bodyFor(route)), Tuple.of(1, bodies()))
                                        : bodies(),
                                Arbitraries.of(false, false, false, false, true))
                        .as(FuzzRequest::new));
        Arbitrary<FuzzRequest> stray = Combinators.combine(
                        Arbitraries.just((ApiRoute) null),
                        methods(),
                        strangePaths(),
                        queries(),
                        callers(),
                        contentTypes(),
                        bodies(),
                        Arbitraries.of(false, true))
                .as(FuzzRequest::new);
        return Arbitraries.frequencyOf(Tuple.of(9, aimed), Tuple.of(1, stray));
    }

    /** A caller the route may admit: its scope's, on the stores it may read. */
    private static Arbitrary<String> callerFor(ApiRoute route) {
        return switch (route.access()) {
            case ADMIN -> Arbitraries.just("admin key");
            case PUBLIC -> Arbitraries.just("no key");
            case API_KEY ->
                route.scope().equals("customers:erase") || route.scope().equals("customers:export")
                        ? Arbitraries.just("fuzz tenant (erase, export)")
                        : Arbitraries.frequencyOf(
                                Tuple.of(2, Arbitraries.just("fuzz tenant (erase, export)")),
                                Tuple.of(1, Arbitraries.just("acme (every scope)")),
                                Tuple.of(1, Arbitraries.just("acme (outlet only)")));
        };
    }

    private static Arbitrary<String> callers() {
        return Arbitraries.of(new ArrayList<>(CALLERS.keySet()));
    }

    private static Arbitrary<String> methods() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just("GET")),
                Tuple.of(5, Arbitraries.just("POST")),
                Tuple.of(3, Arbitraries.just("DELETE")),
                Tuple.of(2, Arbitraries.of("PUT", "PATCH", "HEAD", "OPTIONS")),
                Tuple.of(1, Arbitraries.of("get", "Get", "TRACE", "CONNECT", "", "G\u00c9T")));
    }

    /** The route's path with each parameter fuzzed. */
    private static Arbitrary<String> routePath(ApiRoute route) {
        List<Arbitrary<String>> parts = List.of(route.pattern().substring(1).split("/")).stream()
                .map(segment -> segment.startsWith("{") ? parameter(route, segment) : Arbitraries.just(segment))
                .toList();
        return Combinators.combine(parts).as(values -> "/" + String.join("/", values));
    }

    /**
     * A path parameter: mostly a real id of the fuzz tenant's fixtures where the route has one
     * (so its success path is reached), else, and otherwise, a fuzzed value.
     */
    private static Arbitrary<String> parameter(ApiRoute route, String segment) {
        String name = segment.substring(1, segment.length() - 1).replace("+", "");
        List<String> real = fixtureIds(route, name);
        Arbitrary<String> fuzzed = fuzzedParameter(name);
        return real.isEmpty()
                ? fuzzed
                : Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(real)), Tuple.of(1, fuzzed));
    }

    /** The fixture ids a route's parameter takes (empty: none of its own). */
    private static List<String> fixtureIds(ApiRoute route, String name) {
        return switch (name) {
            case "tenantId" -> List.of(String.valueOf(fuzzTenant));
            case "storeId" ->
                route == CustomerApiCatalogue.ERASE_CUSTOMER
                                || route == CustomerApiCatalogue.EXPORT_CUSTOMER
                                || route == CustomerApiCatalogue.ERASURE
                                || route == CustomerApiCatalogue.CUSTOMER_DETAIL
                        ? List.of(String.valueOf(fuzzStore))
                        // the stores the callers it admits read: the fuzz tenant's, acme's two
                        : List.of(String.valueOf(fuzzStore), String.valueOf(ACME_MAIN), String.valueOf(ACME_OUTLET));
            case "customerId" ->
                route == CustomerApiCatalogue.EXPORT_CUSTOMER
                        ? KEPT_CUSTOMERS
                        : route == CustomerApiCatalogue.ERASE_CUSTOMER
                                ? ERASABLE_CUSTOMERS
                                : route == CustomerApiCatalogue.CUSTOMER_DETAIL ? READ_CUSTOMERS : List.of();
            case "erasureId" -> ERASURE_IDS;
            case "sourceId" ->
                route == CustomerApiCatalogue.ADD_WEBHOOK_SECRET
                        ? ROTATED_SOURCES
                        : route == CustomerApiCatalogue.REVOKE_WEBHOOK_SECRET
                                ? REVOKED_SOURCES
                                : route == CustomerApiCatalogue.DELETE_SYNC_SOURCE
                                        ? DELETABLE_SYNC_SOURCES
                                        : PAUSED_SYNC_SOURCES;
            case "secretId" -> REVOCABLE_SECRETS;
            case "silenceId" -> SILENCES;
            case "apiKeyId" -> REVOCABLE_KEYS;
            default -> List.of();
        };
    }

    private static Arbitrary<String> fuzzedParameter(String name) {
        return switch (name) {
            case "storeId" ->
                Arbitraries.oneOf(
                        Arbitraries.of(ACME_MAIN, ACME_OUTLET, GLOBEX_STORE, MISSING_STORE, fuzzStore)
                                .map(String::valueOf),
                        ids());
            case "customerId" ->
                Arbitraries.oneOf(Arbitraries.of(customerIds()), text(), ids(), Arbitraries.of(ERASABLE_CUSTOMERS));
            case "erasureId" -> Arbitraries.oneOf(ids(), Arbitraries.just("3f2c1d7e-0000-4000-8000-000000000000"));
            default -> ids();
        };
    }

    /** Numbers and near-numbers: what a path id parser must take or refuse. */
    private static Arbitrary<String> ids() {
        return Arbitraries.oneOf(
                // Only the fuzz tenant's own rows, and ids no row has: an admin write under another
                // test's tenant would change what it reads.
                Arbitraries.of(fuzzTenant, fuzzStore, fuzzKeyId, MISSING_STORE).map(String::valueOf),
                Arbitraries.longs()
                        .between(1_000_000_000_000L, 999_999_999_999_999_999L)
                        .map(String::valueOf),
                Arbitraries.longs().lessOrEqual(0).map(String::valueOf),
                Arbitraries.of(
                        "0",
                        "01",
                        "007",
                        "+1",
                        "-1",
                        "1.0",
                        "1e3",
                        "0x10",
                        " 1",
                        "1 ",
                        "\u0661",
                        "\uff11",
                        "9223372036854775807",
                        "9223372036854775808",
                        "99999999999999999999999",
                        "1%00",
                        "NaN",
                        "null",
                        "%2F",
                        "..",
                        "a",
                        "\u00e9"),
                text());
    }

    private static Arbitrary<String> text() {
        return FuzzValues.text();
    }

    private static Arbitrary<String> strangePaths() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "/",
                        "/v1",
                        "/v1/",
                        "/v1//stores",
                        "/v1/stores/",
                        "/V1/STORES",
                        "/v2/stores",
                        "/v1/stores/101/",
                        "/v1/stores/101/customers/",
                        "/v1/admin",
                        "/v1/admin/",
                        "/v1/admin/tenants/1/unknown",
                        "/health/",
                        "/status.json/x"),
                text().map(t -> "/v1/" + t),
                text().map(t -> "/v1/stores/" + t + "/summary"));
    }

    private static final List<String> PARAMETERS = List.of(
            "limit",
            "cursor",
            "sort",
            "archetype",
            "segment",
            "q",
            "include",
            "total",
            "lastOrderAfter",
            "lastOrderBefore",
            "minLtv",
            "maxLtv",
            "minChurnRisk",
            "maxChurnRisk",
            "from",
            "to",
            "storeId",
            "unknown");

    private static Arbitrary<Map<String, List<String>>> queries() {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of(PARAMETERS), Arbitraries.of(PARAMETERS), text());
        Arbitrary<List<String>> values = parameterValue().list().ofMinSize(1).ofMaxSize(3);
        return Arbitraries.maps(names, values).ofMaxSize(4).map(LinkedHashMap::new);
    }

    private static Arbitrary<String> parameterValue() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "1",
                        "20",
                        "200",
                        "201",
                        "0",
                        "-1",
                        "1.5",
                        "",
                        "ltv",
                        "-ltv",
                        "churnRisk",
                        "-recency",
                        "totalSpend",
                        "at_risk",
                        "champions",
                        "vip",
                        "repeat_buyer",
                        "count",
                        "true",
                        "false",
                        "2025-01-01",
                        "2025-01-01T00:00:00Z",
                        "+999999999-12-31T23:59:59Z",
                        "1900-01-01",
                        "2200-01-02",
                        "1e308",
                        "NaN",
                        "Infinity",
                        "0.5",
                        "v1.e30.AAAA",
                        "v2.AAAA"),
                text(),
                cursors());
    }

    /** Cursors: real ones of a walk, edited ones, and forms of the formats. */
    private static Arbitrary<String> cursors() {
        return Arbitraries.oneOf(
                Arbitraries.of(realCursors()),
                Arbitraries.of(realCursors())
                        .flatMap(c -> Arbitraries.integers()
                                .between(0, c.length() - 1)
                                .map(i -> c.substring(0, i) + (c.charAt(i) == 'A' ? 'B' : 'A') + c.substring(i + 1))),
                Arbitraries.strings()
                        .withCharRange('A', 'z')
                        .ofMinLength(1)
                        .ofMaxLength(80)
                        .map(s -> "v2." + s),
                Arbitraries.strings()
                        .withCharRange('A', 'z')
                        .ofMinLength(1)
                        .ofMaxLength(80)
                        .map(s -> "v1." + s + ".x"));
    }

    private static List<String> cursorCache;

    private static synchronized List<String> realCursors() {
        if (cursorCache == null) {
            List<String> found = new ArrayList<>();
            String key = CALLERS.get("acme (every scope)");
            for (String sort : List.of("-ltv", "churnRisk", "-recency")) {
                APIGatewayProxyRequestEvent event =
                        RealApi.proxyEvent("GET", "/v1/stores/" + ACME_MAIN + "/customers", key, null);
                event.withQueryStringParameters(Map.of("limit", "5", "sort", sort))
                        .withMultiValueQueryStringParameters(Map.of("limit", List.of("5"), "sort", List.of(sort)));
                RealApi.Reply page = api.send(event);
                String next = page.body() == null
                        ? ""
                        : page.body().path("nextCursor").asText("");
                if (next.isEmpty()) {
                    throw new IllegalStateException("no cursor from the fixture's store: " + page);
                }
                found.add(next);
                page.body().findValuesAsText("customerId").stream().limit(2).forEach(customerIdCache::add);
            }
            cursorCache = List.copyOf(found);
        }
        return cursorCache;
    }

    private static final List<String> customerIdCache = new ArrayList<>();

    /** Customers of the fixture's store (as its pages show them), and one no store has. */
    private static List<String> customerIds() {
        List<String> ids = new ArrayList<>(customerIdCache);
        ids.add("cus_does_not_exist");
        return ids;
    }

    private static Arbitrary<String> contentTypes() {
        return Arbitraries.of(
                "application/json",
                "application/json",
                "application/json; charset=utf-8",
                "text/plain",
                "application/x-www-form-urlencoded",
                "",
                "application/problem+json",
                "APPLICATION/JSON");
    }

    /** No body, admin bodies (valid and broken), JSON of every shape, and text that is not JSON. */
    private static Arbitrary<String> bodies() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just((String) null)),
                Tuple.of(4, adminBodies()),
                Tuple.of(
                        2,
                        adminBodies()
                                .flatMap(b -> Arbitraries.of(
                                        b + "xyz",
                                        b + " " + b,
                                        b.replaceFirst("\"", "'"),
                                        b + "\u0000",
                                        "[" + b + "]",
                                        b.substring(0, Math.max(1, b.length() / 2))))),
                Tuple.of(1, text()),
                Tuple.of(
                        1,
                        Arbitraries.of(
                                "",
                                " ",
                                "null",
                                "true",
                                "1",
                                "\"s\"",
                                "[]",
                                "{}",
                                "{\"a\":1,\"a\":2}",
                                "{\"name\":\"x\\ud800\"}",
                                "{\"name\":\"caf\ufffd\"}",
                                "{\"a\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}",
                                "x".repeat(20_000))));
    }

    /** JSON values of every type, and the out-of-range ones the probe sent. */
    private static Arbitrary<String> jsonValues() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "\"a\"",
                        "1",
                        "-1",
                        "0",
                        "1.5",
                        "true",
                        "null",
                        "[]",
                        "{}",
                        "[1]",
                        "[\"stores:read\"]",
                        "[101]",
                        "[0]",
                        "[-1]",
                        "[\"\"]",
                        "\"+999999999-12-31T23:59:59Z\"",
                        "\"+294277-01-01T00:00:00Z\"",
                        "\"+100000-01-01T00:00:00Z\"",
                        "\"9999-12-31T23:59:59.9999999Z\"",
                        "\"2030-01-31T00:00:00Z\"",
                        "\"2030-01-31\"",
                        "\"USD\"",
                        "\"usd\"",
                        "\"Europe/Paris\"",
                        "\"Mars/Olympus\"",
                        "\"shopify\"",
                        "\"stripe\"",
                        "\"standard-webhooks\"",
                        "\"whsec_AAAA\"",
                        "99999999999999999999",
                        "1e400",
                        "2147483648",
                        "-2147483649",
                        "\"x\\ud800\"",
                        "\"caf\ufffd\""),
                text().map(Json::write));
    }

    /** Objects of known and unknown fields with values of any type. */
    private static Arbitrary<String> adminBodies() {
        Arbitrary<String> field = Arbitraries.oneOf(
                Arbitraries.of(
                        "name",
                        "slug",
                        "scopes",
                        "allowedStoreIds",
                        "expiresAt",
                        "rateLimitPerMinute",
                        "rateLimitBurst",
                        "currency",
                        "timezone",
                        "storeId",
                        "scheme",
                        "secret",
                        "publicKey",
                        "fingerprint",
                        "namePattern",
                        "endsAt",
                        "comment",
                        "jdbcUrl",
                        "username",
                        "password",
                        "mapping",
                        "cursor"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8));
        return Arbitraries.maps(field, jsonValues()).ofMaxSize(6).map(CustomerApiFuzzTest::object);
    }

    /** A body the route takes, with one field (or none) replaced by any JSON value or left out. */
    private static Arbitrary<String> bodyFor(ApiRoute route) {
        if (!BODIES.containsKey(route.pattern())) {
            return bodies();
        }
        // the fuzz tenant's own store, so a valid body is accepted under the fuzz tenant
        Map<String, String> template = new LinkedHashMap<>(BODIES.get(route.pattern()));
        template.replaceAll((field, json) -> switch (json) {
            case "101" -> String.valueOf(fuzzStore);
            case "[101]" -> "[" + fuzzStore + "]";
            default -> json;
        });
        List<String> fields = new ArrayList<>(template.keySet());
        fields.add("unknownField");
        return Combinators.combine(Arbitraries.of(fields), jsonValues(), Arbitraries.of(true, true, true, false))
                .as((field, value, replace) -> {
                    Map<String, String> body = new LinkedHashMap<>(template);
                    if (replace) {
                        body.put(field, value);
                    } else {
                        body.remove(field);
                    }
                    return object(body);
                });
    }

    private static final String TOMORROW = java.time.Instant.now()
            .plus(java.time.Duration.ofDays(1))
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            .toString();

    /** A body each POST route takes, by route pattern (values are JSON). */
    private static final Map<String, Map<String, String>> BODIES = Map.of(
            "/v1/admin/tenants", Map.of("slug", "\"fuzz-shop\"", "name", "\"Fuzz Shop\""),
            "/v1/admin/tenants/{tenantId}/stores",
                    Map.of("name", "\"Paris\"", "currency", "\"EUR\"", "timezone", "\"Europe/Paris\""),
            "/v1/admin/tenants/{tenantId}/api-keys",
                    Map.of(
                            "name",
                            "\"k\"",
                            "scopes",
                            "[\"stores:read\"]",
                            "allowedStoreIds",
                            "[101]",
                            "rateLimitPerMinute",
                            "600",
                            "rateLimitBurst",
                            "100",
                            "expiresAt",
                            "\"2030-01-31T00:00:00Z\""),
            "/v1/admin/alert-silences",
                    Map.of("namePattern", "\"fuzz-*\"", "endsAt", Json.write(TOMORROW), "comment", "\"fuzz\""),
            "/v1/admin/tenants/{tenantId}/webhook-sources",
                    Map.of("storeId", "101", "scheme", "\"standard-webhooks\"", "name", "\"shop\""),
            "/v1/admin/tenants/{tenantId}/webhook-sources/{sourceId}/secrets",
                    Map.of("expireCurrentAfterSeconds", "60"),
            "/v1/admin/tenants/{tenantId}/sync-sources",
                    Map.of(
                            "storeId",
                            "101",
                            "jdbcUrl",
                            "\"jdbc:sqlserver://127.0.0.1:1;databaseName=fuzz\"",
                            "username",
                            "\"u\"",
                            "password",
                            "\"p\"",
                            "mapping",
                            "{}",
                            "cursor",
                            "\"modifiedAt\""));

    private static String object(Map<String, String> fields) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((name, json) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(Json.write(name)).append(':').append(json);
        });
        return out.append('}').toString();
    }

    // ------------------------------------------------------------------ the event

    private static APIGatewayProxyRequestEvent event(FuzzRequest request) {
        String path = request.path();
        APIGatewayProxyRequestEvent event =
                RealApi.proxyEvent(request.method(), "/v1/x", CALLERS.get(request.caller()), null);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        if (request.contentType().isEmpty()) {
            headers.remove("Content-Type");
        } else {
            headers.put("Content-Type", request.contentType());
        }
        Map<String, List<String>> multi = new HashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        Map<String, String> single = new HashMap<>();
        request.query().forEach((name, values) -> single.put(name, values.getLast()));
        String body = request.body();
        if (body != null && request.base64()) {
            body = Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8));
        }
        event.getRequestContext().setHttpMethod(request.method());
        event.getRequestContext().setResourcePath("/{proxy+}");
        event.getRequestContext().setPath("/test" + path);
        return event.withHttpMethod(request.method())
                .withResource("/{proxy+}")
                .withPath(path)
                .withPathParameters(path.length() > 1 ? Map.of("proxy", path.substring(1)) : null)
                .withHeaders(headers)
                .withMultiValueHeaders(multi)
                .withQueryStringParameters(single.isEmpty() ? null : single)
                .withMultiValueQueryStringParameters(request.query().isEmpty() ? null : request.query())
                .withBody(body)
                .withIsBase64Encoded(body != null && request.base64());
    }
}
