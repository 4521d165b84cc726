package io.runnel.broker.metadata;

import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * One advertised listener of a broker, as registered in {@code /brokers/ids/<id>}: the endpoint string
 * {@code LISTENER://host:port} plus the listener's security protocol.
 */
public record BrokerEndpoint(String listener, SecurityProtocol securityProtocol, String host, int port) {

    /** Kafka's connection string, {@code PLAINTEXT://host:9092}; IPv6 hosts are bracketed. */
    public String connectionString() {
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        return listener + "://" + hostPart + ":" + port;
    }
}
