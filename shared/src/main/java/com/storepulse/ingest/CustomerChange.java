package com.storepulse.ingest;

import java.time.Instant;

/**
 * One customer as the retailer's system holds it at {@code updatedAt}: a create, an update or (with
 * {@code deletedAt}) a soft delete. Fields are as received; {@link ChangeValidation} decides
 * whether they are acceptable. A delete carries only the id and {@code deletedAt}, which is then
 * also its version ({@link #version()}).
 *
 * @param externalId the retailer's customer id (unique per store)
 * @param email may be null
 * @param firstName may be null
 * @param lastName may be null
 * @param createdAt when the retailer created the customer; may be null
 * @param updatedAt the version of this change; required unless {@code deletedAt} is set
 * @param deletedAt when the customer was deleted; null for a create or update
 */
public record CustomerChange(
        String externalId,
        String email,
        String firstName,
        String lastName,
        Instant createdAt,
        Instant updatedAt,
        Instant deletedAt) {

    /** A create or update. */
    public static CustomerChange upsert(
            String externalId, String email, String firstName, String lastName, Instant createdAt, Instant updatedAt) {
        return new CustomerChange(externalId, email, firstName, lastName, createdAt, updatedAt, null);
    }

    /** A soft delete at {@code deletedAt}. */
    public static CustomerChange deletion(String externalId, Instant deletedAt) {
        return new CustomerChange(externalId, null, null, null, null, null, deletedAt);
    }

    public boolean isDeletion() {
        return deletedAt != null;
    }

    /** What decides which of two changes of the customer is newer: updatedAt, or deletedAt for a delete. */
    public Instant version() {
        if (updatedAt != null && deletedAt != null) {
            return updatedAt.isAfter(deletedAt) ? updatedAt : deletedAt;
        }
        return deletedAt != null ? deletedAt : updatedAt;
    }
}
