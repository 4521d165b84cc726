package io.runnel.broker.network;

import java.net.InetAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.apache.kafka.common.network.ClientInformation;

/**
 * What request handling may know about the connection a request came on, without any socket or Netty type.
 * The client's software name and version are learned from its ApiVersions request (KIP-511) and apply to the
 * connection's later requests, as in Kafka.
 */
public final class ClientConnection {

    private final String connectionId;
    private final String listenerName;
    private final InetAddress clientAddress;
    private final int clientPort;
    private volatile ClientInformation clientInformation = ClientInformation.EMPTY;
    // guarded by this
    private CompletableFuture<?> lastOrderedStep = CompletableFuture.completedFuture(null);

    public ClientConnection(String connectionId, String listenerName, InetAddress clientAddress, int clientPort) {
        this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
        this.listenerName = Objects.requireNonNull(listenerName, "listenerName");
        this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
        this.clientPort = clientPort;
    }

    /** Kafka-style id, {@code localHost:localPort-remoteHost:remotePort-index}. */
    public String connectionId() {
        return connectionId;
    }

    public String listenerName() {
        return listenerName;
    }

    public InetAddress clientAddress() {
        return clientAddress;
    }

    public int clientPort() {
        return clientPort;
    }

    public ClientInformation clientInformation() {
        return clientInformation;
    }

    public void clientInformation(ClientInformation information) {
        this.clientInformation = Objects.requireNonNull(information, "information");
    }

    /**
     * Runs {@code step} on {@code executor} once the step submitted before it for this connection has finished
     * (normally or not), so that steps run one at a time in submission order, while other connections' steps run
     * in parallel. Request handling uses it to let a connection's requests take effect in the order they were
     * sent: Kafka handles one request per connection at a time, which is what keeps a non-idempotent producer's
     * pipelined batches (max.in.flight.requests.per.connection > 1) in order within a partition.
     */
    public synchronized <T> CompletableFuture<T> inRequestOrder(Executor executor, Supplier<T> step) {
        CompletableFuture<T> next = lastOrderedStep.handleAsync((previous, error) -> step.get(), executor);
        lastOrderedStep = next;
        return next;
    }

    @Override
    public String toString() {
        return connectionId + " (" + listenerName + ", " + clientInformation + ")";
    }
}
