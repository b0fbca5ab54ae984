package com.storepulse.sync;

/** How far back a run reads. */
public enum SyncMode {
    /** From each table's committed cursor onwards, plus a key reconciliation when one is due. */
    INCREMENTAL,
    /**
     * Every row again, from the start, then a key reconciliation: repairs anything the cursors
     * cannot see (a source restored from backup, rows changed without touching the cursor column).
     */
    FULL
}
