package com.storepulse.usage;

/**
 * Redis key names of usage metering, under the cache's key prefix:
 * <pre>
 *   {prefix}usage:pending          hash: field "apiKeyId|day|route" -> requests not yet flushed
 *   {prefix}usage:batch:{uuid}     the same, sealed for one flush (renamed from pending)
 *   {prefix}usage:batches          set of the sealed batches' ids not yet flushed
 *   {prefix}usage:flush-gate       lets one instance flush per interval
 * </pre>
 * The rate-limit script and the ledger's scripts touch several of them at once: a standalone
 * (non-cluster) Redis, as ElastiCache's cluster-mode-disabled, is assumed (docs/api.md).
 */
public record UsageKeys(String prefix) {

    public String pending() {
        return prefix + "usage:pending";
    }

    public String batchPrefix() {
        return prefix + "usage:batch:";
    }

    public String batch(String batchId) {
        return batchPrefix() + batchId;
    }

    public String batches() {
        return prefix + "usage:batches";
    }

    public String flushGate() {
        return prefix + "usage:flush-gate";
    }
}
