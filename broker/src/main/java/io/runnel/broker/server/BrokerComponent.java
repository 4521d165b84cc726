package io.runnel.broker.server;

/**
 * A part of the broker with a lifecycle (network server, ZooKeeper metadata, log store, request handlers, ...).
 * The {@link Broker} starts components in order and shuts them down in reverse, so a component may rely on the
 * ones before it being up for its whole life.
 */
public interface BrokerComponent {

    /** A short name for logs ("network server", "log store"). */
    String name();

    /** Starts the component; returns once it is ready to serve. A failure aborts the broker's start-up. */
    void startup() throws Exception;

    /**
     * Stops the component, releasing its threads, sockets and files. Called once, after a successful {@link
     * #startup()}, also when the broker's start-up fails later on.
     */
    void shutdown() throws Exception;
}
