package com.storepulse.lifecycle;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client (an AWS SDK client, say) built on its first use, never during init, so no socket is in
 * a SnapStart snapshot; closed with its owner, and built again if used after that.
 */
public final class LazyClient<C extends AutoCloseable> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LazyClient.class);

    private final Supplier<C> factory;
    private C client;

    public LazyClient(Supplier<C> factory) {
        this.factory = factory;
    }

    /** The client, built by the factory on the first call. */
    public synchronized C get() {
        if (client == null) {
            client = factory.get();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client == null) {
            return;
        }
        try {
            client.close();
        } catch (Exception e) {
            // closing only releases connections; nothing is lost if that fails
            LOG.warn("could not close {}: {}", client.getClass().getSimpleName(), e.toString());
        } finally {
            client = null;
        }
    }
}
