package com.storepulse.sync;

import java.time.Instant;

/**
 * Where a source table was read up to: the cursor column's value of the last row applied (exact
 * text: ISO date-time or ROWVERSION hex; null before the first row) and that row's primary key.
 *
 * @param newestChangeAt the newest modified-at applied (for the lag)
 * @param reconciledAt when the table's keys were last compared with the source's; null: due now
 */
record SyncCursor(String value, String lastKey, Instant newestChangeAt, Instant reconciledAt) {}
