package com.storepulse.errors;

/**
 * No such store: it does not exist, or (from the access checks) the caller may not read it,
 * which is deliberately the same error.
 */
public class UnknownStoreException extends NotFoundException {

    private final long storeId;

    public UnknownStoreException(long storeId) {
        this(storeId, "No store " + storeId);
    }

    /** With a message of its own (the access checks' does not repeat the id). */
    public UnknownStoreException(long storeId, String message) {
        super(message);
        this.storeId = storeId;
    }

    public long storeId() {
        return storeId;
    }
}
