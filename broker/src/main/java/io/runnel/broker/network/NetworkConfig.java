package io.runnel.broker.network;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The network layer's settings, named after the Kafka broker configs they implement.
 *
 * @param listeners where to accept connections ({@code listeners})
 * @param socketRequestMaxBytes largest request frame accepted, checked against the size prefix before any
 *     allocation ({@code socket.request.max.bytes}, default 104857600)
 * @param connectionsMaxIdleMs a connection with no traffic and no request in flight for this long is closed
 *     ({@code connections.max.idle.ms}, default 600000)
 * @param maxConnections connections beyond this many are closed on accept ({@code max.connections})
 * @param numNetworkThreads event-loop threads doing socket I/O ({@code num.network.threads}, default 3)
 * @param maxInFlightRequestsPerConnection reading from a connection pauses while this many of its requests
 *     await their responses, which bounds the memory one pipelining client can pin
 * @param shutdownTimeout how long {@link NetworkServer#close()} waits for in-flight requests to be answered
 */
public record NetworkConfig(
        List<Listener> listeners,
        int socketRequestMaxBytes,
        long connectionsMaxIdleMs,
        int maxConnections,
        int numNetworkThreads,
        int maxInFlightRequestsPerConnection,
        Duration shutdownTimeout) {

    public static final int DEFAULT_SOCKET_REQUEST_MAX_BYTES = 104_857_600;
    public static final long DEFAULT_CONNECTIONS_MAX_IDLE_MS = 600_000L;
    public static final int DEFAULT_NUM_NETWORK_THREADS = 3;
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION = 100;
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    public NetworkConfig {
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("at least one listener is required");
        }
        if (listeners.stream().map(Listener::name).distinct().count() != listeners.size()) {
            throw new IllegalArgumentException("listener names must be unique: " + listeners);
        }
        requirePositive("socket.request.max.bytes", socketRequestMaxBytes);
        requirePositive("connections.max.idle.ms", connectionsMaxIdleMs);
        requirePositive("max.connections", maxConnections);
        requirePositive("num.network.threads", numNetworkThreads);
        requirePositive("maxInFlightRequestsPerConnection", maxInFlightRequestsPerConnection);
    }

    /** Kafka's defaults for the given listeners. */
    public static NetworkConfig defaults(Listener... listeners) {
        return new NetworkConfig(
                Arrays.asList(listeners),
                DEFAULT_SOCKET_REQUEST_MAX_BYTES,
                DEFAULT_CONNECTIONS_MAX_IDLE_MS,
                Integer.MAX_VALUE,
                DEFAULT_NUM_NETWORK_THREADS,
                DEFAULT_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                DEFAULT_SHUTDOWN_TIMEOUT);
    }

    /**
     * Reads the Kafka config keys ({@code listeners}, {@code socket.request.max.bytes},
     * {@code connections.max.idle.ms}, {@code max.connections}, {@code num.network.threads}); absent keys take
     * Kafka's defaults, {@code listeners} defaults to {@code PLAINTEXT://:9092}.
     */
    public static NetworkConfig fromProperties(Map<?, ?> props) {
        String listenerSpecs = string(props, "listeners", "PLAINTEXT://:9092");
        List<Listener> listeners = Arrays.stream(listenerSpecs.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Listener::parse)
                .toList();
        return new NetworkConfig(
                listeners,
                Integer.parseInt(string(props, "socket.request.max.bytes", "" + DEFAULT_SOCKET_REQUEST_MAX_BYTES)),
                Long.parseLong(string(props, "connections.max.idle.ms", "" + DEFAULT_CONNECTIONS_MAX_IDLE_MS)),
                Integer.parseInt(string(props, "max.connections", "" + Integer.MAX_VALUE)),
                Integer.parseInt(string(props, "num.network.threads", "" + DEFAULT_NUM_NETWORK_THREADS)),
                DEFAULT_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                DEFAULT_SHUTDOWN_TIMEOUT);
    }

    public NetworkConfig withSocketRequestMaxBytes(int bytes) {
        return new NetworkConfig(
                listeners,
                bytes,
                connectionsMaxIdleMs,
                maxConnections,
                numNetworkThreads,
                maxInFlightRequestsPerConnection,
                shutdownTimeout);
    }

    public NetworkConfig withConnectionsMaxIdleMs(long idleMs) {
        return new NetworkConfig(
                listeners,
                socketRequestMaxBytes,
                idleMs,
                maxConnections,
                numNetworkThreads,
                maxInFlightRequestsPerConnection,
                shutdownTimeout);
    }

    public NetworkConfig withMaxConnections(int connections) {
        return new NetworkConfig(
                listeners,
                socketRequestMaxBytes,
                connectionsMaxIdleMs,
                connections,
                numNetworkThreads,
                maxInFlightRequestsPerConnection,
                shutdownTimeout);
    }

    public NetworkConfig withNumNetworkThreads(int threads) {
        return new NetworkConfig(
                listeners,
                socketRequestMaxBytes,
                connectionsMaxIdleMs,
                maxConnections,
                threads,
                maxInFlightRequestsPerConnection,
                shutdownTimeout);
    }

    public NetworkConfig withMaxInFlightRequestsPerConnection(int requests) {
        return new NetworkConfig(
                listeners,
                socketRequestMaxBytes,
                connectionsMaxIdleMs,
                maxConnections,
                numNetworkThreads,
                requests,
                shutdownTimeout);
    }

    public NetworkConfig withShutdownTimeout(Duration timeout) {
        return new NetworkConfig(
                listeners,
                socketRequestMaxBytes,
                connectionsMaxIdleMs,
                maxConnections,
                numNetworkThreads,
                maxInFlightRequestsPerConnection,
                timeout);
    }

    private static String string(Map<?, ?> props, String key, String defaultValue) {
        Object value = props.get(key);
        return value == null ? defaultValue : value.toString().trim();
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
