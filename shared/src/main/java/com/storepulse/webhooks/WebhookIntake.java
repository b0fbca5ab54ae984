package com.storepulse.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.storepulse.db.TenantDirectory;
import com.storepulse.db.TenantScope;
import com.storepulse.errors.FieldError;
import com.storepulse.errors.NotFoundException;
import com.storepulse.errors.SignatureInvalidException;
import com.storepulse.errors.TimestampOutOfToleranceException;
import com.storepulse.errors.ValidationException;
import com.storepulse.ingest.AfterApply;
import com.storepulse.ingest.Applied;
import com.storepulse.ingest.ChangeApplier;
import com.storepulse.ingest.ChangeValidation;
import com.storepulse.ingest.CustomerChange;
import com.storepulse.ingest.OrderChange;
import com.storepulse.json.Json;
import com.storepulse.observability.MetricNames;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.privacy.Suppressions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook delivery, from raw bytes to the star schema: find the source, verify the signature
 * over the bytes as received, parse, validate against the type's JSON Schema and the data
 * validation layer, then in ONE transaction claim the event id and apply the change, so a duplicate
 * (even a concurrent one) applies nothing and is answered the first delivery's outcome. The changed
 * customers are handed to {@link AfterApply} in that transaction (the function queues them for
 * rescoring there) and after its commit (rescored, with other deliveries' in one batch, and their
 * caches dropped); a failure after the commit is logged and counted, never un-answers the committed
 * change.
 *
 * <p>An unknown event type is recorded ({@code ignored}) and answered 200, so senders stop
 * retrying it. Every accepted event is kept raw in {@code webhook_event} for audit and replay,
 * for {@code retention} (a bounded batch of expired rows is deleted every {@value #PRUNE_EVERY}
 * accepted events of an instance).
 */
public final class WebhookIntake {

    /** The answer to an event whose customer was erased (a suppression entry matched). */
    public static final String SUPPRESSED = "suppressed";

    static final int PRUNE_EVERY = 256;
    static final int PRUNE_BATCH = 1000;
    static final int MAX_TYPE_LENGTH = 128;
    /** The headers kept with an event (never a secret: signatures are not). */
    static final List<String> KEPT_HEADERS = List.of(
            "content-type",
            "user-agent",
            "webhook-id",
            "webhook-timestamp",
            "X-Shopify-Webhook-Id",
            "X-Shopify-Topic",
            "X-Shopify-Triggered-At",
            "Stripe-Signature");

    private static final Logger LOG = LoggerFactory.getLogger(WebhookIntake.class);
    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final Map<String, String> LOCATED = new ConcurrentHashMap<>();

    private final Jdbi jdbi;
    private final WebhookSources sources;
    private final SignatureVerifier verifier;
    private final EventSchemas schemas;
    private final ChangeValidation validation;
    private final ChangeApplier applier;
    private final AfterApply afterApply;
    private final Suppressions suppressions;
    private final MetricsRecorder metrics;
    private final Clock clock;
    private final Duration retention;
    private final AtomicLong accepted = new AtomicLong();

    public WebhookIntake(
            Jdbi jdbi,
            WebhookSources sources,
            SignatureVerifier verifier,
            EventSchemas schemas,
            AfterApply afterApply,
            MetricsRecorder metrics,
            Clock clock,
            Duration retention) {
        this(jdbi, sources, verifier, schemas, afterApply, Suppressions.unkeyed(), metrics, clock, retention);
    }

    /**
     * @param suppressions what drops the changes of customers erased from the store (an unkeyed one
     *     fails closed on a store with erasures)
     */
    public WebhookIntake(
            Jdbi jdbi,
            WebhookSources sources,
            SignatureVerifier verifier,
            EventSchemas schemas,
            AfterApply afterApply,
            Suppressions suppressions,
            MetricsRecorder metrics,
            Clock clock,
            Duration retention) {
        this.jdbi = jdbi;
        this.sources = sources;
        this.verifier = verifier;
        this.schemas = schemas;
        this.validation = new ChangeValidation(clock);
        this.applier = new ChangeApplier();
        this.afterApply = afterApply;
        this.suppressions = suppressions;
        this.metrics = metrics;
        this.clock = clock;
        this.retention = retention;
    }

    /**
     * What the sender is answered (200): the event's outcome, and whether this delivery was a
     * duplicate (then the outcome is the first delivery's).
     *
     * @param outcome JSON: {@code {"eventId", "type", "status"}}, status applied, stale, ignored or
     *     suppressed (the customer it names was erased: nothing applied or kept)
     */
    public record Receipt(String eventId, String status, boolean duplicate, String outcome) {}

    public Receipt receive(String sourceId, SignedRequest request) {
        // The URL names a source, not a tenant: its tenant (V20's look-up) is the one this delivery
        // runs as, so row-level security shows the source, its keys and its store's rows only.
        OptionalLong tenant = sourceId == null || !sourceId.matches("[A-Za-z0-9_-]{1,64}")
                ? OptionalLong.empty()
                : TenantDirectory.ofWebhookSource(jdbi, sourceId);
        if (tenant.isEmpty()) {
            throw new NotFoundException("No webhook source " + sourceId);
        }
        return TenantScope.call(tenant.getAsLong(), () -> receiveAsTenant(sourceId, request));
    }

    private Receipt receiveAsTenant(String sourceId, SignedRequest request) {
        WebhookSources.ActiveSource active =
                sources.active(sourceId).orElseThrow(() -> new NotFoundException("No webhook source " + sourceId));
        WebhookScheme scheme = active.source().scheme();
        Verification verified;
        try {
            verified = verifier.verify(scheme, request, active.keys(), clock.instant());
        } catch (TimestampOutOfToleranceException refused) {
            metrics.count(MetricNames.WEBHOOK_TIMESTAMP_REFUSED);
            throw refused;
        } catch (SignatureInvalidException refused) {
            metrics.count(MetricNames.WEBHOOK_SIGNATURE_INVALID);
            throw refused;
        }
        JsonNode event = parse(request);
        String eventId = verified.eventId() != null ? verified.eventId() : stripeEventId(event);
        String type = event.path("type").isTextual() ? event.get("type").textValue() : null;
        if (type == null) {
            throw invalid(List.of(new FieldError("/type", "is required (a string)")));
        }
        // an unknown type and the id are stored unchecked by the schema: PostgreSQL refuses NUL
        List<FieldError> unstorable = new ArrayList<>();
        if (ChangeValidation.hasControlCharacters(type) || type.length() > MAX_TYPE_LENGTH) {
            unstorable.add(new FieldError(
                    "/type", "must be at most " + MAX_TYPE_LENGTH + " characters, without control characters"));
        }
        if (ChangeValidation.hasControlCharacters(eventId)) {
            unstorable.add(new FieldError(
                    verified.eventId() != null ? "event id (header)" : "/id", "must not contain control characters"));
        }
        if (!unstorable.isEmpty()) {
            throw invalid(unstorable);
        }
        if (!schemas.knows(type)) {
            return record(
                    active.source(), eventId, type, request, verified, "ignored", null, namedCustomer(type, event));
        }
        List<FieldError> errors = schemas.validate(type, event);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        JsonNode data = event.get("data");
        UnaryOperator<String> paths = WebhookEvent.paths(type);
        Object change;
        String subject;
        if (WebhookEvent.isCustomer(type)) {
            CustomerChange customer = WebhookEvent.customer(type, data);
            errors = validation.check(customer, paths);
            change = customer;
            subject = customer.externalId();
        } else {
            List<FieldError> unparsed = new ArrayList<>();
            OrderChange order = WebhookEvent.order(type, data, unparsed);
            errors = new ArrayList<>(unparsed);
            // a field that did not parse is reported once, not again as missing
            validation.check(order, paths).stream()
                    .filter(e -> unparsed.stream().noneMatch(u -> u.field().equals(e.field())))
                    .forEach(errors::add);
            change = order;
            subject = order.customerExternalId();
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return record(active.source(), eventId, type, request, verified, null, change, subject);
    }

    /** The customer an event of a type StorePulse does not know names, if it names one the usual way. */
    private static String namedCustomer(String type, JsonNode event) {
        JsonNode data = event.path("data");
        for (JsonNode id : List.of(
                data.path("customerId"),
                data.path("customer").path("id"),
                type.startsWith("customer.") ? data.path("id") : data.path("customerId"))) {
            if (id.isTextual() && !id.textValue().isEmpty()) {
                return id.textValue();
            }
        }
        return null;
    }

    /**
     * Claims the id and applies {@code change} (or records {@code fixedStatus}) in one transaction,
     * unless {@code subject} (the customer the event names) was erased from the store: then nothing
     * is applied or kept, and the event is answered {@code suppressed}.
     */
    private Receipt record(
            WebhookSource source,
            String eventId,
            String type,
            SignedRequest request,
            Verification verified,
            String fixedStatus,
            Object change,
            String subject) {
        long storeId = source.storeId();
        Map<Long, String> changed = new LinkedHashMap<>();
        Receipt receipt = jdbi.inTransaction(h -> {
            if (subject != null && suppressions.refuses(h, storeId, subject, Suppressions.WEBHOOK)) {
                ObjectNode outcome = Json.mapper().createObjectNode();
                outcome.put("eventId", eventId);
                outcome.put("type", type);
                outcome.put("status", SUPPRESSED);
                return new Receipt(eventId, SUPPRESSED, false, Json.write(outcome));
            }
            Optional<Long> claimed = h.createQuery(sql("recordEvent"))
                    .bind("storeId", storeId)
                    .bind("source", source.sourceId())
                    .bind("eventId", eventId)
                    .bind("type", type)
                    .bind("headers", keptHeaders(request))
                    .bind("body", new String(request.bodyUnsafe(), StandardCharsets.UTF_8))
                    .bind(
                            "sentAt",
                            verified.sentAt() == null ? null : verified.sentAt().atOffset(ZoneOffset.UTC))
                    .mapTo(Long.class)
                    .findOne();
            if (claimed.isEmpty()) {
                String first = h.createQuery(sql("firstOutcome"))
                        .bind("storeId", storeId)
                        .bind("source", source.sourceId())
                        .bind("eventId", eventId)
                        .mapTo(String.class)
                        .one();
                return new Receipt(eventId, statusOf(first), true, first);
            }
            String status = fixedStatus;
            if (change != null) {
                Applied applied = change instanceof CustomerChange customer
                        ? applier.apply(h, storeId, customer)
                        : applier.apply(h, storeId, (OrderChange) change, WebhookEvent.paths(type));
                status = applied.outcome().code();
                changed.putAll(applied.changedCustomers());
                if (!changed.isEmpty()) {
                    afterApply.applying(h, storeId, changed.keySet());
                }
            }
            ObjectNode outcome = Json.mapper().createObjectNode();
            outcome.put("eventId", eventId);
            outcome.put("type", type);
            outcome.put("status", status);
            String body = Json.write(outcome);
            h.createUpdate(sql("settleEvent"))
                    .bind("id", claimed.get())
                    .bind("status", status)
                    .bind("outcome", body)
                    .execute();
            return new Receipt(eventId, status, false, body);
        });
        if (SUPPRESSED.equals(receipt.status())) {
            LOG.info(
                    "event {} of source {}: the customer it names was erased from store {}; nothing applied or kept",
                    eventId,
                    source.sourceId(),
                    storeId);
        }
        metrics.count(
                MetricNames.WEBHOOK_ACCEPTED,
                1,
                Map.of("Status", receipt.duplicate() ? "duplicate" : receipt.status()));
        if (!changed.isEmpty()) {
            try {
                afterApply.changed(storeId, changed);
            } catch (RuntimeException e) {
                metrics.count(MetricNames.WEBHOOK_AFTER_APPLY_ERROR);
                LOG.warn(
                        "event {} of source {} is applied, but rescoring or cache invalidation failed: {}",
                        eventId,
                        source.sourceId(),
                        e.toString());
            }
        }
        if (!receipt.duplicate() && accepted.incrementAndGet() % PRUNE_EVERY == 0) {
            prune();
        }
        return receipt;
    }

    /** Deletes a bounded batch of events older than the retention; returns how many. */
    public int prune() {
        try {
            return jdbi.withHandle(h -> h.createUpdate(sql("pruneEvents"))
                    .bind("retention", retention.toSeconds() + " seconds")
                    .bind("batch", PRUNE_BATCH)
                    .execute());
        } catch (RuntimeException e) {
            LOG.warn("webhook_event retention prune failed (tried again later): {}", e.toString());
            return 0;
        }
    }

    /** One error per field and message (a refund's refundedAt stands for two canonical fields). */
    private ValidationException invalid(List<FieldError> errors) {
        metrics.count(MetricNames.WEBHOOK_INVALID);
        return ValidationException.of(errors.stream().distinct().toList());
    }

    private static JsonNode parse(SignedRequest request) {
        try {
            JsonNode event = Json.readStrict(request.bodyUnsafe()); // after the signature, which is over these bytes
            if (event == null || !event.isObject()) {
                throw ValidationException.of(
                        "/", "the body must be a JSON object: {\"type\", \"timestamp\", \"data\"}");
            }
            return event;
        } catch (IOException e) {
            throw ValidationException.of("/", "the body is not valid JSON");
        }
    }

    private static String stripeEventId(JsonNode event) {
        JsonNode id = event.get("id");
        if (id == null
                || !id.isTextual()
                || id.textValue().isBlank()
                || id.textValue().length() > SignatureVerifier.MAX_EVENT_ID_LENGTH) {
            throw ValidationException.of(
                    "/id",
                    "is required for a stripe source (the event id, at most " + SignatureVerifier.MAX_EVENT_ID_LENGTH
                            + " characters)");
        }
        return id.textValue();
    }

    private static String keptHeaders(SignedRequest request) {
        ObjectNode kept = Json.mapper().createObjectNode();
        for (String name : KEPT_HEADERS) {
            request.header(name)
                    .filter(value -> !ChangeValidation.hasControlCharacters(value))
                    .ifPresent(value -> kept.put(name.toLowerCase(java.util.Locale.ROOT), value));
        }
        return Json.write(kept);
    }

    private static String statusOf(String outcome) {
        try {
            return Json.mapper().readTree(outcome).path("status").asText();
        } catch (IOException e) {
            throw new IllegalStateException("webhook_event.outcome is not JSON", e);
        }
    }

    /** Located once per name (a request runs several statements; locating builds paths each time). */
    private static String sql(String name) {
        return LOCATED.computeIfAbsent(name, n -> SQL.locate(WebhookIntake.class, n));
    }
}
