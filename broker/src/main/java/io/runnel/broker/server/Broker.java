package io.runnel.broker.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.logdir.LogDirException;
import io.runnel.broker.logdir.LogDirectories;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker's lifecycle. {@link #start()} locks the log dirs, resolves the broker's identity against their
 * {@code meta.properties} and the cluster, records it, then builds and starts the plugged-in {@link
 * BrokerComponents} in order; {@link #shutdown()} stops them in reverse and releases the log dirs.
 *
 * <p>A failed start-up undoes what it did (stops the components already started, releases the locks) and throws
 * a {@link BrokerStartupException} with a one-line reason. The broker is single-use: once shut down it cannot be
 * started again.
 */
public final class Broker {

    /** The lifecycle states, in the only order they are entered. */
    public enum State {
        NOT_STARTED,
        STARTING,
        RUNNING,
        SHUTTING_DOWN,
        SHUT_DOWN
    }

    private static final Logger log = LoggerFactory.getLogger(Broker.class);

    private final BrokerConfig config;
    private final BrokerComponents components;
    private final Time time;
    private final CountDownLatch shutDown = new CountDownLatch(1);

    // Guarded by this; start() and shutdown() are serialized, so a signal during start-up waits for it to finish.
    private volatile State state = State.NOT_STARTED;
    private LogDirectories logDirs;
    private final List<BrokerComponent> started = new ArrayList<>();
    private BrokerContext context;

    public Broker(BrokerConfig config, BrokerComponents components, Time time) {
        this.config = Objects.requireNonNull(config);
        this.components = Objects.requireNonNull(components);
        this.time = Objects.requireNonNull(time);
    }

    /**
     * Starts the broker and returns once every component is up.
     *
     * @throws BrokerStartupException with a one-line reason; everything started so far has been stopped
     * @throws IllegalStateException if the broker was started before
     */
    public synchronized void start() {
        if (state != State.NOT_STARTED) {
            throw new IllegalStateException("broker was already started; state " + state);
        }
        state = State.STARTING;
        try {
            logDirs = LogDirectories.lock(config.logDirs());
            BrokerIdentity identity =
                    BrokerIdentity.resolve(config, logDirs.readMetaProperties(), components.clusterIdentity());
            logDirs.writeMetaProperties(identity.toMetaProperties());
            context = new BrokerContext(config, identity.brokerId(), identity.clusterId(), logDirs.dirs(), time);
            for (BrokerComponent component : components.factory().create(context)) {
                log.info("Starting {}", component.name());
                component.startup();
                started.add(component);
            }
            state = State.RUNNING;
            log.info(
                    "Runnel broker {} started (cluster id {}, log dirs {}, components {})",
                    identity.brokerId(),
                    identity.clusterId().orElse("not known"),
                    logDirs.dirs(),
                    started.stream().map(BrokerComponent::name).toList());
        } catch (BrokerStartupException | LogDirException e) {
            stopEverything();
            throw e instanceof BrokerStartupException b ? b : new BrokerStartupException(e.getMessage(), e);
        } catch (Exception e) {
            stopEverything();
            throw new BrokerStartupException("start-up failed: " + e, e);
        }
    }

    /** Stops the broker; idempotent and safe from any thread (e.g. a shutdown hook). */
    public synchronized void shutdown() {
        if (state == State.SHUT_DOWN || state == State.SHUTTING_DOWN) {
            return;
        }
        if (state == State.NOT_STARTED) {
            state = State.SHUT_DOWN;
            shutDown.countDown();
            return;
        }
        log.info("Shutting down broker {}", context == null ? "" : context.brokerId());
        stopEverything();
        log.info("Broker shut down");
    }

    private void stopEverything() {
        state = State.SHUTTING_DOWN;
        for (int i = started.size() - 1; i >= 0; i--) {
            BrokerComponent component = started.get(i);
            try {
                log.info("Stopping {}", component.name());
                component.shutdown();
            } catch (Exception e) {
                // Keep going: the remaining components still hold threads, sockets and files to release.
                log.error("Failed to stop {}", component.name(), e);
            }
        }
        started.clear();
        components.clusterIdentity().ifPresent(identity -> {
            try {
                identity.close();
            } catch (Exception e) {
                log.error("Failed to close the cluster identity source", e);
            }
        });
        if (logDirs != null) {
            logDirs.close();
            logDirs = null;
        }
        state = State.SHUT_DOWN;
        shutDown.countDown();
    }

    /** Blocks until the broker has shut down. */
    public void awaitShutdown() throws InterruptedException {
        shutDown.await();
    }

    /** Blocks until the broker has shut down or the timeout passes; returns whether it has shut down. */
    public boolean awaitShutdown(long timeout, TimeUnit unit) throws InterruptedException {
        return shutDown.await(timeout, unit);
    }

    public State state() {
        return state;
    }

    /** The started component of the given type (e.g. the network server, for its bound port), if any. */
    public synchronized <T extends BrokerComponent> Optional<T> component(Class<T> type) {
        return started.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** The broker's resolved identity and config, once start-up has got that far. */
    public synchronized Optional<BrokerContext> context() {
        return Optional.ofNullable(context);
    }
}
