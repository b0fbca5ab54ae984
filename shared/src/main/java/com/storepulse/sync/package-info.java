/**
 * Sync from a retailer's own database (Azure SQL in production; MariaDB/MySQL and H2 locally) into
 * the star schema, exactly once and resumable (docs/sync.md). {@link com.storepulse.sync.SyncSources}
 * is the registry the admin routes and the scheduler read; {@link com.storepulse.sync.SourceSync}
 * runs one source: advisory lock, keyset-paged reads on a (cursor, primary key) pair, COPY into
 * staging, one upsert, cursor advance in the same transaction. Nothing here knows Lambda or HTTP:
 * the azure-sync function hands in the deadline and the rescoring, customer-api the admin edge.
 */
package com.storepulse.sync;
