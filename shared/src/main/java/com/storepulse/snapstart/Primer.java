package com.storepulse.snapstart;

/**
 * Exercises a function's hot path once during initialisation, with a synthetic request, so the
 * classes are loaded and the code is JIT-warm in the SnapStart snapshot.
 *
 * <p>A primer must not write data. {@link SnapStartResources} runs primers with every new Jdbi
 * handle in a read-only session ({@code default_transaction_read_only}), so a write through Jdbi
 * fails and is reported instead of landing in the database. Reading is fine, and so is filling
 * the cache (a cache entry is not data: it expires with its TTL).
 */
@FunctionalInterface
public interface Primer {

    void prime() throws Exception;
}
