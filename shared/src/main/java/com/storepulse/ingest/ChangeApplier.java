package com.storepulse.ingest;

import com.storepulse.errors.FieldError;
import com.storepulse.errors.UnknownStoreException;
import com.storepulse.errors.ValidationException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * Applies validated changes to the star schema, each exactly as far as it is newer: a row is
 * written only when the change's version (the retailer's {@code updatedAt}) is newer than the
 * {@code source_updated_at} it holds, so a duplicate or an older change arriving late writes
 * nothing and reports {@link ApplyOutcome#STALE}.
 *
 * <p>Runs in the caller's transaction ({@code handle} must be in one): the caller records its own
 * bookkeeping in the same commit. An order locks its customer's row first, so concurrent writers of
 * one customer queue and each recomputes the customer's totals (order count, spend, first and last
 * order) with the others' orders committed. A customer an order names before any customer change
 * arrived is created as a placeholder (id only) that the customer's first change fills in.
 *
 * <p>Callers validate first ({@link ChangeValidation}); the applier checks only what needs the
 * database: the store exists, and an order is in the store's currency (no exchange rates are kept).
 */
public final class ChangeApplier {

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final Map<String, String> LOCATED = new ConcurrentHashMap<>();
    private static final int MAX_KNOWN_STORES = 10_000;

    private final Map<Long, String> storeCurrencies = new ConcurrentHashMap<>();

    /** Applies a customer create, update or soft delete. */
    public Applied apply(Handle handle, long storeId, CustomerChange change) {
        Optional<Long> written;
        if (change.isDeletion()) {
            written = handle.createQuery(sql("deleteCustomer"))
                    .bind("storeId", storeId)
                    .bind("externalId", change.externalId())
                    .bind("version", timestamp(change.version()))
                    .bind("deletedAt", timestamp(change.deletedAt()))
                    .mapTo(Long.class)
                    .findOne();
        } else {
            written = handle.createQuery(sql("upsertCustomer"))
                    .bind("storeId", storeId)
                    .bind("externalId", change.externalId())
                    .bind("email", change.email())
                    .bind("firstName", change.firstName())
                    .bind("lastName", change.lastName())
                    .bind("createdAt", timestamp(change.createdAt()))
                    .bind("version", timestamp(change.version()))
                    .mapTo(Long.class)
                    .findOne();
        }
        return written.map(id -> new Applied(ApplyOutcome.APPLIED, Map.of(id, change.externalId())))
                .orElseGet(Applied::stale);
    }

    /**
     * Applies an order or return. Throws {@link ValidationException} (field {@code currency} through
     * {@code path}) when the order is not in the store's currency, and {@link UnknownStoreException}
     * when the store does not exist.
     */
    public Applied apply(Handle handle, long storeId, OrderChange change, UnaryOperator<String> path) {
        String storeCurrency = storeCurrency(handle, storeId);
        if (!storeCurrency.equals(change.currency())) {
            throw ValidationException.of(List.of(new FieldError(
                    path.apply("currency"),
                    "must be the store's currency " + storeCurrency + " (StorePulse keeps no exchange rates)")));
        }
        LockedCustomer customer = lockOrCreateCustomer(handle, storeId, change.customerExternalId());
        long customerId = customer.id();
        Map<Long, String> changed = new LinkedHashMap<>();
        changed.put(customerId, change.customerExternalId());
        handle.createQuery(sql("currentOrder"))
                .bind("storeId", storeId)
                .bind("externalId", change.externalId())
                .map((rs, ctx) -> Map.entry(rs.getLong("customer_id"), rs.getString("external_id")))
                .findOne()
                .filter(previous -> previous.getKey() != customerId)
                .ifPresent(previous -> {
                    handle.createQuery(sql("lockCustomerById"))
                            .bind("customerId", previous.getKey())
                            .mapTo(Long.class)
                            .findOne();
                    changed.put(previous.getKey(), previous.getValue());
                });
        Optional<Long> written = handle.createQuery(sql("upsertOrder"))
                .bind("storeId", storeId)
                .bind("externalId", change.externalId())
                .bind("customerId", customerId)
                .bind("orderedAt", timestamp(change.orderedAt()))
                .bind("kind", change.kind().code())
                .bind("amount", change.signedAmount())
                .bind("currency", change.currency())
                .bind("version", timestamp(change.updatedAt()))
                .mapTo(Long.class)
                .findOne();
        if (written.isEmpty()) {
            if (customer.inserted()) {
                // Only this stale order named the customer: a stale change writes nothing.
                handle.createUpdate(sql("deletePlaceholderCustomer"))
                        .bind("customerId", customerId)
                        .execute();
            }
            return Applied.stale();
        }
        handle.createUpdate(sql("refreshCustomerTotals"))
                .bind(
                        "customerIds",
                        changed.keySet().stream().mapToLong(Long::longValue).toArray())
                .execute();
        return new Applied(ApplyOutcome.APPLIED, changed);
    }

    /**
     * The store's currency, read once per store by this applier: nothing changes a store's
     * currency (its scores and LTV are in it), so a request need not ask for it again.
     */
    private String storeCurrency(Handle handle, long storeId) {
        String known = storeCurrencies.get(storeId);
        if (known != null) {
            return known;
        }
        String currency = handle.createQuery(sql("storeCurrency"))
                .bind("storeId", storeId)
                .mapTo(String.class)
                .findOne()
                .orElseThrow(() -> new UnknownStoreException(storeId));
        if (storeCurrencies.size() >= MAX_KNOWN_STORES) {
            storeCurrencies.clear();
        }
        storeCurrencies.put(storeId, currency);
        return currency;
    }

    /** A customer row locked by this transaction; {@code inserted} when this transaction created it as a placeholder. */
    private record LockedCustomer(long id, boolean inserted) {}

    /** The customer's id, its row locked; a placeholder is inserted when the store has no such customer yet. */
    private static LockedCustomer lockOrCreateCustomer(Handle handle, long storeId, String externalId) {
        Optional<Long> locked = lockCustomer(handle, storeId, externalId);
        if (locked.isPresent()) {
            return new LockedCustomer(locked.get(), false);
        }
        Optional<Long> inserted = handle.createQuery(sql("insertPlaceholderCustomer"))
                .bind("storeId", storeId)
                .bind("externalId", externalId)
                .mapTo(Long.class)
                .findOne();
        if (inserted.isPresent()) {
            return new LockedCustomer(inserted.get(), true);
        }
        // A concurrent writer inserted it first; this statement's successor sees it committed.
        return lockCustomer(handle, storeId, externalId)
                .map(id -> new LockedCustomer(id, false))
                .orElseThrow(() -> new IllegalStateException("customer row neither inserted nor found"));
    }

    private static Optional<Long> lockCustomer(Handle handle, long storeId, String externalId) {
        return handle.createQuery(sql("lockCustomer"))
                .bind("storeId", storeId)
                .bind("externalId", externalId)
                .mapTo(Long.class)
                .findOne();
    }

    /** As timestamptz, whatever the JVM's zone. */
    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** Located once per name (a request runs several statements; locating builds paths each time). */
    private static String sql(String name) {
        return LOCATED.computeIfAbsent(name, n -> SQL.locate(ChangeApplier.class, n));
    }
}
