package com.storepulse.ingest;

/** What applying one change did. */
public enum ApplyOutcome {
    /** The change was newer than what the row held (or the row was new): written. */
    APPLIED,
    /** The row already holds this version or a newer one: nothing written. */
    STALE;

    public String code() {
        return this == APPLIED ? "applied" : "stale";
    }
}
