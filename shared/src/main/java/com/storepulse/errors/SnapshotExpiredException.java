package com.storepulse.errors;

/**
 * A walk over a snapshot (a customer list read page by page at one score version) cannot go on:
 * the snapshot is older than a walk may last, or its rows are no longer kept. The walk must start
 * again from its first page. The message says why.
 */
public class SnapshotExpiredException extends DomainException {

    public SnapshotExpiredException(String message) {
        super(message);
    }
}
