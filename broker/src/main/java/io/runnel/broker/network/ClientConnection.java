package io.runnel.broker.network;

import java.net.InetAddress;
import java.util.Objects;

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

    @Override
    public String toString() {
        return connectionId + " (" + listenerName + ", " + clientInformation + ")";
    }
}
