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

    /** A step of start-up or shutdown that may throw. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    /** A component made of its two steps, for an object whose lifecycle is a start and a close method. */
    static BrokerComponent of(String name, Step startup, Step shutdown) {
        return new BrokerComponent() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void startup() throws Exception {
                startup.run();
            }

            @Override
            public void shutdown() throws Exception {
                shutdown.run();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
