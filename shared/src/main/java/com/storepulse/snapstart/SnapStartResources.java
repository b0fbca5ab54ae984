package com.storepulse.snapstart;

import com.storepulse.cache.ManagedCache;
import com.storepulse.db.Database;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleListener;
import org.jdbi.v3.core.Handles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a function safe and fast to snapshot with Lambda SnapStart (org.crac hooks).
 *
 * <h2>Before the checkpoint, in this order</h2>
 * <ol>
 *   <li>Wait for a start-up {@link ConnectionWarmup} still opening the pool or Redis (at most
 *       {@link #WARMUP_WAIT}), so no connection opens behind the steps below.</li>
 *   <li>Run the {@link Primer}s, while the database pool and the Redis connection are still
 *       open, so the snapshot holds warm code. Every Jdbi handle opened meanwhile is read-only,
 *       and the pool is closed right after (ending those sessions). A failing primer is logged
 *       and reported, and the checkpoint goes on: priming is an optimisation, and a database or
 *       Redis that is down while a version is published only leaves the snapshot less warm.
 *       <b>Except a missing class</b> (a {@link LinkageError} or {@link ClassNotFoundException}
 *       anywhere in the failure's causes): the primers run the request path, so the first real
 *       request would fail the same way. That is a broken deployment package, and the checkpoint
 *       fails after the steps below, so the version is never published (on Lambda) and the
 *       jar-start test, which runs these hooks from the deployed jar, fails.</li>
 *   <li>Run the "before checkpoint" extras (e.g. drop cached secrets so none is in the snapshot).</li>
 *   <li>Close the Redis connection ({@link ManagedCache#suspend()}).</li>
 *   <li>Close the database pool ({@link Database#suspend()}) if priming has not already.</li>
 * </ol>
 *
 * <h2>After the restore, in this order</h2>
 * <ol>
 *   <li>Run the "after restore" extras (e.g. clear the secret cache), first, so that reopening
 *       the pool resolves fresh credentials.</li>
 *   <li>{@link ManagedCache#resume()}: forget pre-snapshot failures; Redis reconnects on first use.</li>
 *   <li>{@link Database#resume()}: open a new pool (HikariCP connects in the background).</li>
 * </ol>
 * Each step's failure is logged and the next step still runs: a restored function that cannot
 * reach its database must still start, and answer 503 from its health check.
 *
 * <p>org.crac keeps only weak references to registered resources; this class keeps every
 * registered instance (and so its {@link Resource}) strongly reachable from a static list.
 */
public final class SnapStartResources {

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartResources.class);
    private static final List<SnapStartResources> REGISTERED = new CopyOnWriteArrayList<>();

    /** Beyond the pool's and Redis's own opening bounds, which end a warm-up's waits first. */
    static final Duration WARMUP_WAIT = Duration.ofSeconds(30);

    private final Database database;
    private final ManagedCache cache;
    private final ConnectionWarmup warmup;
    private final Map<String, Primer> primers;
    private final List<Runnable> beforeCheckpoint;
    private final List<Runnable> afterRestore;
    private final Resource resource = new Resource() {
        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) {
            SnapStartResources.this.beforeCheckpoint();
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) {
            SnapStartResources.this.afterRestore();
        }
    };

    private SnapStartResources(Builder builder) {
        this.database = builder.database;
        this.cache = builder.cache;
        this.warmup = builder.warmup;
        this.primers = new LinkedHashMap<>(builder.primers);
        this.beforeCheckpoint = List.copyOf(builder.beforeCheckpoint);
        this.afterRestore = List.copyOf(builder.afterRestore);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Registers with the JVM's global CRaC context (a no-op on a JVM without CRaC). */
    public SnapStartResources register() {
        return registerWith(Core.getGlobalContext());
    }

    public SnapStartResources registerWith(Context<Resource> context) {
        REGISTERED.add(this);
        context.register(resource);
        return this;
    }

    /** The org.crac resource; tests and tools may drive it directly. */
    public Resource resource() {
        return resource;
    }

    static List<SnapStartResources> registered() {
        return List.copyOf(REGISTERED);
    }

    void beforeCheckpoint() {
        if (warmup != null && !warmup.await(WARMUP_WAIT)) {
            LOG.warn("the start-up warm-up was still running after " + WARMUP_WAIT + "; priming goes on");
        }
        PrimingReport report = prime();
        LOG.info("primed before checkpoint: " + report);
        beforeCheckpoint.forEach(hook -> step("before-checkpoint hook", hook));
        if (cache != null) {
            step("close Redis connection", cache::suspend);
        }
        if (database != null) {
            step("close database pool", database::suspend); // idempotent after priming
        }
        if (!report.missingClasses().isEmpty()) {
            throw new MissingClassException(report.missingClasses());
        }
    }

    void afterRestore() {
        afterRestore.forEach(hook -> step("after-restore hook", hook));
        if (cache != null) {
            step("resume cache", cache::resume);
        }
        if (database != null) {
            step("reopen database pool", database::resume);
        }
    }

    /**
     * Runs every primer once, with Jdbi handles in read-only sessions. Afterwards the database
     * pool is closed (those sessions must not serve real requests); it reopens on next use.
     */
    public PrimingReport prime() {
        List<String> failures = new ArrayList<>();
        List<String> missingClasses = new ArrayList<>();
        HandleListener readOnly = new ReadOnlySessions();
        Handles handles = database == null ? null : database.jdbi().getConfig(Handles.class);
        if (handles != null) {
            handles.addListener(readOnly);
        }
        try {
            primers.forEach((name, primer) -> {
                try {
                    primer.prime();
                } catch (Exception | LinkageError e) {
                    failures.add(name + ": " + e);
                    Optional<Throwable> linkage = missingClass(e);
                    if (linkage.isPresent()) {
                        missingClasses.add(name + ": " + linkage.get());
                        LOG.error("primer " + name + " hit a class the deployment package lacks or cannot link"
                                + " (the request path would fail the same way): " + linkage.get());
                    } else {
                        LOG.warn("primer " + name + " failed (the snapshot is only less warm): " + e);
                    }
                }
            });
        } finally {
            if (handles != null) {
                handles.removeListener(readOnly);
                // The read-only setting lives on in the pooled connections: close them.
                database.suspend();
            }
        }
        return new PrimingReport(primers.size(), failures, missingClasses);
    }

    /** The failure's first cause that says a class is missing or cannot be linked, if any. */
    static Optional<Throwable> missingClass(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof LinkageError || t instanceof ClassNotFoundException) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** A checkpoint refused: priming found classes missing from the deployment package. */
    public static final class MissingClassException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        MissingClassException(List<String> missingClasses) {
            super("SnapStart priming: the deployment package lacks or cannot link classes its request path needs, so"
                    + " no snapshot is taken: " + missingClasses);
        }
    }

    private static void step(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("SnapStart step failed: " + what, e);
        }
    }

    /**
     * Puts each new handle's session in read-only mode. The setting stays on the pooled
     * connection, which is why priming is followed by closing the pool.
     */
    private static final class ReadOnlySessions implements HandleListener {
        @Override
        public void handleCreated(Handle handle) {
            handle.execute("SET SESSION default_transaction_read_only = on");
        }
    }

    public static final class Builder {
        private Database database;
        private ManagedCache cache;
        private ConnectionWarmup warmup;
        private final Map<String, Primer> primers = new LinkedHashMap<>();
        private final List<Runnable> beforeCheckpoint = new ArrayList<>();
        private final List<Runnable> afterRestore = new ArrayList<>();

        private Builder() {}

        public Builder database(Database value) {
            this.database = value;
            return this;
        }

        public Builder cache(ManagedCache value) {
            this.cache = value;
            return this;
        }

        /** The start-up warm-up to wait for before priming (see the class comment). */
        public Builder warmup(ConnectionWarmup value) {
            this.warmup = value;
            return this;
        }

        /** A primer, named for the logs and the {@link PrimingReport}. */
        public Builder primer(String name, Primer primer) {
            if (primers.putIfAbsent(name, primer) != null) {
                throw new IllegalArgumentException("a primer named " + name + " is already registered");
            }
            return this;
        }

        public Builder beforeCheckpoint(Runnable hook) {
            beforeCheckpoint.add(hook);
            return this;
        }

        public Builder afterRestore(Runnable hook) {
            afterRestore.add(hook);
            return this;
        }

        public SnapStartResources build() {
            return new SnapStartResources(this);
        }
    }
}
