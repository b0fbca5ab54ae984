/**
 * Canonical customer and order changes, however they arrive (a webhook, a sync batch): the records
 * ({@link com.storepulse.ingest.CustomerChange}, {@link com.storepulse.ingest.OrderChange}), the
 * data validation layer that every change passes ({@link com.storepulse.ingest.ChangeValidation}:
 * field-level errors, limits, ISO 4217 currencies, timestamps) and the idempotent apply into the
 * star schema ({@link com.storepulse.ingest.ChangeApplier}).
 *
 * <p>Apply is last-writer-wins on the retailer's own {@code updatedAt}: a row is written only by a
 * change newer than the version it holds ({@code source_updated_at}), so retries, duplicates and
 * reordered deliveries converge on the newest data. It runs inside the caller's transaction, so a
 * caller records its own bookkeeping (a webhook's event id, a sync cursor) atomically with it.
 * Rescoring and cache invalidation come after the commit, by the caller (scoring is not in shared).
 * SQL sits beside the applier in {@code ChangeApplier/*.sql}.
 */
package com.storepulse.ingest;
